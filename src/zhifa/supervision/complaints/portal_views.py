"""Public pages: the complaint form, the lookup by code, and satisfaction ratings.

These pages show no personal data. The lookup page shows the status, dates and reply of the
complaint whose code was entered, never the complainant's name or contact details.
"""

import datetime
import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from zhifa.core.errors import NotFound, ZhifaError
from zhifa.supervision.complaints import guard, rules
from zhifa.supervision.complaints.actions import ComplaintInput, rate_agency, submit_complaint
from zhifa.supervision.complaints.actions.intake import InputInvalid
from zhifa.supervision.complaints.actions.ratings import (
    MAX_COMMENT_CHARS,
    PAGE_NOT_SHOWN,
    rated_agency_id,
)
from zhifa.supervision.complaints.forms import ComplaintForm, LookupForm, RatingForm
from zhifa.supervision.complaints.models import (
    Complaint,
    ComplaintEvent,
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
    if guard.limit_reached(request, "post"):
        return _form_page(request, form, status=429, limit=guard.hourly_limit("post"))
    if guard.limit_reached(request, "failed_post"):
        limit = guard.hourly_limit("failed_post")
        return _form_page(request, form, status=429, failed_limit=limit)
    if request.POST.get(guard.HONEYPOT_FIELD, "").strip():
        logger.info("complaint form rejected: honeypot filled")
        form.is_valid()
        form.add_error(None, GENERIC_ERROR)
        return _rejected(request, form)
    if not form.is_valid():
        return _rejected(request, form)

    try:
        guard.check_challenge(form.cleaned_data["token"], form.cleaned_data["answer"])
        complaint = submit_complaint(_input(form))
    except ZhifaError as error:
        problems: list[ZhifaError] = (
            list(error.problems) if isinstance(error, InputInvalid) else [error]
        )
        for problem in problems:
            field = problem.field if problem.field in form.fields else None
            form.add_error(field, problem.message)
        return _rejected(request, form)

    guard.count_hit(request, "post")
    context = {"complaint": complaint, "code": rules.format_lookup_code(complaint.lookup_code)}
    return render(request, "complaints/portal_submitted.html", context)


def _rejected(request: HttpRequest, form: ComplaintForm) -> HttpResponse:
    """Count a failed submission against its own limit and show the form with its errors."""
    guard.count_hit(request, "failed_post")
    return _form_page(request, form, status=400)


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
            "steps": _public_steps(complaint),
            "closed": complaint.status
            in (ComplaintStatus.REPLIED, ComplaintStatus.NOT_ACCEPTED, ComplaintStatus.TRANSFERRED),
        }
    )
    return render(request, "complaints/portal_lookup.html", context)


def _public_steps(complaint: Complaint) -> list[tuple[datetime.datetime, str]]:
    """Return the dated public steps, with 收到 dated by the receipt instead of the record.

    A 12345 ticket is recorded when its file is imported, which can be days after the hotline
    received it. History rows written before ``occurred_at`` existed carry only the record time.
    """
    steps = []
    events = complaint.events.filter(kind__in=PUBLIC_STEPS)
    for event in events.only("kind", "occurred_at", "created_at"):
        at = _step_time(complaint, event)
        steps.append((at, ComplaintEventKind(event.kind).label))
    return steps


def _step_time(complaint: Complaint, event: ComplaintEvent) -> datetime.datetime:
    if event.kind == ComplaintEventKind.RECEIVED:
        return complaint.received_at
    return event.happened_at


def _page_url(page: str, page_id: int) -> str:
    if page == RatedPage.DECISION:
        return reverse("portal:decision_detail", args=[page_id])
    return reverse("portal:agency_detail", args=[page_id])


def _shown_page_url(data: dict[str, object]) -> str:
    """Return the rated page's address if the portal shows that page, else an empty string."""
    page, page_id = data.get("page"), data.get("page_id")
    if page not in RatedPage.values or not isinstance(page_id, int):
        return ""
    try:
        rated_agency_id(str(page), page_id)
    except NotFound:
        return ""
    return _page_url(str(page), page_id)


def _rating_form_error(form: RatingForm) -> str:
    if "stars" in form.errors:
        return "请选择1至5颗星后再提交评价。"
    if "comment" in form.errors:
        return f"意见不超过{MAX_COMMENT_CHARS}个字，请精简后重新提交。"
    return GENERIC_ERROR


def _rating_result(request: HttpRequest, message: str, back: str, status: int) -> HttpResponse:
    context = {"message": message, "back": back}
    return render(request, "complaints/portal_rating_result.html", context, status=status)


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    """Store a rating and return to the rated page; problems get a short page of their own.

    The page of a problem links back to the rated page only when the portal shows that page.
    """
    form = RatingForm(request.POST)
    valid = form.is_valid()
    back = _shown_page_url(form.cleaned_data)
    if not valid or form.cleaned_data["page"] not in RatedPage.values:
        return _rating_result(request, _rating_form_error(form), back, status=400)
    if not back:
        return _rating_result(request, PAGE_NOT_SHOWN, "", status=404)

    page = form.cleaned_data["page"]
    page_id = form.cleaned_data["page_id"]
    if request.POST.get(guard.HONEYPOT_FIELD, "").strip():
        logger.info("rating rejected: honeypot filled")
        return _rating_result(request, GENERIC_ERROR, back, status=400)
    if guard.over_limit(request, "rating"):
        limit = guard.hourly_limit("rating")
        message = f"评价次数过多：同一网络地址每小时最多评价{limit}次，请一小时后再试。"
        return _rating_result(request, message, back, status=429)
    if not guard.first_rating_of_page(request, page, page_id):
        message = "您已评价过本页面。同一网络地址每天对同一页面只能评价一次，感谢您的参与。"
        return _rating_result(request, message, back, status=429)

    try:
        rate_agency(page, page_id, form.cleaned_data["stars"], form.cleaned_data["comment"])
    except ZhifaError as error:
        return _rating_result(request, error.message, back, status=error.status)
    return redirect(f"{back}?rated=1#satisfaction")
