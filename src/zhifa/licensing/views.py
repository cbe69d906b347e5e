"""The licence register: a filtered list and each licence with its later decisions."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.views.generic import DetailView, ListView

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import ScopedQuerysetMixin
from zhifa.cases.models import Case, CaseKind
from zhifa.catalog.models import PowerItem
from zhifa.licensing.follow_up import resolve_follow_up_due, resolve_pending
from zhifa.licensing.models import IN_FORCE, Licence, LicenceStatus

LICENCES_PER_PAGE = 50


class LicenceFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="许可机关", queryset=Agency.objects.none(), required=False
    )
    power_item = forms.ModelChoiceField(
        label="许可事项", queryset=PowerItem.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *LicenceStatus.choices], required=False
    )
    commitment = forms.ChoiceField(
        label="告知承诺", choices=[("", "全部"), ("yes", "是"), ("no", "否")], required=False
    )
    overdue = forms.BooleanField(label="仅核查逾期", required=False)
    remedy_corrected = forms.BooleanField(label="仅经复议或诉讼纠正", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        licences = restrict(Licence.objects.all(), user)
        self.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            licences__in=licences
        ).distinct()
        self.fields["power_item"].queryset = PowerItem.objects.filter(  # type: ignore[attr-defined]
            licences__in=licences
        ).distinct()


def filter_licences(queryset: QuerySet[Licence], form: LicenceFilterForm) -> QuerySet[Licence]:
    """Apply the filters; "expired" and "overdue" are computed against today's date."""
    if not form.is_valid():
        return queryset
    data = form.cleaned_data
    today = timezone.localdate()
    if data["agency"]:
        queryset = queryset.filter(agency=data["agency"])
    if data["power_item"]:
        queryset = queryset.filter(power_item=data["power_item"])
    status = data["status"]
    if status == LicenceStatus.EXPIRED:
        queryset = queryset.filter(
            Q(status=LicenceStatus.EXPIRED) | Q(status__in=IN_FORCE, valid_to__lt=today)
        )
    elif status in IN_FORCE:
        queryset = queryset.filter(status=status, valid_to__gte=today)
    elif status:
        queryset = queryset.filter(status=status)
    if data["commitment"]:
        queryset = queryset.filter(commitment_based=data["commitment"] == "yes")
    if data["overdue"]:
        queryset = queryset.filter(
            commitment_based=True, follow_up_done_on__isnull=True, follow_up_due__lt=today
        )
    if data["remedy_corrected"]:
        queryset = queryset.filter(remedy_corrections__isnull=False).distinct()
    return queryset


class LicenceListView(ScopedQuerysetMixin, ListView):
    model = Licence
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "licensing/licence_list.html"
    paginate_by = LICENCES_PER_PAGE

    def get_queryset(self) -> QuerySet[Licence]:
        self.filter_form = LicenceFilterForm(self.request.GET or None, user=self.request.user)
        queryset = (
            super()
            .get_queryset()
            .select_related("agency", "holder", "case")
            .prefetch_related("remedy_corrections")
        )
        # Pending due days are computed first, so the overdue filter includes them.
        resolve_pending(queryset.filter(commitment_based=True, follow_up_due__isnull=True))
        return filter_licences(queryset, self.filter_form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_form"] = self.filter_form
        context["query_string"] = query.urlencode()
        return context


class LicenceDetailView(ScopedQuerysetMixin, DetailView):
    model = Licence
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "licensing/licence_detail.html"
    context_object_name = "licence"

    def get_object(self, queryset: QuerySet[Licence] | None = None) -> Licence:
        return resolve_follow_up_due(super().get_object(queryset))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        licence: Licence = self.object
        user = self.request.user
        context["decisions"] = licence.decisions.select_related("case")
        corrections = list(licence.remedy_corrections.all())
        context["remedy_corrections"] = corrections
        context["ending_correction"] = next(
            (row for row in reversed(corrections) if row.status_after == licence.status), None
        )
        # Disposal cases still open name the licence in their first step.
        context["open_disposals"] = restrict(
            Case.objects.filter(
                kind=CaseKind.LICENSE_DISPOSAL,
                steps__step="disposal_licence",
                steps__details__licence_id=licence.pk,
                licence_decision__isnull=True,
            ),
            user,
        ).distinct()
        context["case_visible"] = restrict(Case.objects.filter(pk=licence.case_id), user).exists()
        context["follow_up_visible"] = (
            licence.follow_up_case_id is not None
            and restrict(Case.objects.filter(pk=licence.follow_up_case_id), user).exists()
        )
        return context
