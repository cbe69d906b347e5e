"""Pages of use requests: my requests (and asking for one), the approval queue, one request."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.use import requests as use_requests
from zhifa.archives.use.forms import DecisionForm, UseRequestForm
from zhifa.archives.use.models import UseRequest, UseStatus
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.chinese_dates import chinese_date
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ZhifaError

REQUESTS_SHOWN = 200


def find_case_file(user: User, reference: str) -> CaseFile:
    """Return the case file in the user's scope whose 档号 or case number is ``reference``."""
    text = reference.strip()
    found = (
        restrict(CaseFile.objects.select_related("case"), user)
        .filter(Q(archive_code=text) | Q(case__number=text))
        .first()
    )
    if found is None:
        raise NotFound(f"找不到档号或案号为“{text}”的案卷，请核对后重新填写。", field="reference")
    return found


class MyRequestsView(CapabilityRequiredMixin, View):
    required_capability = Capability.REQUEST_ARCHIVE_USE

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.show(request, UseRequestForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        form = UseRequestForm(request.POST)
        if not form.is_valid():
            return self.show(request, form, status=400)
        data = form.cleaned_data
        try:
            case_file = find_case_file(user, data["reference"])
            use = use_requests.request_use(
                user, case_file, data["kind"], data["purpose"], data["days"]
            )
        except ZhifaError as error:
            name = error.field if error.field in form.fields else None
            form.add_error(name, error.message)
            return self.show(request, form, status=error.status)
        messages.success(request, "申请已提交，等待本单位审批。")
        return redirect("archive_use:request_detail", pk=use.pk)

    def show(self, request: HttpRequest, form: UseRequestForm, status: int = 200) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        rows = UseRequest.objects.filter(requester=user).select_related("case_file")
        now = timezone.now()
        context = {
            "rows": [(use, use.status_label(now)) for use in rows[:REQUESTS_SHOWN]],
            "form": form,
        }
        return render(request, "archive_use/my_requests.html", context, status=status)


class QueueView(CapabilityRequiredMixin, View):
    required_capability = Capability.APPROVE_ARCHIVE_USE

    def get(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        pending = UseRequest.objects.none()
        if user.agency_id is not None:
            pending = UseRequest.objects.filter(
                case_file__agency_id=user.agency_id, status=UseStatus.PENDING
            ).select_related("case_file", "requester")
        return render(request, "archive_use/queue.html", {"pending": pending[:REQUESTS_SHOWN]})


class RequestDetailView(CapabilityRequiredMixin, View):
    """One request: seen by its requester and by the approvers of the case file's agency."""

    def use_request(self, request: HttpRequest, pk: int) -> UseRequest:
        user: User = request.user  # type: ignore[assignment]
        use = (
            UseRequest.objects.select_related("case_file", "requester", "decided_by")
            .filter(pk=pk)
            .first()
        )
        approver = (
            use is not None
            and user.can(Capability.APPROVE_ARCHIVE_USE)
            and user.agency_id == use.case_file.agency_id
        )
        if use is None or not (use.requester_id == user.pk or approver):
            raise Http404("档案利用申请不存在。")
        return use

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.show(request, self.use_request(request, pk), DecisionForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        use = self.use_request(request, pk)
        op = request.POST.get("op", "")
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self.show(request, use, form, status=400)
        note = form.cleaned_data.get("decision_note", "")
        try:
            done = self.run(user, use, op, note)
        except (InvalidTransition, NotPermitted) as error:
            # The request changed state meanwhile (approved twice, say): the form cannot help.
            messages.error(request, error.message)
            return redirect("archive_use:request_detail", pk=pk)
        except ZhifaError as error:
            name = error.field if error.field in form.fields else None
            form.add_error(name, error.message)
            return self.show(request, use, form, status=error.status)
        messages.success(request, done)
        return redirect("archive_use:request_detail", pk=pk)

    def run(self, user: User, use: UseRequest, op: str, note: str) -> str:
        """Run the decision ``op`` and return the success message describing it."""
        if op == "approve":
            approved = use_requests.approve(user, use, note)
            if approved.valid_until is None:  # approve() always sets it; this satisfies mypy.
                return "已批准利用申请。"
            until = timezone.localtime(approved.valid_until)
            return f"已批准利用申请，有效期至{chinese_date(until.date())} {until:%H:%M}。"
        if op == "refuse":
            use_requests.refuse(user, use, note)
            return "已不予批准该申请，理由已记录。"
        if op == "return":
            use_requests.mark_returned(user, use)
            return "已登记归还，该借阅到此结束。"
        raise NotFound("无法识别的操作，请刷新页面后重试。")

    def show(
        self, request: HttpRequest, use: UseRequest, form: DecisionForm, status: int = 200
    ) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        now = timezone.now()
        is_requester = use.requester_id == user.pk
        destroyed = use.case_file.status == CaseFileStatus.DESTROYED
        current = is_requester and use.is_current(now) and not destroyed
        context = {
            "use": use,
            "is_requester": is_requester,
            "destroyed_notice": use_requests.destroyed_message(use.case_file) if destroyed else "",
            "status_label": use.status_label(now),
            "items": list(use.case_file.items.order_by("sequence")) if current else [],
            "can_download": current and use.kind == "borrow",
            "can_decide": not is_requester and not destroyed and use.status == UseStatus.PENDING,
            "can_return": is_requester
            and use.kind == "borrow"
            and use.status == UseStatus.APPROVED,
            "form": form,
        }
        return render(request, "archive_use/request_detail.html", context, status=status)
