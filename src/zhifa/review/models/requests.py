"""Flags, review requests (送审), opinions (审核意见) and objections (异议) of one case.

Each submission is a round. A returned round is corrected and resubmitted as the next round,
so every round stays on record and can be compared with the one before.
"""

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Department, JudicialOffice, Reviewer
from zhifa.cases.models import Case, Document
from zhifa.review.models.kinds import DecisionKind


class MajorFlag(models.TextChoices):
    """Circumstances the handling department declares, with a reason, that make a case major."""

    PUBLIC_OPINION_RISK = "public_opinion_risk", "涉及舆情风险"
    NEW_DOMAIN = "new_domain", "涉及新领域、新业态"
    SOCIAL_RISK = "social_risk", "可能造成重大社会影响或者引发社会风险"
    MAJOR_PUBLIC_INTEREST = "major_public_interest", "涉及重大公共利益"
    MAJOR_RIGHTS_AFTER_HEARING = (
        "major_rights_after_hearing",
        "直接关系当事人或者第三人重大权益，经过听证程序",
    )
    COMPLEX = "complex", "案件情况疑难复杂、涉及多个法律关系"
    MITIGATED = "mitigated", "减轻处罚（低于法定最低处罚）"
    OTHER_RULE = "other_rule", "法律、法规规定应当进行法制审核的其他情形"


def _user(name: str, related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
    )


class MajorDecisionFlag(models.Model):
    """A flag set on a case by the handling department; cleared flags stay on record."""

    SCOPE_PATH = "case__agency"

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="major_flags"
    )
    code = models.CharField("情形", max_length=40, choices=MajorFlag.choices)
    reason = models.TextField("理由")
    set_by = _user("标记人")
    set_at = models.DateTimeField("标记时间", auto_now_add=True)
    cleared_by = _user("撤销人")
    cleared_at = models.DateTimeField("撤销时间", null=True, blank=True)
    clear_reason = models.CharField("撤销理由", max_length=300, blank=True)

    class Meta:
        ordering = ["case", "set_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "code"],
                condition=models.Q(cleared_at__isnull=True),
                name="major_flag_open_once",
            )
        ]
        verbose_name = "重大执法决定情形"
        verbose_name_plural = "重大执法决定情形"

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_code_display()}"


class RequestState(models.TextChoices):
    SUBMITTED = "submitted", "审核中"
    APPROVED = "approved", "审核通过"
    RETURNED = "returned", "退回修改"
    DISAPPROVED = "disapproved", "不同意"
    OBJECTED = "objected", "异议待领导决定"
    RESUBMITTED = "resubmitted", "已修改重新送审"
    REREVIEW_ORDERED = "rereview_ordered", "领导决定重新审核"
    WITHDRAWN = "withdrawn", "已撤回"


