"""Back-office pages: the complaint list, one complaint with its handling steps, and the import.

The pages are open to users who handle complaints (the agencies), route them (the bureau) or
view supervision figures. Queries pass through ``restrict``, so an agency's list contains its
own complaints only, and a complaint outside the user's scope is not found.
"""

import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict, scope_for
from zhifa.backoffice.mixins import scoped_get
from zhifa.core.errors import ZhifaError
from zhifa.supervision.complaints import actions, rules
from zhifa.supervision.complaints.forms import (
    ComplaintFilterForm,
    HotlineImportForm,
    ReplyForm,
    RouteForm,
    TransferForm,
)
from zhifa.supervision.complaints.models import OPEN_STATUSES, Complaint, ComplaintStatus

logger = logging.getLogger(__name__)

COMPLAINTS_PER_PAGE = 30
VIEW_CAPABILITIES = (
    Capability.HANDLE_COMPLAINTS,
    Capability.ROUTE_COMPLAINTS,
    Capability.VIEW_SUPERVISION,
)


def signed_in_user(request: HttpRequest) -> User:
    """Return the user of a request that ``LoginRequiredMixin`` has already let through."""
    return request.user  # type: ignore[return-value]


class ComplaintAccessMixin(LoginRequiredMixin):
    """Refuse (403) users who neither handle, route nor supervise complaints."""

    capabilities: tuple[str, ...] = VIEW_CAPABILITIES

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not any(signed_in_user(request).can(c) for c in self.capabilities):
            raise PermissionDenied("您的角色没有办理或查看投诉举报的权限。")
        return super().dispatch(request, *args, **kwargs)


def filter_complaints(
    queryset: QuerySet[Complaint], form: ComplaintFilterForm
) -> QuerySet[Complaint]:
    if not form.is_valid():
        return queryset
    data = form.cleaned_data
    if data["status"]:
        queryset = queryset.filter(status=data["status"])
    if data["kind"]:
        queryset = queryset.filter(kind=data["kind"])
    if data["channel"]:
        queryset = queryset.filter(channel=data["channel"])
    if data["agency"]:
        queryset = queryset.filter(agency_id=data["agency"])
    if data["overdue"]:
        queryset = queryset.filter(status__in=OPEN_STATUSES, reply_due_on__lt=timezone.localdate())
    return queryset


