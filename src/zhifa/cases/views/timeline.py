"""The case timeline: header, steps, documents, compliance panel and the step forms."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Officer
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.cases import actions, compliance, plugins, stages
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.forms import (
    CorrectionForm,
    DocumentCreateForm,
    OriginalUploadForm,
    StepChoiceForm,
    StepForm,
    show_error,
)
from zhifa.cases.models import Case, CaseStatus, CaseStep, Document, DocumentOriginal
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.cases.views.privacy import displayed_party_number
from zhifa.cases.views.steps import (
    correction_input,
    offered_steps,
    perform_step,
    with_link_choices,
)
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)

# Step details shown on the timeline, with their Chinese labels; other keys stay internal.
DETAIL_LABELS = {
    "items": "保存物品",
    "reason": "理由",
    "head_approved_by": "批准人",
    "decision_due": "处理决定期限",
    "outcome_label": "处理决定",
    "days": "延长天数",
    "approved_by": "审批人",
    "participants": "参加讨论人员",
    "conclusion": "结论",
    "facts": "违法事实",
    "grounds": "理由",
    "legal_basis": "法律依据",
    "penalty": "处罚",
    "served_on": "送达日期",
    "hearing_grounds": "听证范围",
    "received_on": "收到日期",
    "content": "陈述申辩内容",
    "reasons": "复核理由",
    "signed_on": "签署日期",
    "requested_on": "申请日期",
    "notified_on": "通知日期",
    "hearing_on": "听证日期",
    "hearing_place": "听证地点",
    "presiding_officer": "听证主持人",
    "decided_on": "决定日期",
    "facts_and_evidence": "违法事实和证据",
    "penalty_basis": "处罚依据",
    "performance_manner": "履行方式",
    "performance_deadline": "履行期限",
    "remedy_channels": "救济途径",
    "remedy_deadlines": "救济期限",
    "discretion_reasons": "裁量理由",
    "education": "对当事人的教育",
    "no_fault_evidence": "没有主观过错的证据",
    "guardian_discipline": "责令监护人管教情况",
    "not_established_reasons": "违法事实不能成立的理由",
    "receiving_organ": "接收移送的司法机关",
    "suspected_crime": "涉嫌犯罪的事实和理由",
    "method_label": "送达方式",
    "recipient": "签收人",
    "deemed_served_on": "视为送达日期",
    "witnesses_or_recording": "见证情况",
    "amount": "金额（元）",
    "paid_on": "缴纳日期",
    "receipt_number": "票据或交易编号",
    "deferred_until": "暂缓缴纳至",
    "last_due_on": "最后缴纳日期",
    "as_of": "计算截止日期",
    "amount_due": "应缴金额（元）",
    "applied_on": "申请日期",
    "court": "受理法院",
    "uniform_exemption": "无需着装的依据",
    "single_officer_exception": "一名执法人员的依据",
}
REVIEW_CONCLUSION_LABELS = {
    "accepted": "采纳",
    "partly_accepted": "部分采纳",
    "rejected": "不予采纳",
    # Conclusions of a legal review opinion (法制审核意见).
    "approved": "同意",
    "revise_and_resubmit": "建议修改后提交",
    "disapproved": "不同意",
}


def _show_value(key: str, value: Any) -> str:
    if key == "penalty" and isinstance(value, dict):
        parts = []
        for code in value.get("types", []):
            label = PENALTY_LABELS.get(code, code)
            if code == "fine" and Decimal(value.get("fine", "0")) > 0:
                label = f"罚款{value['fine']}元"
            parts.append(label)
        if Decimal(value.get("confiscation", "0")) > 0:
            parts.append(f"没收金额或价值{value['confiscation']}元")
        return "、".join(parts)
    if key == "conclusion" and value in REVIEW_CONCLUSION_LABELS:
        return REVIEW_CONCLUSION_LABELS[value]
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return "，".join(
            _show_value(key, item) for item in value.values() if item not in ("", None)
        )
    if isinstance(value, list):
        return "；".join(_show_value(key, item) for item in value)
    return str(value)


def _plugin_details(plugin: plugins.StepPlugin, details: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the labelled details of a plug-in step, with choice codes shown as their labels."""
    labels = {"approved_by": DETAIL_LABELS["approved_by"], **plugin.detail_labels}
    labelled = []
    for key, value in details.items():
        if key not in labels or value in ("", None, []):
            continue
        choices = dict(getattr(plugin.fields.get(key), "choices", None) or [])
        text = str(choices.get(value, "")) if isinstance(value, str) else ""
        labelled.append((labels[key], text or _show_value(key, value)))
    return labelled


