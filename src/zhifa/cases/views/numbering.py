"""The page where an agency sets its case and document number patterns (案号、文号格式).

The page shows one agency: the user's own, or the one chosen with ``?agency=<pk>`` among the
agencies in the user's scope. Both reading and changing need ``manage_agency``.
"""

import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.cases import numbering
from zhifa.cases.actions import set_number_pattern
from zhifa.cases.forms import show_error
from zhifa.cases.models import NumberPattern
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)


class NumberPatternForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=60)
    pattern = forms.CharField(
        label="格式",
        max_length=100,
        required=False,
        help_text=(
            "可用占位符：{abbr} 文书代字，{year} 年度，{seq} 序号（必填），{doc} 文书代号，"
            "{seq:04d} 补零到4位的序号；留空则恢复默认格式"
        ),
    )


def _chosen_agency(request: HttpRequest, agency_id: str | None) -> Agency | None:
    """Return the agency named by ``agency_id`` (404 outside the scope), else the user's own."""
    user: User = request.user  # type: ignore[assignment]
    if agency_id:
        if not agency_id.isdigit():
            return None
        return scoped_get(Agency.objects.all(), user, pk=int(agency_id))
    if user.agency_id is not None:
        return scoped_get(Agency.objects.all(), user, pk=user.agency_id)
    return None


def _auto_id(key: str) -> str:
    """Return a field id pattern per key, so the forms on one page have distinct ids."""
    return "id_" + key.replace(":", "-") + "_%s"


def _rows(agency: Agency, failed: NumberPatternForm | None) -> list[dict[str, Any]]:
    year = timezone.localdate().year
    rows = []
    for key, label in numbering.number_keys().items():
        custom = numbering.custom_pattern(agency, key)
        pattern = custom or numbering.default_pattern(key)
        if failed is not None and failed.data.get("key") == key:
            form = failed
        else:
            form = NumberPatternForm(
                initial={"key": key, "pattern": pattern}, auto_id=_auto_id(key)
            )
        rows.append(
            {
                "key": key,
                "label": label,
                "pattern": pattern,
                "is_custom": custom is not None,
                "default": numbering.default_pattern(key),
                "example": numbering.preview_number(agency, key, year),
                "form": form,
            }
        )
    return rows


class NumberPatternView(ScopedQuerysetMixin, View):
    model = NumberPattern
    required_capability = Capability.MANAGE_AGENCY
    template_name = "cases/number_patterns.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        agency = _chosen_agency(request, request.GET.get("agency"))
        return self._render(request, agency)

    def post(self, request: HttpRequest) -> HttpResponse:
        agency = _chosen_agency(request, request.POST.get("agency"))
        if agency is None:
            messages.error(request, "请先选择执法主体。")
            return redirect("cases:number_patterns")
        form = NumberPatternForm(request.POST, auto_id=_auto_id(request.POST.get("key", "")))
        if form.is_valid():
            key = form.cleaned_data["key"]
            try:
                stored = set_number_pattern(
                    request.user,  # type: ignore[arg-type]
                    agency,
                    key,
                    form.cleaned_data["pattern"],
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                label = numbering.number_keys()[key]
                if stored is None:
                    messages.success(request, f"“{label}”已使用默认编号格式。")
                else:
                    messages.success(request, f"“{label}”的编号格式已改为“{stored.pattern}”。")
                url = reverse("cases:number_patterns")
                return redirect(f"{url}?agency={agency.pk}")
        return self._render(request, agency, failed=form, status=400)

    def _render(
        self,
        request: HttpRequest,
        agency: Agency | None,
        failed: NumberPatternForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        agencies = restrict(Agency.objects.all(), request.user).order_by("name")
        context = {
            "agency": agency,
            "agencies": agencies if agencies.count() > 1 or agency is None else [],
            "rows": _rows(agency, failed) if agency is not None else [],
            "year": timezone.localdate().year,
        }
        return render(request, self.template_name, context, status=status)
