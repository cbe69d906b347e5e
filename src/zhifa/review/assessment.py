"""Whether a proposed decision is major: build it from a case, look up facts, run the rules."""

import datetime
import logging
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.cases.actions.decision import penalty_from_details
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.cases.models.case import CasePartyRole
from zhifa.cases.rules.penalty import ProposedPenalty
from zhifa.core.errors import ValidationFailed
from zhifa.core.identifiers import MAX_ROW_ID
from zhifa.core.models import RuleParameter
from zhifa.core.workdays import shanghai_date
from zhifa.review import catalogs, rules, statistics
from zhifa.review.models import DecisionKind, EnforcementMethod, MajorDecisionFlag, Measure
from zhifa.review.proposals import FlagInput, ProposedDecision
from zhifa.review.results import Assessment
from zhifa.review.thresholds import domain_of_case, threshold_for

logger = logging.getLogger(__name__)

KIND_OF_CASE: dict[str, str] = {
    CaseKind.PENALTY_SUMMARY: DecisionKind.PENALTY,
    CaseKind.PENALTY_ORDINARY: DecisionKind.PENALTY,
    CaseKind.LICENSING: DecisionKind.LICENSING,
    CaseKind.COMPULSORY_ENFORCEMENT: DecisionKind.COMPULSORY_ENFORCEMENT,
    CaseKind.HOUSING_EXPROPRIATION: DecisionKind.HOUSING_EXPROPRIATION,
}

# Decision step codes of compulsory enforcement and the method each one is.
METHOD_OF_STEP = {
    "enforcement_decision": "",
    "substitute_decision": EnforcementMethod.SUBSTITUTE_PERFORMANCE,
    "immediate_substitute": EnforcementMethod.IMMEDIATE_SUBSTITUTE,
}

HEARING_HELD_STEPS = ("hearing_record", "license_hearing_record")
# Steps that record a decision; a case that has one is judged on the decision's date.
DECISION_STEPS = (
    "penalty_decision",
    "license_decision",
    "disposal_decision",
    "enforcement_decision",
    "substitute_decision",
    "expropriation_decision",
)
# 行政处罚法 Art. 51: a summary (当场) decision is a warning or a small fine, never major.
SUMMARY_NOTE = (
    "简易程序（当场）处罚只能给予警告或者较小数额的罚款（《中华人民共和国行政处罚法》"
    "第五十一条），不属于重大执法决定，无须法制审核。"
)
LICENSING_HEARING_STEPS = ("hearing_announcement", "license_hearing_request")


# --- Looking up the facts ----------------------------------------------------------------------


def _thresholds(proposal: ProposedDecision) -> dict[tuple[str, str], Any]:
    return {
        (measure, party_class): threshold_for(
            measure, party_class, proposal.domain_code, proposal.basis_level, proposal.decided_on
        )
        for measure in Measure.values
        for party_class in proposal.party_classes
    }


def facts_for(proposal: ProposedDecision, case_flags: frozenset[str] = frozenset()) -> rules.Facts:
    """Look up what the rules need: thresholds, the fine history and the catalog in force."""
    catalog, entries = catalogs.matching_entries(proposal)
    multiple_confirmed = RuleParameter.objects.filter(
        key="review_fine_mean_multiple", confirmed=True
    ).exists()
    return rules.Facts(
        thresholds=_thresholds(proposal),
        fine_history=(
            statistics.fine_history(proposal) if proposal.kind == DecisionKind.PENALTY else None
        ),
        history_years=statistics.history_years(),
        multiple_confirmed=multiple_confirmed,
        catalog=catalog,
        catalog_entries=tuple(entries),
        case_flags=case_flags,
    )


def assess(proposal: ProposedDecision, case_flags: frozenset[str] = frozenset()) -> Assessment:
    """Check a proposal against every rule group; ``case_flags`` are the case's ``Case.flags``."""
    facts = facts_for(proposal, case_flags)
    matches, notes = rules.evaluate(proposal, facts)
    return Assessment(proposal, tuple(matches), facts.fine_history, tuple(notes))


# --- Building the proposal from a case ---------------------------------------------------------


def _steps(case: Case, *codes: str) -> QuerySet[CaseStep]:
    return case.steps.filter(step__in=codes)


