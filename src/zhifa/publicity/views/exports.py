"""The dual-publicity export page: a form, then a file download."""

import datetime
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.errors import ZhifaError
from zhifa.core.workdays import shanghai_date
from zhifa.publicity.exports import dual_publicity
from zhifa.publicity.exports.dual_publicity import ExportFilter

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label="公示类别", choices=list(dual_publicity.KINDS.items()))
    date_from = forms.DateField(label="首次发布日期起", widget=DATE_INPUT)
    date_to = forms.DateField(label="首次发布日期止", widget=DATE_INPUT, help_text="含当天")
    agency_id = forms.TypedChoiceField(
        label="执法主体", coerce=int, empty_value=None, required=False
    )
    target = forms.ChoiceField(label="导出对象", choices=list(dual_publicity.TARGETS.items()))
    file_format = forms.ChoiceField(
        label="文件格式", choices=[("xlsx", "Excel（xlsx）"), ("csv", "CSV（UTF-8）")]
    )
    include_withdrawn = forms.BooleanField(
        label="包括已撤回的信息", required=False, help_text="备注栏注明撤回理由"
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = restrict(Agency.objects.order_by("sort_order", "pk"), user)
        choices = [("", "范围内全部执法主体")] + [(row.pk, row.name) for row in agencies]
        self.fields["agency_id"].choices = choices  # type: ignore[attr-defined]
        if not user.can(Capability.PUBLISH_DECISIONS):
            self.fields["target"].choices = [("publicity", dual_publicity.TARGETS["publicity"])]  # type: ignore[attr-defined]


class ExportView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def _render(self, request: HttpRequest, form: ExportForm) -> HttpResponse:
        return render(request, "publicity/exports/export.html", {"form": form})

    def get(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        today = shanghai_date(timezone.now())
        initial = {
            "date_from": today.replace(day=1),
            "date_to": today,
            "target": "publicity",
            "file_format": "xlsx",
        }
        return self._render(request, ExportForm(initial=initial, user=user))

    def post(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        form = ExportForm(request.POST, user=user)
        if not form.is_valid():
            return self._render(request, form)
        data = form.cleaned_data
        options = ExportFilter(
            kind=data["kind"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            agency_id=data["agency_id"],
            include_withdrawn=data["include_withdrawn"],
            target=data["target"],
        )
        file_format = data["file_format"]
        response = HttpResponse(content_type=CONTENT_TYPES[file_format])
        try:
            dual_publicity.export(user, options, file_format, response)
        except ZhifaError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return self._render(request, form)
        response["Content-Disposition"] = (
            content_disposition_header(True, _file_name(options, file_format)) or ""
        )
        return response


def _file_name(options: ExportFilter, file_format: str) -> str:
    kind = dual_publicity.KINDS[options.kind]
    span = f"{_compact(options.date_from)}-{_compact(options.date_to)}"
    return f"双公示{kind}_{span}.{file_format}"


def _compact(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


urlpatterns: list[URLPattern] = [
    path("export/", ExportView.as_view(), name="export"),
]
