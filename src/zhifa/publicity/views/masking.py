"""Pages of the masking policy (脱敏规则): the district defaults and each agency's overrides.

Everyone in the back office reads the table. The supervisor edits the defaults; an agency
head or publication approver edits the overrides of an agency in their scope.
"""

import logging
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.errors import ZhifaError
from zhifa.publicity.models.policies import MaskingMethod, MaskingPolicy
from zhifa.publicity.redaction import actions
from zhifa.publicity.redaction.defaults import (
    ANY_PARTY,
    FIELD_LABELS,
    PARTY_INDEPENDENT_FIELDS,
    PARTY_KIND_LABELS,
    PARTY_KINDS,
)

logger = logging.getLogger(__name__)

DISTRICT = ""  # the agency choice that stands for the district default


@dataclass
class Cell:
    """One (field, party kind) of the table: the default and the shown agency's override."""

    party_kind: str
    field: str
    default: MaskingPolicy | None
    override: MaskingPolicy | None


def _editable_agencies(user: User) -> list[Agency]:
    if not user.can(Capability.PUBLISH_DECISIONS):
        return []
    return list(restrict(Agency.objects.all(), user).order_by("pk"))


def _shown_agency(request: HttpRequest, user: User) -> Agency | None:
    """Return the agency whose overrides are shown: ``?agency=`` in scope, else the user's."""
    agencies = restrict(Agency.objects.all(), user)
    chosen = request.GET.get("agency", "")
    if chosen.isdigit():
        return agencies.filter(pk=int(chosen)).first()
    if user.agency_id is not None:
        return agencies.filter(pk=user.agency_id).first()
    return None


def _rows(agency: Agency | None) -> list[tuple[str, str, list[Cell]]]:
    """Return (field, label, cells) for each field, cells in the order of ``PARTY_KINDS``."""
    defaults = {
        (row.party_kind, row.field): row for row in MaskingPolicy.objects.filter(agency=None)
    }
    overrides: dict[tuple[str, str], MaskingPolicy] = {}
    if agency is not None:
        overrides = {
            (row.party_kind, row.field): row for row in MaskingPolicy.objects.filter(agency=agency)
        }

    rows = []
    for field, label in FIELD_LABELS.items():
        kinds = (ANY_PARTY,) if field in PARTY_INDEPENDENT_FIELDS else PARTY_KINDS
        cells = [
            Cell(kind, field, defaults.get((kind, field)), overrides.get((kind, field)))
            for kind in kinds
        ]
        rows.append((field, label, cells))
    return rows


class MaskingListView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        agency = _shown_agency(request, user)
        editable_ids = {item.pk for item in _editable_agencies(user)}
        context = {
            "rows": _rows(agency),
            "kinds": [(kind, PARTY_KIND_LABELS[kind]) for kind in PARTY_KINDS],
            "any_label": PARTY_KIND_LABELS[ANY_PARTY],
            "agency": agency,
            "agencies": restrict(Agency.objects.all(), user).order_by("pk"),
            "can_edit_defaults": user.can(Capability.MANAGE_PUBLICATION_RULES),
            "can_edit_overrides": agency is not None and agency.pk in editable_ids,
        }
        return render(request, "publicity/masking/policy_list.html", context)


class MaskingForm(forms.Form):
    # Not required, because the empty choice is the district default.
    agency = forms.ChoiceField(label="适用范围", required=False)
    party_kind = forms.ChoiceField(label="当事人类型")
    field = forms.ChoiceField(label="字段", choices=list(FIELD_LABELS.items()))
    method = forms.ChoiceField(label="处理方式", choices=MaskingMethod.choices)
    source = forms.CharField(
        label="依据",
        max_length=actions.SOURCE_MAX_LENGTH,
        required=False,
        help_text="法规名称和条款，或本单位的做法说明；区默认规则必须填写",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scopes = []
        if user.can(Capability.MANAGE_PUBLICATION_RULES):
            scopes.append((DISTRICT, "区默认规则"))
        scopes += [
            (str(item.pk), f"{item.short_name}（本单位规则）") for item in _editable_agencies(user)
        ]
        self.fields["agency"].choices = scopes  # type: ignore[attr-defined]
        kinds = [*PARTY_KINDS, ANY_PARTY]
        self.fields["party_kind"].choices = [(kind, PARTY_KIND_LABELS[kind]) for kind in kinds]  # type: ignore[attr-defined]

    def to_change(self) -> actions.MethodChange:
        data = self.cleaned_data
        agency_id = int(data["agency"]) if data["agency"] else None
        return actions.MethodChange(
            agency_id, data["party_kind"], data["field"], data["method"], data["source"]
        )


def _may_edit(user: User) -> bool:
    return user.can(Capability.MANAGE_PUBLICATION_RULES) or user.can(Capability.PUBLISH_DECISIONS)


class MaskingEditView(CapabilityRequiredMixin, View):
    """Set one method; the query string (agency, party_kind, field) preselects the row."""

    required_capability = Capability.VIEW_BACKOFFICE

    def _render(self, request: HttpRequest, form: MaskingForm) -> HttpResponse:
        return render(request, "publicity/masking/policy_form.html", {"form": form})

    def get(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        if not _may_edit(user):
            return self._refuse(request)
        initial = {name: request.GET.get(name, "") for name in ("agency", "party_kind", "field")}
        rows = MaskingPolicy.objects.filter(
            party_kind=initial["party_kind"], field=initial["field"]
        )
        if initial["agency"].isdigit():
            editable = [item.pk for item in _editable_agencies(user)]
            rows = rows.filter(agency_id=int(initial["agency"]), agency_id__in=editable)
        else:
            rows = rows.filter(agency__isnull=True)
        current = rows.first()
        if current is not None:
            initial.update(method=current.method, source=current.source)
        return self._render(request, MaskingForm(initial=initial, user=user))

    def post(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        if not _may_edit(user):
            return self._refuse(request)
        form = MaskingForm(request.POST, user=user)
        if not form.is_valid():
            return self._render(request, form)
        change = form.to_change()
        try:
            actions.set_masking_method(user, change)
        except ZhifaError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self._render(request, form)
        messages.success(request, "已保存脱敏规则。")
        return redirect(_list_url(change.agency_id))

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        messages.error(request, "您的角色不能修改脱敏规则。")
        return redirect("publicity:masking_list")


def _list_url(agency_id: int | None) -> str:
    url = reverse("publicity:masking_list")
    return f"{url}?agency={agency_id}" if agency_id is not None else url


class MaskingRemoveView(CapabilityRequiredMixin, View):
    """Remove an agency's override so that the district default applies again."""

    required_capability = Capability.PUBLISH_DECISIONS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        try:
            agency_id = actions.remove_override(user, pk)
        except ZhifaError as error:
            messages.error(request, error.message)
            return redirect("publicity:masking_list")
        messages.success(request, "已删除本单位规则，恢复适用区默认规则。")
        return redirect(_list_url(agency_id))


urlpatterns: list[URLPattern] = [
    path("masking/", MaskingListView.as_view(), name="masking_list"),
    path("masking/edit/", MaskingEditView.as_view(), name="masking_edit"),
    path("masking/<int:pk>/remove/", MaskingRemoveView.as_view(), name="masking_remove"),
]
