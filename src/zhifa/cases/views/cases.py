"""The case list with its filters and Excel export, and the page that opens a case."""

import logging
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency, Officer
from zhifa.backoffice.mixins import ScopedQuerysetMixin
from zhifa.cases import actions
from zhifa.cases.export import build_case_workbook
from zhifa.cases.forms import CaseFilterForm, CaseOpenForm, PartyFormSet, show_error
from zhifa.cases.models import Case, CaseParty
from zhifa.core.errors import NotPermitted, ZhifaError

logger = logging.getLogger(__name__)

CASES_PER_PAGE = 30


class PartyRejected(ZhifaError):
    """A party of the new case was invalid; its form already carries the message."""


def case_list_queryset(user: Any) -> QuerySet[Case]:
    """Return the user's cases with what the list shows, in a fixed number of queries."""
    return (
        restrict(Case.objects.all(), user)
        .select_related("agency", "department")
        .prefetch_related(
            "parties",
            Prefetch("officers", queryset=Officer.objects.order_by("full_name")),
        )
    )


def filter_cases(queryset: QuerySet[Case], form: CaseFilterForm) -> QuerySet[Case]:
    """Apply the list filters; an invalid form filters nothing and shows its errors."""
    if not form.is_valid():
        return queryset
    data = form.cleaned_data
    exact = {
        "agency": data["agency"],
        "department": data["department"],
        "kind": data["kind"],
        "stage": data["stage"],
        "status": data["status"],
    }
    queryset = queryset.filter(**{key: value for key, value in exact.items() if value})
    if data["officer"]:
        queryset = queryset.filter(officers=data["officer"])
    if data["opened_from"]:
        queryset = queryset.filter(opened_on__gte=data["opened_from"])
    if data["opened_to"]:
        queryset = queryset.filter(opened_on__lte=data["opened_to"])
    party = (data["party"] or "").strip()
    if party:
        number = party.upper()
        links = CaseParty.objects.filter(case=OuterRef("pk")).filter(
            Q(party__name__icontains=party) | Q(party__id_number=number) | Q(party__uscc=number)
        )
        queryset = queryset.filter(Exists(links))
    return queryset


def _filter_form(request: HttpRequest) -> CaseFilterForm:
    agencies = restrict(Agency.objects.order_by("name"), request.user)
    return CaseFilterForm(request.GET or None, agencies=agencies)


class CaseListView(ScopedQuerysetMixin, ListView):
    model = Case
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "cases/case_list.html"
    paginate_by = CASES_PER_PAGE

    def get_queryset(self) -> QuerySet[Case]:
        self.filter_form = _filter_form(self.request)
        return filter_cases(case_list_queryset(self.request.user), self.filter_form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_form"] = self.filter_form
        context["query_string"] = query.urlencode()
        context["can_create"] = self.request.user.can(  # type: ignore[union-attr]
            Capability.MANAGE_CASES
        )
        return context


class CaseExportView(ScopedQuerysetMixin, View):
    """The filtered case list as an .xlsx workbook."""

    model = Case
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        form = _filter_form(request)
        queryset = filter_cases(case_list_queryset(request.user), form)
        today = timezone.localdate()
        content = build_case_workbook(queryset, exported_on=today)
        name = f"执法案件{today.isoformat()}.xlsx"
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        response["Cache-Control"] = "private, no-store"
        logger.info("case list exported by user %s", request.user.pk)
        return response


class CaseCreateView(ScopedQuerysetMixin, View):
    """Open a case of the user's agency: register or find its parties, then ``open_case``."""

    model = Case
    required_capability = Capability.MANAGE_CASES
    template_name = "cases/case_form.html"

    def _agency(self, user: User) -> Agency:
        if user.agency is None:
            raise NotPermitted("您的账号未关联执法主体，不能立案。")
        return user.agency

    def get(self, request: HttpRequest) -> HttpResponse:
        agency = self._agency(request.user)  # type: ignore[arg-type]
        context = {"form": CaseOpenForm(agency=agency), "parties": PartyFormSet(prefix="party")}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        agency = self._agency(user)
        form = CaseOpenForm(request.POST, agency=agency)
        parties = PartyFormSet(request.POST, prefix="party")
        if form.is_valid() and parties.is_valid():
            try:
                case, differences = self._open(user, form, parties)
            except PartyRejected:
                pass  # the party form shows the error
            except ZhifaError as error:
                show_error(form, error)
            else:
                for difference in differences:
                    messages.warning(request, f"当事人信息与登记不一致：{difference}。")
                messages.success(request, f"已立案，案号{case.number}。")
                return redirect("cases:case_detail", pk=case.pk)
        context = {"form": form, "parties": parties}
        return render(request, self.template_name, context, status=400)

    @staticmethod
    def _open(user: User, form: CaseOpenForm, parties: Any) -> tuple[Case, list[str]]:
        """Register the parties and open the case in one transaction, so a failure keeps neither."""
        data = form.cleaned_data
        differences: list[str] = []
        with transaction.atomic():
            party_ids = []
            for index, party_form in enumerate(parties.forms):
                if not party_form.has_changed():
                    continue
                try:
                    registration = actions.find_or_register_party(user, party_form.to_input())
                except ZhifaError as error:
                    field = "number" if error.field in ("id_number", "uscc") else error.field
                    party_form.add_error(
                        field if field in party_form.fields else None,
                        f"第{index + 1}名当事人：{error.message}",
                    )
                    raise PartyRejected(error.message) from error
                party_ids.append(registration.party.pk)
                differences.extend(registration.differences)
            case = actions.open_case(
                user,
                actions.CaseInput(
                    kind=data["kind"],
                    title=data["title"],
                    department_id=data["department_id"].pk,
                    opened_on=data["opened_on"],
                    party_ids=party_ids,
                    officer_ids=[officer.pk for officer in data["officer_ids"]],
                    power_item_ids=[item.pk for item in data["power_item_ids"]],
                    violation_date=data["violation_date"],
                    flags=list(data["flags"]),
                ),
            )
        return case, differences
