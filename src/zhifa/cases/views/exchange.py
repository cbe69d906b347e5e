"""Data exchange pages: the import batches from other case systems, and the upload form.

Batches and sources belong to no agency, so these pages are district-wide and open only to
users with ``import_exchanged_cases``. They look objects up without ``restrict``.
"""

import logging
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.roles import Capability
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.cases.exchange import hooks, import_file
from zhifa.cases.forms import show_error
from zhifa.cases.models import ExchangeBatch, ExchangeBatchStatus, ExchangeSource
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)

BATCHES_PER_PAGE = 30
# NOTE: a chosen limit, not a figure of the exchange format or a measured file size.
MAX_EXCHANGE_FILE_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = (".xlsx", ".csv", ".json")


class ExchangeUploadForm(forms.Form):
    source = forms.ModelChoiceField(
        label="来源系统",
        queryset=ExchangeSource.objects.filter(is_active=True).order_by("code"),
        empty_label="请选择",
    )
    file = forms.FileField(label="案件文件", help_text="支持 .xlsx、.csv（UTF-8）和 .json 文件")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form is built: the apps reserve their sources once they are loaded.
        reserved = list(hooks.RESERVED_SOURCES)
        source_field = cast(forms.ModelChoiceField, self.fields["source"])
        source_field.queryset = (
            ExchangeSource.objects.filter(is_active=True)
            .exclude(code__in=reserved)
            .order_by("code")
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_EXCHANGE_FILE_BYTES:
            limit = MAX_EXCHANGE_FILE_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"文件超过{limit}MB，请拆分为多个文件后分别导入。")
        if not upload.name.lower().endswith(ALLOWED_EXTENSIONS):
            raise forms.ValidationError(
                f"不支持文件“{upload.name}”的格式，请上传 .xlsx、.csv 或 .json 文件。"
            )
        return upload


class ExchangeBatchListView(CapabilityRequiredMixin, ListView):
    model = ExchangeBatch
    required_capability = Capability.IMPORT_EXCHANGED_CASES
    template_name = "cases/exchange_batch_list.html"
    paginate_by = BATCHES_PER_PAGE

    def get_queryset(self) -> Any:
        return ExchangeBatch.objects.select_related("source", "imported_by").order_by(
            "-imported_at", "-pk"
        )


class ExchangeBatchDetailView(CapabilityRequiredMixin, View):
    model = ExchangeBatch
    required_capability = Capability.IMPORT_EXCHANGED_CASES
    template_name = "cases/exchange_batch_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = ExchangeBatch.objects.select_related("source", "imported_by").filter(pk=pk).first()
        if batch is None:
            raise Http404("数据交换批次不存在。")
        context = {
            "batch": batch,
            "rejected": batch.status == ExchangeBatchStatus.REJECTED,
            "errors": [error.get("text", "") for error in batch.errors],
        }
        return render(request, self.template_name, context)


class ExchangeUploadView(CapabilityRequiredMixin, View):
    model = ExchangeBatch
    required_capability = Capability.IMPORT_EXCHANGED_CASES
    template_name = "cases/exchange_upload.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": ExchangeUploadForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ExchangeUploadForm(request.POST, request.FILES)
        if form.is_valid():
            source: ExchangeSource = form.cleaned_data["source"]
            upload = form.cleaned_data["file"]
            try:
                report = import_file(
                    request.user,  # type: ignore[arg-type]
                    source.code,
                    upload.name,
                    upload.read(),
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                if report.ok:
                    messages.success(
                        request,
                        f"已导入{report.record_count}条记录：新增{report.created}件，"
                        f"更新{report.updated}件，未变{report.unchanged}件。",
                    )
                else:
                    messages.error(
                        request,
                        f"文件有{len(report.errors)}处错误，整批未导入。请改正下列错误后重新上传。",
                    )
                return redirect("cases:exchange_batch_detail", pk=report.batch.pk)
        return render(request, self.template_name, {"form": form}, status=400)
