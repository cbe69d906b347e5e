"""Pages of the review loop: the queue, one round, and the forms that move a round on.

Every page loads its case or round through ``scoped_get``, so an object of an agency outside
the user's scope is a 404. The forms only shape input. The actions in ``zhifa.review.actions``
check the capability, the state and the rules, and the pages show their Chinese errors beside
the field they name.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models as db
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Reviewer, ReviewerKind
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.cases.models import Case
from zhifa.core.errors import ZhifaError
from zhifa.review import actions, eligibility, rounds, status
from zhifa.review.actions.opinions import ChecklistResult, OpinionInput
from zhifa.review.actions.requests import MaterialInput, SubmissionInput, is_overdue
from zhifa.review.forms_requests import (
    FlagClearForm,
    FlagForm,
    ObjectionDecisionForm,
    OpinionForm,
    ReasonForm,
    RequestFilterForm,
    SubmissionForm,
    checklist_field,
    material_field,
)
from zhifa.review.lists import checklist_for, materials_for
from zhifa.review.models import (
    MajorDecisionFlag,
    RequestState,
    ReviewObjection,
    ReviewOpinion,
    ReviewRequest,
)

REQUESTS_PER_PAGE = 30


def request_queryset() -> QuerySet[ReviewRequest]:
    return ReviewRequest.objects.select_related(
        "case",
        "case__agency",
        "review_department",
        "review_department__agency",
        "judicial_office",
        "submitted_by",
    )


def case_panel_url(case_id: int) -> str:
    return reverse("cases:case_detail", kwargs={"pk": case_id}) + "#legal-review"


def opinion_of(review: ReviewRequest) -> ReviewOpinion | None:
    return (
        ReviewOpinion.objects.filter(request=review).select_related("reviewer", "document").first()
    )


def objection_of(review: ReviewRequest) -> ReviewObjection | None:
    return (
        ReviewObjection.objects.filter(request=review)
        .select_related("raised_by", "decided_by")
        .first()
    )


def resubmission_due(latest: ReviewRequest | None) -> bool:
    """Return whether the next submission corrects a returned or disapproved round."""
    return latest is not None and latest.state in (RequestState.RETURNED, RequestState.DISAPPROVED)


def submission_open(latest: ReviewRequest | None) -> bool:
    """Return whether the department may submit a round now: none yet, or the last one ended."""
    return latest is None or latest.state == RequestState.WITHDRAWN or resubmission_due(latest)


def available_actions(user: User, review: ReviewRequest) -> set[str]:
    """Return the forms the page offers the user on ``review``; the actions still decide."""
    latest = not ReviewRequest.objects.filter(
        case_id=review.case_id, round_number__gt=review.round_number
    ).exists()
    objection = objection_of(review)
    allowed = set()
    if review.state == RequestState.SUBMITTED:
        if eligibility.refusal(user, review, timezone.localdate()) is None:
            allowed.add("opinion")
        if user.can(Capability.APPROVE_REVIEW_EXTENSION) and not review.extension_days:
            allowed.add("extend")
        if user.can(Capability.MANAGE_CASES):
            allowed.add("withdraw")
    returned = review.state in (RequestState.RETURNED, RequestState.DISAPPROVED)
    if latest and returned and user.can(Capability.MANAGE_CASES):
        allowed.add("resubmit")
        if objection is None:
            allowed.add("object")
    undecided = objection is not None and not objection.decision
    if undecided and user.can(Capability.APPROVE_AS_AGENCY_HEAD):
        allowed.add("decide")
    return allowed


def show_error(form: Form, error: ZhifaError, aliases: dict[str, str] | None = None) -> None:
    """Attach an action's error to the form field it names, or to the form as a whole."""
    field = (aliases or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


def acting_user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


class RequestListView(ScopedQuerysetMixin, ListView):
    """The queue: rounds routed to the reviewer's body, the department's rounds, objections."""

    model = ReviewRequest
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "review/requests/request_list.html"
    context_object_name = "rounds"
    paginate_by = REQUESTS_PER_PAGE

    def base_queryset(self) -> QuerySet[ReviewRequest]:
        return request_queryset()

    def get_queryset(self) -> QuerySet[ReviewRequest]:
        queryset = super().get_queryset()
        user = acting_user(self.request)
        self.filter_form = RequestFilterForm(self.request.GET or None)
        if self.filter_form.is_valid() and self.filter_form.cleaned_data.get("state"):
            queryset = queryset.filter(state=self.filter_form.cleaned_data["state"])
        queryset = queryset.filter(self.visible_rounds(user))
        # Open rounds first, the earliest due date first, so overdue reviews lead the queue.
        open_first = db.Case(
            When(state=RequestState.SUBMITTED, then=Value(0)),
            When(state=RequestState.OBJECTED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return queryset.annotate(open_first=open_first).order_by(
            "open_first", "due_on", "-submitted_at"
        )

    @staticmethod
    def visible_rounds(user: User) -> Q:
        """Return which rounds in scope the list shows to the user's roles.

        The bureau and handling staff without a department see every round in scope.
        """
        if user.can(Capability.VIEW_SUPERVISION):
            return Q()
        if user.can(Capability.MANAGE_CASES) and not user.department_id:
            return Q()
        shown = Q(pk__in=[])
        if user.can(Capability.MANAGE_CASES):
            shown |= Q(case__department_id=user.department_id)
        if user.can(Capability.REVIEW_DECISIONS):
            if user.department_id:
                shown |= Q(review_department_id=user.department_id)
            if user.judicial_office_id:
                shown |= Q(judicial_office_id=user.judicial_office_id)
        if user.can(Capability.APPROVE_AS_AGENCY_HEAD):
            shown |= Q(objection__isnull=False)
        return shown

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["rows"] = [
            {"round": row, "overdue": is_overdue(row, today)} for row in context["rounds"]
        ]
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["filter_form"] = self.filter_form
        return context


class RequestDetailView(ScopedQuerysetMixin, View):
    """One round: proposal, materials, route, comparison, opinion, objection, and the forms."""

    model = ReviewRequest
    required_capability = Capability.VIEW_BACKOFFICE
    http_method_names = ["get"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = scoped_get(request_queryset(), request.user, pk=pk)
        return render(
            request, "review/requests/request_detail.html", detail_context(request, review)
        )


def detail_context(request: HttpRequest, review: ReviewRequest) -> dict[str, Any]:
    user = acting_user(request)
    opinion = opinion_of(review)
    return {
        "review": review,
        "opinion": opinion,
        "participants": list(opinion.participants.all()) if opinion else [],
        "objection": objection_of(review),
        "changes": rounds.compare(review),
        "overdue": is_overdue(review, timezone.localdate()),
        "matches": review.assessment.get("matches", []),
        "fine_history": review.assessment.get("fine_history"),
        "allowed": available_actions(user, review),
    }


class RoundFormView(ScopedQuerysetMixin, View):
    """A page with one form about one round: GET shows it, POST runs the action.

    The round is loaded in scope before ``action_capability`` is checked, so a user of another
    agency gets 404 whatever their roles, and a user in scope without the capability gets 403.
    """

    model = ReviewRequest
    required_capability = Capability.VIEW_BACKOFFICE
    action_capability: Capability = Capability.VIEW_BACKOFFICE
    template_name = "review/requests/round_form.html"
    heading = ""
    success_message = ""
    # The actions name their reason field "reason"; the form calls it "reasons".
    aliases: dict[str, str] = {"reason": "reasons"}

    def make_form(self, review: ReviewRequest, data: Any = None) -> Form:
        return ReasonForm(data)

    def run(self, user: User, review: ReviewRequest, form: Form) -> None:
        raise NotImplementedError

    def load(self, request: HttpRequest, pk: int) -> ReviewRequest:
        """Return the round in the user's scope (else 404) once the capability is checked."""
        review: ReviewRequest = scoped_get(request_queryset(), request.user, pk=pk)
        if not acting_user(request).can(self.action_capability):
            raise PermissionDenied(f"您的角色没有“{self.action_capability.label}”权限。")
        return review

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = self.load(request, pk)
        return self.render_form(request, review, self.make_form(review))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = self.load(request, pk)
        form = self.make_form(review, request.POST)
        if form.is_valid():
            try:
                self.run(acting_user(request), review, form)
            except ZhifaError as error:
                show_error(form, error, self.aliases)
            else:
                messages.success(request, self.success_message)
                return redirect("review:request_detail", pk=review.pk)
        return self.render_form(request, review, form, status=400)

    def render_form(
        self, request: HttpRequest, review: ReviewRequest, form: Form, status: int = 200
    ) -> HttpResponse:
        context = {"review": review, "form": form, "heading": self.heading}
        return render(request, self.template_name, context, status=status)


class OpinionView(RoundFormView):
    action_capability = Capability.REVIEW_DECISIONS
    template_name = "review/requests/opinion_form.html"
    heading = "出具法制审核意见"
    success_message = "已出具法制审核意见，并生成法制审核意见书。"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Show the form only to a user who may sign; a POST shows the action's reason instead."""
        review = self.load(request, pk)
        reason = eligibility.refusal(acting_user(request), review, timezone.localdate())
        if reason:
            raise PermissionDenied(reason)
        return self.render_form(request, review, self.make_form(review))

    def make_form(self, review: ReviewRequest, data: Any = None) -> Form:
        advisers = Reviewer.objects.filter(
            agency_id=review.case.agency_id,
            kind__in=[ReviewerKind.PUBLIC_LAWYER, ReviewerKind.LEGAL_ADVISER],
            ended_on__isnull=True,
        ).order_by("kind", "full_name")
        choices = [(row.pk, f"{row.full_name}（{row.get_kind_display()}）") for row in advisers]
        items = checklist_for(review.decision_kind)
        self.aliases = {
            **{f"checklist.{item.code}": checklist_field(item.code, "note") for item in items},
            **{item.code: checklist_field(item.code, "result") for item in items},
        }
        return OpinionForm(data, items=items, participants=choices)

    def run(self, user: User, review: ReviewRequest, form: Form) -> None:
        if not isinstance(form, OpinionForm):
            raise TypeError(f"the opinion page expects an OpinionForm, not {type(form).__name__}")
        data = form.cleaned_data
        checklist = [
            ChecklistResult(
                code=item.code,
                result=data[checklist_field(item.code, "result")] or "",
                note=data[checklist_field(item.code, "note")],
            )
            for item in form.items
        ]
        actions.issue_opinion(
            user,
            review,
            OpinionInput(
                conclusion=data["conclusion"],
                legality=data["legality"],
                reasonableness=data["reasonableness"],
                checklist=checklist,
                corrections=data["corrections"],
                participant_ids=list(data["participant_ids"]),
                participant_note=data["participant_note"],
            ),
        )


class ObjectionView(RoundFormView):
    action_capability = Capability.MANAGE_CASES
    heading = "对审核意见提出异议"
    success_message = "已提出异议，等待执法单位负责人决定。"

    def run(self, user: User, review: ReviewRequest, form: Form) -> None:
        actions.object_to_opinion(user, review, form.cleaned_data["reasons"])


class ObjectionDecisionView(RoundFormView):
    action_capability = Capability.APPROVE_AS_AGENCY_HEAD
    heading = "对异议作出决定"
    success_message = "已记录对异议的决定。"

    def make_form(self, review: ReviewRequest, data: Any = None) -> Form:
        return ObjectionDecisionForm(data)

    def run(self, user: User, review: ReviewRequest, form: Form) -> None:
        data = form.cleaned_data
        actions.decide_objection(user, review, data["decision"], data["reasons"])


class ExtensionView(RoundFormView):
    action_capability = Capability.APPROVE_REVIEW_EXTENSION
    heading = "延长法制审核期限"
    success_message = "已批准延长法制审核期限。"

    def run(self, user: User, review: ReviewRequest, form: Form) -> None:
        actions.extend(user, review, form.cleaned_data["reasons"])


class WithdrawView(RoundFormView):
    action_capability = Capability.MANAGE_CASES
    heading = "撤回送审"
    success_message = "已撤回本轮送审。"

    def run(self, user: User, review: ReviewRequest, form: Form) -> None:
        actions.withdraw(user, review, form.cleaned_data["reasons"])


class SubmitView(ScopedQuerysetMixin, View):
    """送审 or 重新送审 from the case: summary, materials and, on resubmission, corrections."""

    model = Case
    required_capability = Capability.MANAGE_CASES
    template_name = "review/requests/submit_form.html"

    def make_form(self, case: Case, data: Any = None) -> SubmissionForm:
        review_status = status.review_status(case)
        self.decision_kind = review_status.assessment.proposal.kind
        self.resubmission = resubmission_due(review_status.latest)
        return SubmissionForm(
            data,
            materials=materials_for(self.decision_kind, case.agency_id),
            documents=case.documents.order_by("pk"),
            resubmission=self.resubmission,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = scoped_get(Case.objects.select_related("agency"), request.user, pk=pk)
        return self.render_form(request, case, self.make_form(case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = scoped_get(Case.objects.select_related("agency"), request.user, pk=pk)
        form = self.make_form(case, request.POST)
        if form.is_valid():
            try:
                review = actions.submit(acting_user(request), case, submission_input(form))
            except ZhifaError as error:
                show_error(form, error, material_aliases(form))
            else:
                messages.success(request, f"已送审，第{review.round_number}轮法制审核。")
                return redirect("review:request_detail", pk=review.pk)
        return self.render_form(request, case, form, status=400)

    def render_form(
        self, request: HttpRequest, case: Case, form: SubmissionForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "case": case,
            "form": form,
            "resubmission": self.resubmission,
            "decision_kind": self.decision_kind,
        }
        return render(request, self.template_name, context, status=status)


def submission_input(form: SubmissionForm) -> SubmissionInput:
    data = form.cleaned_data
    materials = [
        MaterialInput(
            code=material.code,
            provided=data[material_field(material.code, "provided")],
            note=data[material_field(material.code, "note")],
            document_id=data[material_field(material.code, "document")],
        )
        for material in form.materials
    ]
    return SubmissionInput(
        summary=data["summary"],
        materials=materials,
        correction_summary=data.get("correction_summary", ""),
    )


def material_aliases(form: SubmissionForm) -> dict[str, str]:
    """Map the action's field names of a material to the form's checkbox of that material."""
    aliases = {}
    for material in form.materials:
        aliases[f"materials.{material.code}"] = material_field(material.code, "provided")
        aliases[material.code] = material_field(material.code, "provided")
    return aliases


class FlagSetView(ScopedQuerysetMixin, View):
    """Set a major-decision flag (重大执法决定情形) on a case from its review panel."""

    model = Case
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = scoped_get(Case.objects.all(), request.user, pk=pk)
        form = FlagForm(request.POST)
        if not form.is_valid():
            messages.error(request, "标记重大执法决定情形：请选择“情形”并填写“理由”。")
        else:
            try:
                actions.set_flag(
                    acting_user(request),
                    case,
                    form.cleaned_data["code"],
                    form.cleaned_data["reason"],
                )
            except ZhifaError as error:
                messages.error(request, f"标记重大执法决定情形：{error.message}")
            else:
                messages.success(request, "已标记重大执法决定情形。")
        return redirect(case_panel_url(case.pk))


class FlagClearView(ScopedQuerysetMixin, View):
    model = MajorDecisionFlag
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        flag = scoped_get(MajorDecisionFlag.objects.select_related("case"), request.user, pk=pk)
        form = FlagClearForm(request.POST)
        if not form.is_valid():
            messages.error(request, "撤销重大执法决定情形：请填写“撤销理由”。")
        else:
            try:
                actions.clear_flag(acting_user(request), flag, form.cleaned_data["reason"])
            except ZhifaError as error:
                messages.error(request, f"撤销重大执法决定情形：{error.message}")
            else:
                messages.success(request, "已撤销重大执法决定情形。")
        return redirect(case_panel_url(flag.case_id))


urlpatterns: list[URLPattern] = [
    path("requests/", RequestListView.as_view(), name="request_list"),
    path("requests/<int:pk>/", RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/opinion/", OpinionView.as_view(), name="opinion_create"),
    path("requests/<int:pk>/objection/", ObjectionView.as_view(), name="objection_create"),
    path(
        "requests/<int:pk>/objection/decision/",
        ObjectionDecisionView.as_view(),
        name="objection_decide",
    ),
    path("requests/<int:pk>/extension/", ExtensionView.as_view(), name="extension_create"),
    path("requests/<int:pk>/withdraw/", WithdrawView.as_view(), name="request_withdraw"),
    path("cases/<int:pk>/submit/", SubmitView.as_view(), name="request_submit"),
    path("cases/<int:pk>/flags/", FlagSetView.as_view(), name="flag_set"),
    path("flags/<int:pk>/clear/", FlagClearView.as_view(), name="flag_clear"),
]
