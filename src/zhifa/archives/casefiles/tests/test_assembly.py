"""Assembly of case files: opening, the planned items and their order, for every case kind."""

import datetime
from xml.etree import ElementTree

import pytest

from zhifa.archives.casefiles import assembly
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus, ItemSource
from zhifa.archives.casefiles.tests.builders import (
    add_av_record,
    add_final_pdf,
    add_step,
    case_with_records,
    moment,
)
from zhifa.archives.tests.support import closed_case
from zhifa.cases.models import CaseKind, CaseStatus
from zhifa.core.rules import parameter

pytestmark = pytest.mark.django_db


def test_open_case_file_sets_due_day_from_parameter(agency_a, officer_user) -> None:
    case = closed_case(agency_a, officer_user)

    case_file = assembly.open_case_file(case)

    assert parameter("archiving_due_days") == 30
    assert case_file.status == CaseFileStatus.PENDING
    assert case_file.due_on == datetime.date(2026, 7, 30)
    assert case_file.closed_on == case.closed_on
    assert case.number in case_file.title


def test_open_case_file_is_idempotent(agency_a, officer_user) -> None:
    case = closed_case(agency_a, officer_user)

    first = assembly.open_case_file(case)
    second = assembly.open_case_file(case)

    assert first.pk == second.pk
    assert CaseFile.objects.filter(case=case).count() == 1


def test_open_case_file_rejects_open_case(agency_a, officer_user) -> None:
    case = closed_case(agency_a, officer_user)
    case.status = CaseStatus.OPEN
    case.closed_on = None

    with pytest.raises(ValueError, match="not closed"):
        assembly.open_case_file(case)


def test_open_missing_opens_imported_closed_cases(agency_a, officer_user) -> None:
    closed_case(agency_a, officer_user, number="青罚〔2026〕1号")
    closed_case(agency_a, officer_user, number="青罚〔2026〕2号")

    assert assembly.open_missing_case_files() == 2
    assert assembly.open_missing_case_files() == 0
    assert CaseFile.objects.count() == 2


@pytest.mark.parametrize("kind", CaseKind.values)
def test_plan_for_every_case_kind(agency_a, officer_user, kind) -> None:
    case = case_with_records(agency_a, officer_user, kind, f"青{kind}〔2026〕1号")

    planned = assembly.plan(case)

    assert [item.source for item in planned] == [
        ItemSource.CONTENTS,
        ItemSource.DOCUMENT,
        ItemSource.STEP_RECORDS,
    ]
    assert planned[1].file_format == "pdf"
    assert planned[1].pages == 1
    assert planned[1].document_number == f"青{kind}〔2026〕1号-决"


def test_plan_of_exchanged_case_without_records(agency_a, officer_user) -> None:
    case = closed_case(agency_a, officer_user)
    case.source, case.source_id = "sh_unified", "SHZF-1"
    case.save(update_fields=["source", "source_id"])

    planned = assembly.plan(case)

    assert [item.source for item in planned] == [ItemSource.CONTENTS, ItemSource.STEP_RECORDS]


def test_plan_orders_documents_by_step(agency_a, officer_user) -> None:
    case = closed_case(agency_a, officer_user)
    first = add_step(case, officer_user, "notice", datetime.date(2026, 6, 1))
    second = add_step(case, officer_user, "decision", datetime.date(2026, 6, 10))
    add_final_pdf(case, officer_user, second, "Decision", doc_type="decision")
    add_final_pdf(case, officer_user, first, "Notice", doc_type="notice")

    titles = [item.title for item in assembly.plan(case) if item.source == ItemSource.DOCUMENT]

    assert titles == ["Notice", "Decision"]


def test_plan_takes_latest_final_version(agency_a, officer_user) -> None:
    case = closed_case(agency_a, officer_user)
    old = add_final_pdf(case, officer_user, None, "Decision")
    add_final_pdf(case, officer_user, None, "Decision", version=2, previous=old)

    documents = [item for item in assembly.plan(case) if item.source == ItemSource.DOCUMENT]

    assert len(documents) == 1
    assert documents[0].source_ref != f"document:{old.pk}"
    assert documents[0].note == "第2版（更正）"


def test_table_of_contents_lists_every_item(agency_a, officer_user) -> None:
    case = case_with_records(agency_a, officer_user, CaseKind.PENALTY_ORDINARY, "青罚〔2026〕9号")

    planned = assembly.plan(case)
    assert planned[0].content is not None
    root = ElementTree.fromstring(planned[0].content)  # noqa: S314 - bytes the test just built

    numbers = [element.get("件号") for element in root]
    assert numbers == ["1", "2", "3"]
    assert root[1].findtext("文号") == "青罚〔2026〕9号-决"
    assert root[1].findtext("页数") == "1"
    assert [column.tag for column in root[1]] == ["责任者", "文号", "题名", "日期", "页数", "备注"]


def test_step_record_marks_corrections(agency_a, officer_user) -> None:
    case = closed_case(agency_a, officer_user)
    original = add_step(case, officer_user, "decision", datetime.date(2026, 6, 1))
    add_step(
        case,
        officer_user,
        "decision",
        datetime.date(2026, 6, 2),
        corrects=original,
        correction_reason="文号有误",
    )

    step_record = next(
        item for item in assembly.plan(case) if item.source == ItemSource.STEP_RECORDS
    )
    assert step_record.content is not None
    root = ElementTree.fromstring(step_record.content)  # noqa: S314 - bytes the test just built

    steps = root.findall("环节记录")
    assert steps[0].get("已被更正") == "2"
    assert steps[1].findtext("更正") == "文号有误"
    correction = steps[1].find("更正")
    assert correction is not None
    assert correction.get("更正序号") == "1"


def test_large_av_record_is_kept_by_reference(agency_a, officer_user, settings) -> None:
    case = closed_case(agency_a, officer_user)
    record = add_av_record(case, officer_user, moment(datetime.date(2026, 6, 1)))
    settings.ZHIFA_ARCHIVE_INLINE_AV_MAX_BYTES = record.size - 1

    av = [item for item in assembly.plan(case) if item.source == ItemSource.AV_RECORD]

    assert len(av) == 1
    assert av[0].by_reference is True
    assert av[0].digest == record.content.digest
    assert av[0].note == "移交时只附摘要值"


def test_small_av_record_is_kept_inline(agency_a, officer_user) -> None:
    case = closed_case(agency_a, officer_user)
    add_av_record(case, officer_user, moment(datetime.date(2026, 6, 1)))

    av = [item for item in assembly.plan(case) if item.source == ItemSource.AV_RECORD]

    assert av[0].by_reference is False
    assert av[0].file_format == "mp4"