class ComplaintListView(ComplaintAccessMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = ComplaintFilterForm(request.GET or None)
        queryset = restrict(Complaint.objects.select_related("agency"), request.user)
        queryset = filter_complaints(queryset, form) if request.GET else queryset
        page = Paginator(queryset.order_by("-received_at", "-pk"), COMPLAINTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        params = request.GET.copy()
        params.pop("page", None)
        context = {
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "district_wide": scope_for(request.user).all_agencies,
            "querystring": params.urlencode(),
            "can_import": signed_in_user(request).can(Capability.IMPORT_EXCHANGED_CASES)
            or signed_in_user(request).can(Capability.ROUTE_COMPLAINTS),
        }
        return render(request, "complaints/complaint_list.html", context)


def _detail_context(
    request: HttpRequest, complaint: Complaint, step_error: str = "", **forms_: forms.Form
) -> dict[str, Any]:
    user = signed_in_user(request)
    handling = complaint.status == ComplaintStatus.HANDLING
    can_handle = user.can(Capability.HANDLE_COMPLAINTS) and handling
    can_route = (
        user.can(Capability.ROUTE_COMPLAINTS) and complaint.status == ComplaintStatus.UNROUTED
    )
    return {
        "complaint": complaint,
        "code": rules.format_lookup_code(complaint.lookup_code),
        "events": complaint.events.select_related("agency"),
        "overdue": complaint.is_overdue(timezone.localdate()),
        "step_error": step_error,
        "can_handle": can_handle,
        "can_route": can_route,
        "route_form": forms_.get("route_form") or RouteForm(),
        "reply_form": forms_.get("reply_form") or ReplyForm(),
        "reject_form": forms_.get("reject_form") or ReplyForm(prefix="reject"),
        "transfer_form": forms_.get("transfer_form") or TransferForm(),
    }


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    return scoped_get(Complaint.objects.select_related("agency", "replied_by"), request.user, pk=pk)


class ComplaintDetailView(ComplaintAccessMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = _complaint(request, pk)
        return render(
            request, "complaints/complaint_detail.html", _detail_context(request, complaint)
        )


class ComplaintStepView(ComplaintAccessMixin, View):
    """Run one handling step posted from the detail page, which an error renders again.

    An error about a field of the step's form is shown beside the field. Any other error, such
    as a step that the complaint's status does not allow, is shown at the top of the page.
    """

    http_method_names = ["post"]
    form_class: type[forms.Form] = forms.Form
    form_name = ""
    prefix: str | None = None
    done = ""

    def run(self, request: HttpRequest, pk: int, data: dict[str, Any]) -> Complaint:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = _complaint(request, pk)
        form = self.form_class(request.POST, prefix=self.prefix)
        if not form.is_valid():
            return self.failed(request, complaint, form, "", status=400)
        try:
            done = self.run(request, pk, form.cleaned_data)
        except ZhifaError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
                return self.failed(request, complaint, form, "", status=error.status)
            return self.failed(request, complaint, form, error.message, status=error.status)

        if not restrict(Complaint.objects.filter(pk=pk), request.user).exists():
            # A transfer can move the complaint out of the user's scope.
            messages.success(request, self.message_leaving_scope(done))
            return redirect("complaints:complaint_list")
        messages.success(request, self.done)
        return redirect("complaints:complaint_detail", pk=pk)

    def message_leaving_scope(self, complaint: Complaint) -> str:
        return self.done

    def failed(
        self,
        request: HttpRequest,
        complaint: Complaint,
        form: forms.Form,
        step_error: str,
        status: int,
    ) -> HttpResponse:
        forms_ = {self.form_name: form} if self.form_name else {}
        context = _detail_context(request, complaint, step_error, **forms_)
        return render(request, "complaints/complaint_detail.html", context, status=status)


class RouteView(ComplaintStepView):
    form_class = RouteForm
    form_name = "route_form"
    done = "已分办。"

    def run(self, request: HttpRequest, pk: int, data: dict[str, Any]) -> Complaint:
        return actions.route_complaint(signed_in_user(request), pk, data["agency"], data["note"])


class AcceptView(ComplaintStepView):
    done = "已受理。"

    def run(self, request: HttpRequest, pk: int, data: dict[str, Any]) -> Complaint:
        return actions.accept_complaint(signed_in_user(request), pk)


class ReplyView(ComplaintStepView):
    form_class = ReplyForm
    form_name = "reply_form"
    done = "已答复，投诉举报人可凭查询码查看答复。"

    def run(self, request: HttpRequest, pk: int, data: dict[str, Any]) -> Complaint:
        return actions.reply_to_complaint(signed_in_user(request), pk, data["reply"])


class RejectView(ComplaintStepView):
    form_class = ReplyForm
    form_name = "reject_form"
    prefix = "reject"
    done = "已作出不予受理答复。"

    def run(self, request: HttpRequest, pk: int, data: dict[str, Any]) -> Complaint:
        return actions.reject_complaint(signed_in_user(request), pk, data["reply"])


class TransferView(ComplaintStepView):
    form_class = TransferForm
    form_name = "transfer_form"
    done = "已移送。"

    def message_leaving_scope(self, complaint: Complaint) -> str:
        agency = complaint.agency.name if complaint.agency else ""
        return f"已移送至{agency}，该投诉举报不再由本单位办理。"

    def run(self, request: HttpRequest, pk: int, data: dict[str, Any]) -> Complaint:
        return actions.transfer_complaint(
            signed_in_user(request),
            pk,
            data["reason"],
            agency_id=data["agency"],
            outside_body=data["outside_body"],
        )


class HotlineImportView(ComplaintAccessMixin, View):
    capabilities = (Capability.IMPORT_EXCHANGED_CASES, Capability.ROUTE_COMPLAINTS)
    template_name = "complaints/hotline_import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": HotlineImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = HotlineImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        upload = form.cleaned_data["file"]
        try:
            report = actions.import_hotline_file(
                signed_in_user(request), upload.name, upload.read()
            )
        except ZhifaError as error:
            form.add_error(None, error.message)
            return render(request, self.template_name, {"form": form}, status=400)
        context = {"form": HotlineImportForm(), "report": report}
        return render(request, self.template_name, context, status=200 if report.ok else 400)