class ReviewRequest(models.Model):
    """One round of review of a case's proposed decision.

    ``proposal`` and ``assessment`` keep what was submitted and why it was major, so a later
    change of the case or the rules does not rewrite the record. Exactly one of
    ``review_department`` and ``judicial_office`` is the body the request went to.
    """

    SCOPE_PATH = "case__agency"

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="review_requests"
    )
    round_number = models.PositiveIntegerField("送审轮次")
    previous = models.OneToOneField(
        "self",
        verbose_name="上一轮",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_round",
    )
    decision_kind = models.CharField("决定类型", max_length=40, choices=DecisionKind.choices)
    proposal = models.JSONField("拟作出的决定")
    assessment = models.JSONField("重大执法决定判定结果")
    materials = models.JSONField(
        "送审材料", default=list, help_text="[{code, name, provided, note, document_id}]"
    )
    summary = models.TextField("送审说明")
    correction_summary = models.TextField("修改情况说明", blank=True)
    submitted_by = _user("送审人", "review_requests_submitted")
    submitted_at = models.DateTimeField("送审时间")
    materials_complete_on = models.DateField("材料齐全日期")
    review_department = models.ForeignKey(
        Department,
        verbose_name="法制审核机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_requests",
    )
    judicial_office = models.ForeignKey(
        JudicialOffice,
        verbose_name="审核司法所",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_requests",
    )
    due_on = models.DateField("审核期限", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长工作日", default=0)
    extension_reason = models.CharField("延长理由", max_length=300, blank=True)
    extension_approved_by = _user("延长批准人")
    extension_approved_at = models.DateTimeField("延长批准时间", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=RequestState.choices, default=RequestState.SUBMITTED
    )
    completed_at = models.DateTimeField("审核完成时间", null=True, blank=True)

    class Meta:
        ordering = ["case", "round_number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "round_number"], name="review_round_unique"),
            models.CheckConstraint(
                condition=(
                    models.Q(review_department__isnull=False, judicial_office__isnull=True)
                    | models.Q(review_department__isnull=True, judicial_office__isnull=False)
                ),
                name="review_request_one_body",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"])]
        verbose_name = "法制审核送审"
        verbose_name_plural = "法制审核送审"

    def __str__(self) -> str:
        return f"{self.case.number} 第{self.round_number}轮法制审核"

    @property
    def body_name(self) -> str:
        if self.judicial_office is not None:
            return self.judicial_office.name
        department = self.review_department
        if department is None:  # the check constraint keeps one body set; defensive only
            return ""
        return f"{department.agency.short_name}{department.name}"


class Conclusion(models.TextChoices):
    APPROVED = "approved", "同意"
    REVISE_AND_RESUBMIT = "revise_and_resubmit", "建议修改后提交"
    DISAPPROVED = "disapproved", "不同意"


class ReviewOpinion(models.Model):
    """The reviewer's written opinion (法制审核意见) on one round; final once issued."""

    SCOPE_PATH = "request__case__agency"

    request = models.OneToOneField(
        ReviewRequest, verbose_name="送审", on_delete=models.PROTECT, related_name="opinion"
    )
    reviewer = models.ForeignKey(
        Reviewer, verbose_name="审核人员", on_delete=models.PROTECT, related_name="opinions"
    )
    reviewed_by = _user("审核账号")
    conclusion = models.CharField("审核结论", max_length=30, choices=Conclusion.choices)
    legality = models.TextField("合法性审核意见")
    reasonableness = models.TextField("合理性审核意见")
    checklist = models.JSONField(
        "审核要点", default=list, help_text="[{code, label, group, result, note}]"
    )
    corrections = models.TextField("修改意见", blank=True)
    participants = models.ManyToManyField(
        Reviewer, verbose_name="参与审核的法律顾问、公职律师", blank=True, related_name="+"
    )
    participant_note = models.CharField("其他参与人员", max_length=300, blank=True)
    issued_at = models.DateTimeField("出具时间")
    document = models.ForeignKey(
        Document,
        verbose_name="法制审核意见书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["request"]
        verbose_name = "法制审核意见"
        verbose_name_plural = "法制审核意见"

    def __str__(self) -> str:
        return f"{self.request} {self.get_conclusion_display()}"


class LeadershipDecision(models.TextChoices):
    ACCEPT_OPINION = "accept_opinion", "采纳审核意见，退回修改"
    NEW_REVIEW = "new_review", "重新审核"


class ReviewObjection(models.Model):
    """The handling department's objection (异议) to an opinion, decided by the leadership."""

    SCOPE_PATH = "request__case__agency"

    request = models.OneToOneField(
        ReviewRequest, verbose_name="送审", on_delete=models.PROTECT, related_name="objection"
    )
    reasons = models.TextField("异议理由")
    raised_by = _user("提出人")
    raised_at = models.DateTimeField("提出时间")
    decision = models.CharField(
        "领导决定", max_length=20, choices=LeadershipDecision.choices, blank=True
    )
    decision_reasons = models.TextField("决定理由", blank=True)
    decided_by = _user("决定人")
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)

    class Meta:
        ordering = ["request"]
        verbose_name = "法制审核异议"
        verbose_name_plural = "法制审核异议"

    def __str__(self) -> str:
        return f"{self.request} 异议"
