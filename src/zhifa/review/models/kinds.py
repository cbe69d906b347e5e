"""Vocabularies shared by the review models and the rules."""

from django.db import models


class DecisionKind(models.TextChoices):
    """The kind of decision a review covers; catalogs, materials and checklists key on it."""

    PENALTY = "penalty", "行政处罚决定"
    LICENSING = "licensing", "行政许可决定"
    LICENSE_CHANGE = "license_change", "变更行政许可"
    LICENSE_WITHDRAWAL = "license_withdrawal", "撤回行政许可"
    LICENSE_ANNULMENT = "license_annulment", "撤销行政许可"
    LICENSE_CANCELLATION = "license_cancellation", "注销行政许可"
    COMPULSORY_ENFORCEMENT = "compulsory_enforcement", "行政强制执行决定"
    HOUSING_EXPROPRIATION = "housing_expropriation", "房屋征收决定"
    OTHER = "other", "其他行政执法决定"


class EnforcementMethod(models.TextChoices):
    """The method of carrying out a compulsory enforcement decision (行政强制法 Art. 12, 50-52)."""

    ENFORCEMENT_DECISION = "enforcement_decision", "行政强制执行决定"
    SUBSTITUTE_PERFORMANCE = "substitute_performance", "代履行"
    IMMEDIATE_SUBSTITUTE = "immediate_substitute_performance", "立即代履行"
    ADDITIONAL_FINE = "additional_fine", "加处罚款"
    LATE_FEE = "late_fee", "滞纳金"


class ChecklistGroup(models.TextChoices):
    FORMAL = "formal", "形式审核"
    SUBSTANTIVE = "substantive", "实质审核"
    KIND = "kind", "专项审核"
