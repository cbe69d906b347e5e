"""The holds page: active and released holds in the user's scope, placing and releasing one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict, scope_for
from zhifa.archives.retention import holds
from zhifa.archives.retention.forms import PlaceHoldForm, ReleaseHoldForm
from zhifa.archives.retention.models import LegalHold
from zhifa.archives.retention.views._common import show_error
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.cases.models import Case
from zhifa.core.errors import NotFound, ZhifaError

HOLDS_SHOWN = 200


class HoldListView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_ARCHIVES

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.show(request, PlaceHoldForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PlaceHoldForm(request.POST)
        if not form.is_valid():
            return self.show(request, form, status=400)
        user: User = request.user  # type: ignore[assignment]
        data = form.cleaned_data
        try:
            case = restrict(Case.objects.all(), user).filter(number=data["case_number"].strip())
            found = case.first()
            if found is None:
                raise NotFound(
                    f"找不到案号为“{data['case_number']}”的案件，请核对案号。",
                    field="case_number",
                )
            holds.place_hold(user, found, data["reason_kind"], data["reason"])
        except ZhifaError as error:
            show_error(form, error)
            return self.show(request, form, status=error.status)
        messages.success(request, f"已冻结案件{found.number}的档案。")
        return redirect("retention:hold_list")

    def show(self, request: HttpRequest, form: PlaceHoldForm, status: int = 200) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        related = LegalHold.objects.select_related("case__agency", "placed_by", "released_by")
        rows = restrict(related, user)[:HOLDS_SHOWN]
        scope = scope_for(user)
        context = {
            "show_agency": scope.all_agencies or len(scope.agency_ids) > 1,
            "active": [hold for hold in rows if hold.released_at is None],
            "released": [hold for hold in rows if hold.released_at is not None],
            "can_place": user.can(Capability.PLACE_LEGAL_HOLDS),
            "form": form,
            "release_form": ReleaseHoldForm(),
        }
        return render(request, "retention/hold_list.html", context, status=status)


class HoldReleaseView(CapabilityRequiredMixin, View):
    required_capability = Capability.PLACE_LEGAL_HOLDS

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        hold = scoped_get(LegalHold.objects.select_related("case"), request.user, pk=pk)
        form = ReleaseHoldForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请填写“解除理由”。")
            return redirect("retention:hold_list")
        try:
            holds.release_hold(request.user, hold, form.cleaned_data["release_reason"])  # type: ignore[arg-type]
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已解除案件{hold.case.number}的冻结。")
        return redirect("retention:hold_list")
