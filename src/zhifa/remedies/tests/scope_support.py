"""Agency B's remedy for the scope walk test of the back office."""

import datetime

from django.db.models import Model
from django.utils import timezone

from zhifa.cases.models import Case, CaseStep, Party
from zhifa.remedies.models import Remedy


def agency_b_objects(base: dict[type[Model], Model]) -> dict[type[Model], Model]:
    """Create one remedy against a decision of agency B's case."""
    case = base[Case]
    party = base[Party]
    assert isinstance(case, Case)
    assert isinstance(party, Party)
    now = timezone.now()
    decision = CaseStep.objects.create(
        case=case,
        sequence=901,
        stage="decision",
        step="penalty_decision",
        occurred_at=now,
        summary="乙单位处罚决定",
    )
    filed = CaseStep.objects.create(
        case=case,
        sequence=902,
        stage="service",
        step="remedy_filed",
        occurred_at=now,
        summary="乙单位当事人申请行政复议",
    )
    remedy = Remedy.objects.create(
        case=case,
        kind="reconsideration",
        decision_step=decision,
        filed_step=filed,
        applicant=party,
        filed_on=datetime.date.today(),  # noqa: DTZ011 - a calendar date like the walk test's
        body="乙单位复议机关",
        reference="乙单位复字1号",
    )
    return {Remedy: remedy}
