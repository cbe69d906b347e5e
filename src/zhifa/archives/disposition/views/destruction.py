"""The destruction page: the list of what will be destroyed, the witnesses and a confirmation."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from zhifa.accounts.roles import Capability
from zhifa.archives.disposition.actions import destruction
from zhifa.archives.disposition.forms import DestroyForm
from zhifa.archives.disposition.models import Appraisal, Verdict
from zhifa.archives.disposition.views._common import show_error
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.core.errors import ZhifaError


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
        messages.success(request, f"已销毁{len(result.destroyed)}项，销毁记录已写入存证账本。")
        for entry, reason in result.rejected:
            subject = entry.case_file or entry.av_record
            messages.warning(request, f"{subject}未销毁：{reason}")
        return redirect("disposition:appraisal_detail", pk=pk)

    def show(
        self, request: HttpRequest, pk: int, form: DestroyForm, status: int = 200
    ) -> HttpResponse:
        appraisal = scoped_get(Appraisal.objects.select_related("decided_by"), request.user, pk=pk)
        pending = appraisal.entries.filter(
            verdict=Verdict.DESTROY, destroyed_at__isnull=True
        ).select_related("case_file__case", "av_record")
        context = {"appraisal": appraisal, "pending": pending, "form": form}
        return render(request, "disposition/destroy_confirm.html", context, status=status)
