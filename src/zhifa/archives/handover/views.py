"""Pages of handovers (移交): the list, a new package, one handover, its download and receipt."""

import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.handover import actions, package, writer
from zhifa.archives.handover.forms import HandoverForm, ReceiptForm
from zhifa.archives.handover.models import Handover
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.core.errors import ZhifaError

HANDOVERS_PER_PAGE = 30
# The new-handover page offers at most this many archived case files, newest first.
MAX_CHOICES = 500


class HandoverListView(CapabilityRequiredMixin, ListView):
    required_capability = Capability.VIEW_ARCHIVES
    template_name = "handover/handover_list.html"
    paginate_by = HANDOVERS_PER_PAGE
    context_object_name = "handovers"

    def get_queryset(self) -> QuerySet[Handover]:
        queryset = Handover.objects.select_related("agency", "created_by")
        return restrict(queryset, self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_hand_over"] = self.request.user.can(Capability.HAND_OVER_ARCHIVES)  # type: ignore[union-attr]
        return context


def _choices(user: User) -> list[tuple[int, str]]:
    archived = restrict(CaseFile.objects.filter(status=CaseFileStatus.ARCHIVED), user)
    rows = archived.select_related("agency").order_by("-closed_on", "-pk")[:MAX_CHOICES]
    return [(row.pk, f"{row.archive_code} {row.title}（{row.agency.short_name}）") for row in rows]


class HandoverCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.HAND_OVER_ARCHIVES

    def _render(self, request: HttpRequest, form: HandoverForm, status: int = 200) -> HttpResponse:
        return render(request, "handover/handover_form.html", {"form": form}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, HandoverForm(case_file_choices=_choices(request.user)))  # type: ignore[arg-type]

    def post(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        form = HandoverForm(request.POST, case_file_choices=_choices(user))
        if form.is_valid():
            try:
                handover = package.write_package(
                    form.cleaned_data["case_files"],
                    settings.ZHIFA_ARCHIVE_EXPORT_DIR,
                    profile=form.cleaned_data["profile"],
                    user=user,
                    as_zip=True,
                )
            except ZhifaError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"移交数据包 {handover.package_name} 已生成。")
                return redirect("handover:handover_detail", pk=handover.pk)
        return self._render(request, form, status=400)


class HandoverDetailView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_ARCHIVES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        handover = scoped_get(Handover.objects.select_related("agency", "created_by"), user, pk=pk)
        can_hand_over = user.can(Capability.HAND_OVER_ARCHIVES)
        can_receive = can_hand_over or user.can(Capability.RECEIVE_HANDOVERS)
        form = ReceiptForm(initial={"receipt_note": handover.receipt_note})
        return render(
            request,
            "handover/handover_detail.html",
            {
                "handover": handover,
                "case_files": handover.case_files.order_by("archive_code"),
                "can_hand_over": can_hand_over,
                "can_receive": can_receive,
                "form": form,
                "package_exists": Path(handover.package_path).exists(),
            },
        )


class ReceiptView(CapabilityRequiredMixin, View):
    """The archivist or the receiving archives bureau records the receipt."""

    required_capability = Capability.VIEW_ARCHIVES

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        handover = scoped_get(Handover.objects.all(), user, pk=pk)
        form = ReceiptForm(request.POST)
        try:
            if not form.is_valid():
                errors = form.errors.get("receipt_note") or ["接收情况无效。"]
                messages.error(request, "；".join(str(error) for error in errors))
            else:
                actions.record_receipt(user, handover.pk, form.cleaned_data["receipt_note"])
                messages.success(request, "已登记接收情况。")
        except ZhifaError as error:
            messages.error(request, error.message)
        return redirect("handover:handover_detail", pk=handover.pk)


class DownloadView(CapabilityRequiredMixin, View):
    """Send the package as a zip; a package written as a folder is zipped on the fly.

    The agency's archivist and the receiving archives bureau may download it.
    """

    required_capability = Capability.VIEW_ARCHIVES

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        user: User = request.user  # type: ignore[assignment]
        if not (user.can(Capability.HAND_OVER_ARCHIVES) or user.can(Capability.RECEIVE_HANDOVERS)):
            raise PermissionDenied("您的角色没有“移交档案”或“接收移交档案”权限。")
        handover = scoped_get(Handover.objects.all(), user, pk=pk)
        path = Path(handover.package_path)
        if path.is_dir():
            # The temporary file is removed when the response closes it.
            handle: Any = tempfile.TemporaryFile(prefix="zhifa-handover-")  # noqa: SIM115
            writer.zip_folder(path, handle)
            handle.seek(0)
        elif path.is_file():
            handle = path.open("rb")
        else:
            raise Http404("数据包文件已不在导出目录中，请重新生成。")
        actions.record_download(user, handover)
        name = f"{handover.package_name}.zip"
        response = FileResponse(
            handle, as_attachment=True, filename=name, content_type="application/zip"
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
