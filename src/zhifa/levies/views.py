"""Pages of expropriation projects: the list, the registration form, one project with its
preconditions, households and publications, and the form that adds a household.

Levy and requisition cases use the case list, filtered by kind.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import DetailView, ListView

from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Agency, AgencyKind
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.cases import stages
from zhifa.cases.actions._common import latest_step, steps_of
from zhifa.cases.forms import show_error
from zhifa.cases.models import CaseKind
from zhifa.core.errors import ZhifaError
from zhifa.levies import rules
from zhifa.levies.actions.expropriation import precondition_facts
from zhifa.levies.actions.projects import ProjectInput, add_household, register_project
from zhifa.levies.forms import HouseholdForm, ProjectForm
from zhifa.levies.models import ExpropriationProject
from zhifa.levies.procedures import PRECONDITION_STEPS

# The publications of a project, in the order of the regulation, with the date field of each.
PUBLICATIONS = (
    ("compensation_plan_consultation", "published_on"),
    ("consultation_results_published", "published_on"),
    ("expropriation_announcement", "announced_on"),
    ("compensation_decision", "published_in_area_on"),
    ("compensation_results_published", "published_on"),
)


class ProjectListView(ScopedQuerysetMixin, ListView):
    model = ExpropriationProject
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "levies/project_list.html"
    paginate_by = 50

    def base_queryset(self) -> QuerySet[ExpropriationProject]:
        return ExpropriationProject.objects.select_related(
            "case", "case__agency", "expropriation_department"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = _is_government_manager(self.request)
        return context


class ProjectDetailView(ScopedQuerysetMixin, DetailView):
    model = ExpropriationProject
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "levies/project_detail.html"
    context_object_name = "project"

    def base_queryset(self) -> QuerySet[ExpropriationProject]:
        return ExpropriationProject.objects.select_related("case", "expropriation_department")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project: ExpropriationProject = self.object
        case = project.case
        procedure = stages.procedure_for(CaseKind.HOUSING_EXPROPRIATION)
        context["preconditions"] = [
            {"label": procedure.steps[code].label, "step": latest_step(case, code)}
            for code in PRECONDITION_STEPS
        ]
        decided = latest_step(case, "expropriation_decision") is not None
        context["decided"] = decided
        context["missing"] = (
            [] if decided else rules.missing_preconditions(precondition_facts(case))
        )
        context["households"] = project.households.select_related("owner")
        context["can_add_household"] = _is_government_manager(self.request)
        context["publications"] = [
            {
                "label": procedure.steps[code].label,
                "date": row.details.get(key, ""),
                "step": row,
            }
            for code, key in PUBLICATIONS
            for row in steps_of(case, code)
        ]
        return context


class ProjectCreateView(ScopedQuerysetMixin, View):
    """Register a project of the user's district government with its surveyed households."""

    model = ExpropriationProject
    required_capability = Capability.MANAGE_CASES
    template_name = "levies/project_form.html"

    def _agency(self, request: HttpRequest) -> Agency:
        if not _is_government_manager(request):
            raise PermissionDenied(
                "国有土地上房屋征收由区人民政府作出决定，请使用区人民政府的账号登记征收项目。"
            )
        return request.user.agency  # type: ignore[union-attr,return-value]

    def get(self, request: HttpRequest) -> HttpResponse:
        form = ProjectForm(agency=self._agency(request))
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ProjectForm(request.POST, agency=self._agency(request))
        if form.is_valid():
            data = form.cleaned_data
            try:
                project = register_project(
                    request.user,  # type: ignore[arg-type]
                    ProjectInput(
                        name=data["name"],
                        area_description=data["area_description"],
                        expropriation_department_id=data["expropriation_department"].pk,
                        budgeted_compensation=data["budgeted_compensation"],
                        department_id=data["department"].pk,
                        opened_on=data["opened_on"],
                        officer_ids=[officer.pk for officer in data["officers"]],
                        households=data["households"],
                    ),
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, f"已登记征收项目，案号{project.case.number}。")
                return redirect("levies:project_detail", pk=project.pk)
        return render(request, self.template_name, {"form": form}, status=400)


def _is_government_manager(request: HttpRequest) -> bool:
    user = request.user
    agency = getattr(user, "agency", None)
    return (
        user.can(Capability.MANAGE_CASES)  # type: ignore[union-attr]
        and agency is not None
        and agency.kind == AgencyKind.DISTRICT_GOVERNMENT
    )


# The party's USCC error is shown beside the form's single identifier field.
_OWNER_ERROR_FIELDS = {"uscc": "id_number"}


class HouseholdCreateView(ScopedQuerysetMixin, View):
    """Add a household to a registered project (Art. 15 survey), for its district government."""

    model = ExpropriationProject
    required_capability = Capability.MANAGE_CASES
    template_name = "levies/household_form.html"

    def _project(self, request: HttpRequest, pk: int) -> ExpropriationProject:
        # Out-of-scope projects are not found before anything else is checked.
        project: ExpropriationProject = scoped_get(
            ExpropriationProject.objects.select_related("case"), request.user, pk=pk
        )
        if not _is_government_manager(request):
            raise PermissionDenied(
                "国有土地上房屋征收由区人民政府作出决定，请使用区人民政府的账号登记被征收户。"
            )
        return project

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self._project(request, pk)
        return render(request, self.template_name, {"project": project, "form": HouseholdForm()})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self._project(request, pk)
        form = HouseholdForm(request.POST)
        if form.is_valid():
            try:
                household = add_household(request.user, project, form.household())  # type: ignore[arg-type]
            except ZhifaError as error:
                field = _OWNER_ERROR_FIELDS.get(error.field or "", error.field)
                form.add_error(field if field in form.fields else None, error.message)
            else:
                messages.success(request, f"已登记户号“{household.number}”。")
                return redirect("levies:project_detail", pk=project.pk)
        context = {"project": project, "form": form}
        return render(request, self.template_name, context, status=400)
