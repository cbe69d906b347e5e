"""A penalty case closed through the case actions gets its file; a later remedy adds to it."""

import datetime

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.archives.casefiles import archiving
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus, ItemSource
from zhifa.archives.casefiles.tests.builders import make_archivist
from zhifa.archives.checks.models import CheckResult
from zhifa.cases import actions
from zhifa.cases.tests.steps_support import World, at, build_world, cover_next_year, office
from zhifa.evidence.ledger.verify import verify_ledger
from zhifa.remedies.tests.support import file, served_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


def close(world: World):
    case = served_case(world)
    payment = actions.PaymentInput(
        amount="2000", paid_on=datetime.date(2026, 11, 10), channel="bank", receipt_number="NO1"
    )
    actions.record_payment(world.officer_user, case, office("", at(11, 10)), payment)
    return actions.close_case(
        world.head,
        case,
        closed_on=datetime.date(2026, 11, 12),
        summary="罚款已缴纳，结案",
        occurred_at=at(11, 12),
    )


def test_closing_case_opens_its_file(world) -> None:
    case = close(world)

    case_file = CaseFile.objects.get(case=case)
    assert case_file.status == CaseFileStatus.PENDING
    assert case_file.closed_on == datetime.date(2026, 11, 12)
    assert case_file.due_on == datetime.date(2026, 12, 12)


def test_remedy_after_archiving_becomes_addition(world, make_user, agency_a) -> None:
    case = close(world)
    archivist = make_archivist(make_user, agency_a)
    # The test world records the decision as a step without a document row, so the file
    # lacks the decision document and archiving needs the archivist's confirmation.
    case_file = archiving.archive(
        archivist, CaseFile.objects.get(case=case), accept_incomplete=True
    )
    sources = [item.source for item in case_file.items.order_by("sequence")]
    assert sources[0] == ItemSource.CONTENTS
    assert ItemSource.STEP_RECORDS in sources
    count = case_file.item_count

    file(world, case, datetime.date(2026, 11, 20))

    addition = case_file.additions.get()
    archived = archiving.archive_addition(archivist, addition)
    added = [item.source for item in archived.items.order_by("sequence")]
    assert archived.items.order_by("sequence")[0].sequence == count + 1
    assert ItemSource.REMEDY in added
    assert ItemSource.STEP_RECORDS in added
    assert verify_ledger().problems == []
    # The check after the addition counts the original items and the added ones against their
    # own manifests and ledger entries. (This case has no decision document, which the
    # integrity check reports as a missing required item.)
    result = CheckResult.objects.filter(case_file=case_file).latest("pk")
    tests = set(result.failures.values_list("test", flat=True))
    assert tests == {"required_item"}