def _kind_and_method(case: Case, decision: str | None) -> tuple[str, str]:
    code, _, variant = (decision or "").partition(":")
    if case.kind == CaseKind.LICENSE_DISPOSAL:
        if not variant:
            latest = _steps(case, "disposal_decision").order_by("-sequence").first()
            variant = latest.details.get("disposal_kind", "") if latest else ""
        return (variant if variant in DecisionKind.values else DecisionKind.OTHER), ""
    if case.kind == CaseKind.COMPULSORY_ENFORCEMENT:
        return DecisionKind.COMPULSORY_ENFORCEMENT, METHOD_OF_STEP.get(code, "")
    return KIND_OF_CASE.get(case.kind, DecisionKind.OTHER), ""


def _penalty(case: Case) -> ProposedPenalty:
    """Return the penalty of the latest decision or, before it, of the latest prior notice."""
    step = _steps(case, "penalty_decision", "prior_notice").order_by("-sequence").first()
    if step is None:
        return ProposedPenalty(types=frozenset())
    return penalty_from_details(step.details)


def _flags(case: Case) -> tuple[FlagInput, ...]:
    rows = MajorDecisionFlag.objects.filter(case=case, cleared_at__isnull=True).order_by("set_at")
    return tuple(FlagInput(row.code, row.reason) for row in rows)


def _decision_day(case: Case, decision: str | None) -> datetime.date:
    """Return the date of the decision the case already has, or today when it has none."""
    code = (decision or "").partition(":")[0]
    codes = (code,) if code in DECISION_STEPS else DECISION_STEPS
    step = _steps(case, *codes).order_by("-sequence").first()
    if step is None:
        return shanghai_date(timezone.now())
    try:
        return datetime.date.fromisoformat(str(step.details.get("decided_on", "")))
    except ValueError:
        return shanghai_date(step.occurred_at)


def proposal_for_case(case: Case, decision: str | None = None) -> ProposedDecision:
    """Build the proposal of ``decision`` (a step code, variant after ':') from the case record.

    Thresholds and the catalog are those of the decision's date when the case already has
    that decision, else those of today.
    """
    day = _decision_day(case, decision)
    kind, method = _kind_and_method(case, decision)
    penalty = _penalty(case) if kind == DecisionKind.PENALTY else ProposedPenalty(frozenset())
    item_code, domain = domain_of_case(case, day)
    party_kinds = case.party_links.filter(role=CasePartyRole.PARTY).values_list(
        "party__kind", flat=True
    )
    return ProposedDecision(
        kind=kind,
        agency_id=case.agency_id,
        case_id=case.pk,
        penalty_types=penalty.types,
        fine=penalty.fine,
        confiscation=penalty.confiscation,
        party_kinds=frozenset(party_kinds),
        domain_code=domain,
        # TODO: cases do not record the level of their legal basis yet, so a case only meets
        # threshold rows that apply at every level (a market case gets the city's figures).
        power_item_code=item_code,
        enforcement_method=method,
        hearing_required=(
            kind == DecisionKind.LICENSING and _steps(case, *LICENSING_HEARING_STEPS).exists()
        ),
        hearing_held=_steps(case, *HEARING_HELD_STEPS).exists(),
        flags=_flags(case),
        decided_on=day,
    )


def assess_case(case: Case, decision: str | None = None) -> Assessment:
    """Check the decision about to be made on ``case``; a summary case is never major."""
    proposal = proposal_for_case(case, decision)
    if case.kind == CaseKind.PENALTY_SUMMARY:
        return Assessment(proposal, (), None, (SUMMARY_NOTE,))
    return assess(proposal, frozenset(case.flags or ()))


# --- The "agency" field of the JSON --------------------------------------------------------------


def resolve_agency(value: Any, agencies: QuerySet[Agency] | None = None) -> Agency | None:
    """Return the agency a JSON "agency" value names: its id, full name or short name.

    ``agencies`` limits the search (the caller's scope); an agency outside it is not found.
    """
    if value in (None, ""):
        return None
    scoped = agencies is not None
    agencies = Agency.objects.all() if agencies is None else agencies
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationFailed("“执法主体”（agency）应为编号、全称或简称。", field="agency")
    text = str(value).strip()
    lookup = Q(name=text) | Q(short_name=text)
    if text.isdigit() and int(text) <= MAX_ROW_ID:
        lookup |= Q(pk=int(text))
    matches = list(agencies.filter(lookup)[:2])
    if not matches:
        where = "，或不在您的查看范围内" if scoped else ""
        raise ValidationFailed(
            f"找不到执法主体“{text}”{where}；请填写编号、全称或简称。", field="agency"
        )
    if len(matches) > 1:
        raise ValidationFailed(f"“{text}”对应多个执法主体，请改用编号。", field="agency")
    return matches[0]