@dataclass
class TimelineStep:
    row: CaseStep
    label: str
    details: list[tuple[str, str]]
    officers: list[Officer]
    corrected_by: list[CaseStep] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)


def _step_rows(case: Case) -> list[CaseStep]:
    """Load the case's steps once, with what the timeline and the compliance facts read."""
    return list(
        case.steps.select_related("corrects", "recorded_by")
        .prefetch_related(Prefetch("officers", queryset=Officer.objects.order_by("full_name")))
        .order_by("sequence")
    )


def _timeline(case: Case, rows: list[CaseStep], documents: list[Document]) -> list[TimelineStep]:
    procedure = stages.procedure_for(case.kind)
    corrections: dict[int, list[CaseStep]] = defaultdict(list)
    for row in rows:
        if row.corrects_id:
            corrections[row.corrects_id].append(row)
    documents_of: dict[int, list[Document]] = defaultdict(list)
    for document in sorted(documents, key=lambda document: document.pk):
        if document.step_id:
            documents_of[document.step_id].append(document)

    timeline = []
    for row in rows:
        spec = procedure.step(row.step)
        plugin = plugins.step_plugin(row.step)
        if plugin is not None:
            details = _plugin_details(plugin, row.details or {})
        else:
            details = [
                (DETAIL_LABELS[key], _show_value(key, value))
                for key, value in (row.details or {}).items()
                if key in DETAIL_LABELS and value not in ("", None, [])
            ]
        timeline.append(
            TimelineStep(
                row=row,
                label=spec.label if spec else row.step,
                details=details,
                officers=list(row.officers.all()),
                corrected_by=corrections[row.pk],
                documents=documents_of[row.pk],
            )
        )
    return timeline


def _documents(case: Case) -> list[Document]:
    return list(
        case.documents.prefetch_related(
            Prefetch("originals", queryset=DocumentOriginal.objects.order_by("-uploaded_at"))
        ).order_by("doc_type", "version")
    )


def _step_form(
    case: Case,
    code: str,
    data: Any = None,
    initial: dict[str, Any] | None = None,
    *,
    specific: bool = True,
) -> StepForm:
    procedure = stages.procedure_for(case.kind)
    spec = procedure.step(code)
    preservations = [
        (row.pk, f"第{row.sequence}项 {row.occurred_at:%Y-%m-%d} {row.summary[:20]}")
        for row in case.steps.filter(step="evidence_preservation").order_by("sequence")
    ]
    form = StepForm(
        data,
        initial=initial,
        step_code=code,
        step_label=spec.label if spec else code,
        on_site=bool(spec and spec.on_site),
        officers=Officer.objects.filter(agency_id=case.agency_id, is_active=True).order_by(
            "full_name"
        ),
        parties=list(case.parties.all()),
        preservations=preservations,
        specific=specific,
    )
    plugin = plugins.step_plugin(code)
    if specific and plugin is not None and plugin.choices is not None:
        for name, options in plugin.choices(case).items():
            form.fields[name].choices = [("", "请选择"), *options]  # type: ignore[attr-defined]
    return form


def timeline_context(
    request: HttpRequest,
    case: Case,
    *,
    step_form: StepForm | None = None,
    correction_form: CorrectionForm | None = None,
) -> dict[str, Any]:
    """Build the timeline page's context; forms passed in (with errors) replace fresh ones."""
    user: User = request.user  # type: ignore[assignment]
    rows = _step_rows(case)
    documents = _documents(case)
    recorded = [row.step for row in rows]
    can_manage = user.can(Capability.MANAGE_CASES) and case.status == CaseStatus.OPEN
    # A closed case still takes the remedy steps (stages.AFTER_CLOSING_STEPS).
    may_record = user.can(Capability.MANAGE_CASES)
    offered = offered_steps(case, user, recorded) if may_record else []
    offered_codes = {spec.code for spec in offered}

    correcting: CaseStep | None = None
    if correction_form is None and can_manage and request.GET.get("correct", "").isdigit():
        correcting = case.steps.filter(pk=int(request.GET["correct"])).first()
        if correcting is not None:
            correction_form = CorrectionForm(initial={"step_id": correcting.pk})
            step_form = _step_form(
                case, correcting.step, initial=_correction_initial(correcting), specific=False
            )
    elif correction_form is not None:
        correcting = case.steps.filter(pk=correction_form.data.get("step_id") or 0).first()

    chosen = request.GET.get("step", "")
    if step_form is None and chosen in offered_codes:
        step_form = _step_form(case, chosen)

    facts = compliance.facts_for(case, rows, documents)
    items = compliance.evaluate(facts, CALENDAR)
    parties = [
        {"party": party, "number": displayed_party_number(user, party, {case.agency_id})}
        for party in case.parties.all()
    ]
    return {
        "case": case,
        "parties": parties,
        "officers": case.officers.order_by("full_name"),
        "power_items": case.power_items.all(),
        "timeline": _timeline(case, rows, documents),
        "documents": with_link_choices(case, documents, rows),
        "compliance_items": items,
        "missing_count": len(compliance.missing_items(items)),
        "deadlines": compliance.deadlines(facts, CALENDAR),
        "warnings": actions.case_warnings(case),
        "can_manage": can_manage,
        "offered": offered,
        "choice_form": StepChoiceForm(
            initial={"step": chosen}, choices=[(spec.code, spec.label) for spec in offered]
        ),
        "closing_missing": actions.missing_before_closing(case, recorded) if can_manage else [],
        "step_form": step_form,
        "correction_form": correction_form,
        "correcting": correcting,
        "document_form": DocumentCreateForm(kind=case.kind),
        "upload_form": OriginalUploadForm(),
    }


