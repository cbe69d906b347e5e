"""The destruction page: the list of what will be destroyed, the witnesses and a confirmation."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from zhifa.accounts.roles import Capability
from zhifa.archives.disposition.actions import destruction
from zhifa.archives.disposition.forms import DestroyForm
from zhifa.archives.disposition.models import Appraisal, Verdict
from zhifa.archives.disposition.views._common import attach_holds, show_error
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.core.errors import ZhifaError


def report_result(request: HttpRequest, result: destruction.DestructionResult) -> None:
    """Add one message per outcome: destroyed, each rejected entry, or nothing to do."""
    destroyed, rejected = len(result.destroyed), len(result.rejected)
    if destroyed:
        messages.success(request, f"已销毁{destroyed}项，销毁记录已写入存证账本。")
    if rejected:
        messages.warning(request, f"{rejected}项未销毁，原因如下；这些档案保持原状。")
    for entry, reason in result.rejected:
        subject = entry.case_file or entry.av_record
        messages.warning(request, f"{subject}未销毁：{reason}")
    if not destroyed and not rejected:
        messages.info(request, "没有待销毁的条目，本次未销毁任何档案。")


class DestroyView(CapabilityRequiredMixin, View):
    required_capability = Capability.APPRAISE_ARCHIVES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.show(request, pk, DestroyForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = DestroyForm(request.POST)
        scoped_get(Appraisal.objects.all(), request.user, pk=pk)
        if not form.is_valid():
            return self.show(request, pk, form, status=400)
        try:
            result = destruction.destroy_approved(
                request.user,  # type: ignore[arg-type]
                pk,
                form.cleaned_data["witnesses"],
            )
        except ZhifaError as error:
            show_error(form, error)
            return self.show(request, pk, form, status=error.status)
        report_result(request, result)
        return redirect("disposition:appraisal_detail", pk=pk)

    def show(
        self, request: HttpRequest, pk: int, form: DestroyForm, status: int = 200
    ) -> HttpResponse:
        appraisal = scoped_get(Appraisal.objects.select_related("decided_by"), request.user, pk=pk)
        pending = list(
            appraisal.entries.filter(verdict=Verdict.DESTROY, destroyed_at__isnull=True)
            .select_related("case_file__case", "av_record")
            .order_by("pk")
        )
        frozen_count = attach_holds(pending)
        context = {
            "appraisal": appraisal,
            "pending": pending,
            "form": form,
            "frozen_count": frozen_count,
        }
        return render(request, "disposition/destroy_confirm.html", context, status=status)
