"""The party register: parties with a case in the user's scope, and each party's cases."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.views.generic import DetailView, ListView

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.backoffice.mixins import ScopedQuerysetMixin
from zhifa.cases.forms import PartySearchForm
from zhifa.cases.models import Case, CaseParty, Document, Party
from zhifa.cases.views.privacy import displayed_party_number

PARTIES_PER_PAGE = 30


class PartyListView(ScopedQuerysetMixin, ListView):
    model = Party
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "cases/party_list.html"
    paginate_by = PARTIES_PER_PAGE

    def get_queryset(self) -> QuerySet[Party]:
        queryset = super().get_queryset().order_by("name", "pk")
        self.search_form = PartySearchForm(self.request.GET or None)
        if not self.search_form.is_valid():
            return queryset
        query = (self.search_form.cleaned_data["q"] or "").strip()
        if not query:
            return queryset
        number = query.upper()
        # Numbers match exactly, so a partial number reveals nothing about other parties.
        return queryset.filter(
            Q(name__icontains=query)
            | Q(id_number=number)
            | Q(uscc=number)
            | Q(other_id_number=query)
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        parties = context["object_list"]
        agencies_by_party: dict[int, set[int]] = {}
        case_counts: dict[int, int] = {}
        links = restrict(CaseParty.objects.filter(party__in=parties), user).values_list(
            "party_id", "case__agency_id"
        )
        for party_id, agency_id in links:
            agencies_by_party.setdefault(party_id, set()).add(agency_id)
            case_counts[party_id] = case_counts.get(party_id, 0) + 1
        context["rows"] = [
            {
                "party": party,
                "number": displayed_party_number(user, party, agencies_by_party.get(party.pk, ())),
                "case_count": case_counts.get(party.pk, 0),
            }
            for party in parties
        ]
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["search_form"] = self.search_form
        return context


class PartyDetailView(ScopedQuerysetMixin, DetailView):
    model = Party
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "cases/party_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        party: Party = self.object
        cases = list(
            restrict(Case.objects.filter(parties=party), self.request.user)
            .select_related("agency", "department")
            .prefetch_related(
                Prefetch("documents", queryset=Document.objects.order_by("doc_type", "version"))
            )
            .order_by("-opened_on", "-pk")
        )
        context["cases"] = cases
        context["number"] = displayed_party_number(
            self.request.user, party, {case.agency_id for case in cases}
        )
        return context
