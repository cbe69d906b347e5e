"""Public pages: the complaint form, the lookup by code, and satisfaction ratings.

These pages show no personal data. The lookup page shows the status, dates and reply of the
complaint whose code was entered, never the complainant's name or contact details.
"""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from zhifa.core.errors import ZhifaError
from zhifa.supervision.complaints import guard, rules
from zhifa.supervision.complaints.actions import ComplaintInput, rate_agency, submit_complaint
from zhifa.supervision.complaints.forms import ComplaintForm, LookupForm, RatingForm
from zhifa.supervision.complaints.models import (
    Complaint,
    ComplaintEventKind,
    ComplaintStatus,
    RatedPage,
)

logger = logging.getLogger(__name__)

# History steps shown on the lookup page, with their dates only, because notes are internal.
PUBLIC_STEPS = (
    ComplaintEventKind.RECEIVED,
    ComplaintEventKind.ROUTED,
    ComplaintEventKind.TRANSFERRED,
    ComplaintEventKind.ACCEPTED,
    ComplaintEventKind.REPLIED,
    ComplaintEventKind.NOT_ACCEPTED,
)
GENERIC_ERROR = "提交未成功，请刷新页面后重新填写。"


def _form_page(
    request: HttpRequest, form: ComplaintForm, status: int = 200, **extra: object
) -> HttpResponse:
    challenge = guard.new_challenge()
    if form.is_bound:
        data = request.POST.copy()
        # A fresh question each time: a used or wrong token is never offered again.
        data["token"] = challenge.token
        data["answer"] = ""
        form.data = data
    else:
        form.initial["token"] = challenge.token
    context = {
        "form": form,
        "question": challenge.question,
        "honeypot": guard.HONEYPOT_FIELD,
        **extra,
    }
    return render(request, "complaints/portal_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, ComplaintForm())

    form = ComplaintForm(request.POST)
    if guard.over_limit(request, "post"):
        limit = guard.hourly_limit("post")
        return _form_page(request, form, status=429, limit=limit)
    if request.POST.get(guard.HONEYPOT_FIELD, "").strip():
        logger.info("complaint form rejected: honeypot filled")
        form.is_valid()
        form.add_error(None, GENERIC_ERROR)
        return _form_page(request, form, status=400)
    if not form.is_valid():
        return _form_page(request, form, status=400)

    try:
        guard.check_challenge(form.cleaned_data["token"], form.cleaned_data["answer"])
        complaint = submit_complaint(_input(form))
    except ZhifaError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return _form_page(request, form, status=400)

    context = {"complaint": complaint, "code": rules.format_lookup_code(complaint.lookup_code)}
    return render(request, "complaints/portal_submitted.html", context)


def _input(form: ComplaintForm) -> ComplaintInput:
    data = form.cleaned_data
    return ComplaintInput(
        kind=data["kind"],
        content=data["content"],
        is_anonymous=data["is_anonymous"],
        name=data["name"],
        phone=data["phone"],
        email=data["email"],
        agency_id=data["agency"],
        subject_agency_name=data["subject_agency_name"],
        decision_number=data["decision_number"],
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_lookup(request: HttpRequest) -> HttpResponse:
    """Show one complaint's progress for its code; the code is posted, so it stays out of logs."""
    if request.method != "POST":
        return render(request, "complaints/portal_lookup.html", {"form": LookupForm()})

    form = LookupForm(request.POST)
    context: dict[str, object] = {"form": form}
    if guard.over_limit(request, "lookup"):
        context["limit"] = guard.hourly_limit("lookup")
        return render(request, "complaints/portal_lookup.html", context, status=429)
    if not form.is_valid():
        return render(request, "complaints/portal_lookup.html", context, status=400)

    code = rules.normalise_lookup_code(form.cleaned_data["code"])
    complaint = None
    if rules.is_wellformed_lookup_code(code):
        complaint = Complaint.objects.select_related("agency").filter(lookup_code=code).first()
    if complaint is None:
        logger.info("complaint lookup: code not found")
        context["not_found"] = True
        return render(request, "complaints/portal_lookup.html", context, status=404)

    context.update(
        {
            "complaint": complaint,
            "code": rules.format_lookup_code(complaint.lookup_code),
            "steps": [
                (at, ComplaintEventKind(kind).label)
                for kind, at in complaint.events.filter(kind__in=PUBLIC_STEPS).values_list(
                    "kind", "created_at"
                )
            ],
            "closed": complaint.status
            in (ComplaintStatus.REPLIED, ComplaintStatus.NOT_ACCEPTED, ComplaintStatus.TRANSFERRED),
        }
    )
    return render(request, "complaints/portal_lookup.html", context)


def _page_url(page: str, page_id: int) -> str:
    if page == RatedPage.DECISION:
        return reverse("portal:decision_detail", args=[page_id])
    return reverse("portal:agency_detail", args=[page_id])


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    """Store a rating and return to the rated page; problems get a short page of their own."""
    form = RatingForm(request.POST)
    if not form.is_valid() or form.cleaned_data["page"] not in RatedPage.values:
        message = "请选择1至5颗星后再提交评价。" if "stars" in form.errors else GENERIC_ERROR
        return render(
            request, "complaints/portal_rating_result.html", {"message": message}, status=400
        )

    page = form.cleaned_data["page"]
    page_id = form.cleaned_data["page_id"]
    back = _page_url(page, page_id)
    context: dict[str, object] = {"back": back}
    if request.POST.get(guard.HONEYPOT_FIELD, "").strip():
        logger.info("rating rejected: honeypot filled")
        context["message"] = GENERIC_ERROR
        return render(request, "complaints/portal_rating_result.html", context, status=400)
    if guard.over_limit(request, "rating") or not guard.first_rating_of_page(
        request, page, page_id
    ):
        context["message"] = (
            "您已评价过本页面。同一网络地址每天对同一页面只能评价一次，感谢您的参与。"
        )
        return render(request, "complaints/portal_rating_result.html", context, status=429)

    try:
        rate_agency(page, page_id, form.cleaned_data["stars"], form.cleaned_data["comment"])
    except ZhifaError as error:
        context["message"] = error.message
        return render(request, "complaints/portal_rating_result.html", context, status=error.status)
    return redirect(f"{back}?rated=1#satisfaction")
