"""Pages of the scene rules (音像记录场景) and the agencies' recording rules (音像记录制度)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict, scope_for
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.errors import ZhifaError
from zhifa.evidence import scenes
from zhifa.evidence.forms import RulesForm, SceneForm
from zhifa.evidence.models import RecordingRules, Requirement, SceneType


def _may_edit(user: User, scene: SceneType) -> bool:
    if not user.can(Capability.MANAGE_SCENE_RULES):
        return False
    scope = scope_for(user)
    return scope.all_agencies if scene.agency_id is None else scope.includes(scene.agency_id)


class SceneListView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        rows: dict[str, list[dict[str, Any]]] = {value: [] for value in Requirement.values}
        for scene in scenes.visible_scenes(user).select_related("agency"):
            rows[scene.requirement].append(
                {
                    "scene": scene,
                    "triggers": [scenes.trigger_label(text) for text in scene.steps],
                    "editable": _may_edit(user, scene),
                }
            )
        context = {
            "mandatory": rows[Requirement.MANDATORY],
            "discretionary": rows[Requirement.DISCRETIONARY],
            "can_add": user.can(Capability.MANAGE_SCENE_RULES),
        }
        return render(request, "evidence/scene_list.html", context)


def _scene_input(form: SceneForm) -> scenes.SceneInput:
    data = form.cleaned_data
    return scenes.SceneInput(
        code=data["code"],
        name=data["name"],
        requirement=data["requirement"],
        legal_source=data["legal_source"],
        steps=form.step_list(),
        confirmed=data["confirmed"],
        active=data["active"],
    )


class SceneCreateView(CapabilityRequiredMixin, View):
    """Add a scene: the supervisor adds district scenes, an agency head the agency's own."""

    required_capability = Capability.MANAGE_SCENE_RULES

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, SceneForm(initial={"active": True}))

    def post(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        form = SceneForm(request.POST)
        if form.is_valid():
            agency = None if scope_for(user).all_agencies else user.agency
            try:
                scene = scenes.create_scene(user, agency, _scene_input(form))
            except ZhifaError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"已新增音像记录场景“{scene.name}”。")
                return redirect("evidence:scene_list")
        return self._page(request, form)

    def _page(self, request: HttpRequest, form: SceneForm) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        owner = "全区通用" if scope_for(user).all_agencies else str(user.agency or "")
        context = {"form": form, "owner": owner, "scene": None}
        return render(request, "evidence/scene_form.html", context)


class SceneEditView(CapabilityRequiredMixin, View):
    model = SceneType
    required_capability = Capability.MANAGE_SCENE_RULES

    def _scene(self, request: HttpRequest, pk: int) -> SceneType:
        scene = scenes.visible_scenes(request.user).filter(pk=pk).first()  # type: ignore[arg-type]
        if scene is None or not _may_edit(request.user, scene):  # type: ignore[arg-type]
            raise Http404("音像记录场景不存在或不由您维护。")
        return scene

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        scene = self._scene(request, pk)
        initial: dict[str, Any] = {
            "code": scene.code,
            "name": scene.name,
            "requirement": scene.requirement,
            "legal_source": scene.legal_source,
            "steps": "\n".join(scene.steps),
            "confirmed": scene.confirmed,
            "active": scene.active,
        }
        return self._page(request, scene, SceneForm(initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        scene = self._scene(request, pk)
        data = request.POST.copy()
        data["code"] = scene.code
        form = SceneForm(data)
        if form.is_valid():
            try:
                scenes.update_scene(request.user, scene, _scene_input(form))  # type: ignore[arg-type]
            except ZhifaError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"已修改音像记录场景“{form.cleaned_data['name']}”。")
                return redirect("evidence:scene_list")
        return self._page(request, scene, form)

    def _page(self, request: HttpRequest, scene: SceneType, form: SceneForm) -> HttpResponse:
        form.fields["code"].disabled = True
        owner = str(scene.agency) if scene.agency else "全区通用"
        return render(
            request, "evidence/scene_form.html", {"form": form, "owner": owner, "scene": scene}
        )


def _rules_agency(request: HttpRequest) -> Agency | None:
    """Return the agency chosen with ?agency=, or the user's own agency."""
    agencies = restrict(Agency.objects.all(), request.user)
    chosen = request.GET.get("agency", "")
    if chosen.isdigit():
        return agencies.filter(pk=int(chosen)).first()
    own = getattr(request.user, "agency", None)
    return own if own is not None and agencies.filter(pk=own.pk).exists() else agencies.first()


class RulesListView(CapabilityRequiredMixin, View):
    """The versions of one agency's recording rules, newest first."""

    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        agency = _rules_agency(request)
        versions = (
            list(RecordingRules.objects.filter(agency=agency).select_related("created_by"))
            if agency is not None
            else []
        )
        context = {
            "agency": agency,
            "agencies": restrict(Agency.objects.all(), request.user),
            "versions": versions,
            "can_add": agency is not None and request.user.can(Capability.MANAGE_SCENE_RULES),  # type: ignore[union-attr]
        }
        return render(request, "evidence/rules_list.html", context)


class RulesCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_SCENE_RULES

    def get(self, request: HttpRequest) -> HttpResponse:
        agency = _rules_agency(request)
        if agency is None:
            raise Http404("执法主体不存在或不在您的管理范围内。")
        latest = RecordingRules.objects.filter(agency=agency).order_by("-version").first()
        initial = (
            {
                "use": latest.use,
                "content": latest.content,
                "wording": latest.wording,
                "storage": latest.storage,
            }
            if latest
            else {}
        )
        return self._page(request, agency, RulesForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        agency = _rules_agency(request)
        if agency is None:
            raise Http404("执法主体不存在或不在您的管理范围内。")
        form = RulesForm(request.POST)
        if form.is_valid():
            data = scenes.RulesInput(**form.cleaned_data)
            try:
                rules = scenes.add_recording_rules(request.user, agency, data)  # type: ignore[arg-type]
            except ZhifaError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"已发布{agency.name}音像记录制度第{rules.version}版。")
                return redirect(reverse("evidence:rules_list") + f"?agency={agency.pk}")
        return self._page(request, agency, form)

    def _page(self, request: HttpRequest, agency: Agency, form: RulesForm) -> HttpResponse:
        return render(request, "evidence/rules_form.html", {"form": form, "agency": agency})
