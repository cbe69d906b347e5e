"""The opinion document: its download name and the issuing body in its heading."""

import docx
import pytest

from zhifa.cases.documents.serving import _stored_file
from zhifa.cases.models import Document
from zhifa.review import actions
from zhifa.review.tests.support import (
    ReviewWorld,
    no_pdf,
    opinion,
    review_world,
    submission,
    town_review_world,
)

__all__ = ["no_pdf", "review_world", "town_review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def issued_document(world: ReviewWorld) -> Document:
    request = actions.submit(world.officer_user, world.case, submission(world.case))
    issued = actions.issue_opinion(world.reviewer_user, request, opinion(request))
    assert issued.document is not None
    return issued.document


def paragraphs(document: Document) -> list[str]:
    with document.docx_file.open("rb") as handle:
        return [paragraph.text for paragraph in docx.Document(handle).paragraphs]


def test_download_name_has_case_and_round(review_world: ReviewWorld, no_pdf: None) -> None:
    document = issued_document(review_world)

    name = _stored_file(document, "docx")[3]

    assert name == f"法制审核意见书（{review_world.case.number} 第1轮）.docx"


def test_office_opinion_headed_by_office(town_review_world: ReviewWorld, no_pdf: None) -> None:
    document = issued_document(town_review_world)
    office = "上海市青浦区司法局朱家角司法所"

    text = paragraphs(document)

    assert text[0] == office
    assert f"出具机构：{office}" in text
    assert town_review_world.case.agency.name not in text[0]


def test_department_opinion_headed_by_department(review_world: ReviewWorld, no_pdf: None) -> None:
    document = issued_document(review_world)
    department = review_world.reviewer_user.department
    assert department is not None

    text = paragraphs(document)

    assert text[0] == f"{review_world.case.agency.name}{department.name}"