def _correction_initial(step: CaseStep) -> dict[str, Any]:
    return {
        "step": step.step,
        "occurred_at": step.occurred_at,
        "place": step.place,
        "summary": step.summary,
        "officer_ids": list(step.officers.values_list("pk", flat=True)),
        "credential_shown": step.credential_shown,
        "uniform_worn": step.uniform_worn,
        "uniform_exemption": (step.details or {}).get("uniform_exemption", ""),
        "grounds_told": step.grounds_told,
        "basis_told": step.basis_told,
        "rights_told": step.rights_told,
    }


def _case_queryset() -> QuerySet[Case]:
    # The parties are read by the header, the compliance facts and the minor-party warning;
    # the case file (案卷, of the archives) by its panel.
    return Case.objects.select_related(
        "agency", "department", "created_by", "case_file"
    ).prefetch_related("parties")


class CaseDetailView(ScopedQuerysetMixin, View):
    model = Case
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "cases/case_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = scoped_get(_case_queryset(), request.user, pk=pk)
        return render(request, self.template_name, timeline_context(request, case))


class StepRecordView(ScopedQuerysetMixin, View):
    """Record the step chosen on the timeline through its action."""

    model = Case
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        case = scoped_get(_case_queryset(), user, pk=pk)
        recorded = list(case.steps.values_list("step", flat=True))
        code = request.POST.get("step", "")
        if code not in {spec.code for spec in offered_steps(case, user, recorded)}:
            messages.error(request, "该办案环节现在不能记录，请从“记录办案环节”列表中选择。")
            return redirect("cases:case_detail", pk=case.pk)

        form = _step_form(case, code, data=request.POST)
        if form.is_valid():
            try:
                perform_step(user, case, form)
            except ZhifaError as error:
                show_error(form, error)
            else:
                label = form.fields["step"].choices[0][1]  # type: ignore[attr-defined]
                messages.success(request, f"已记录“{label}”。")
                return redirect(reverse("cases:case_detail", kwargs={"pk": case.pk}) + "#timeline")
        case.refresh_from_db()
        context = timeline_context(request, case, step_form=form)
        return render(request, "cases/case_detail.html", context, status=400)


class StepCorrectView(ScopedQuerysetMixin, View):
    """Record a correction of a step: a new step pointing at the old one, with the reason."""

    model = Case
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        case = scoped_get(_case_queryset(), user, pk=pk)
        correction = CorrectionForm(request.POST)
        step_id = request.POST.get("step_id", "")
        original = case.steps.filter(pk=int(step_id)).first() if step_id.isdigit() else None
        if original is None:
            messages.error(request, "要更正的办案环节记录不存在。")
            return redirect("cases:case_detail", pk=case.pk)

        form = _step_form(case, original.step, data=request.POST, specific=False)
        if correction.is_valid() and form.is_valid():
            try:
                actions.correct_step(
                    user,
                    case,
                    original.pk,
                    correction_input(original, form),
                    correction.cleaned_data["correction_reason"],
                )
            except ZhifaError as error:
                show_error(correction if error.field == "correction_reason" else form, error)
            else:
                messages.success(request, f"已更正第{original.sequence}项记录。")
                return redirect(reverse("cases:case_detail", kwargs={"pk": case.pk}) + "#timeline")
        context = timeline_context(request, case, step_form=form, correction_form=correction)
        return render(request, "cases/case_detail.html", context, status=400)
