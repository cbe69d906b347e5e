"""Helpers of the publication tests: a decided penalty case, and a penalty entered by hand."""

import datetime
from decimal import Decimal
from typing import Any

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_service,
    build_world,
    open_ordinary,
    person_id,
)
from zhifa.publicity.drafting import drafts
from zhifa.publicity.drafting.manual import ManualInput, PartyInput
from zhifa.publicity.models import Publication
from zhifa.publicity.publishing.numbers import enter_document_number

CASE_DOCUMENT_NUMBER = "青朱综执罚〔2026〕7号"


def decided_case(agency: Agency, head: User, officer: User) -> tuple[World, Case, Publication]:
    """Open a penalty case and issue its decision on 2026-11-05; return its publication draft."""
    world = build_world(agency, head, officer)
    case = open_ordinary(world)
    advance_to_service(world, case)
    return world, case, Publication.objects.get(case=case)


def numbered_case(agency: Agency, head: User, officer: User) -> tuple[World, Case, Publication]:
    """Return ``decided_case`` with the document number entered, so that it may be approved."""
    world, case, publication = decided_case(agency, head, officer)
    return world, case, enter_document_number(officer, publication, CASE_DOCUMENT_NUMBER)


PERSON = "王建国"
PERSON_ID_NUMBER = person_id(52, "19880214")
PERSON_PHONE = "13912345678"
PERSON_TEXT = (
    f"行政处罚决定书\n当事人：{PERSON}，身份证号码{PERSON_ID_NUMBER}，联系电话{PERSON_PHONE}。\n"
    "违法事实：当事人在青浦区华新镇经营场所内销售过期食品，证人赵丽华在场。\n"
    "处罚内容：罚款人民币5000元。"
)


def person_penalty_input(agency: Agency, **overrides: Any) -> ManualInput:
    """Return a manual penalty on natural person 王建国, with his ID number and phone."""
    values: dict[str, Any] = {
        "agency_id": agency.pk,
        "kind": "penalty",
        "document_number": "青市监罚〔2026〕88号",
        "decided_on": datetime.date(2026, 11, 3),
        "text": PERSON_TEXT,
        "parties": [
            PartyInput(
                kind="natural_person",
                name=PERSON,
                id_number=PERSON_ID_NUMBER,
                phone=PERSON_PHONE,
                address="上海市青浦区华新镇华腾路1号",
            )
        ],
        "fields": {"CF_NR": "罚款人民币5000元", "CF_SY": "销售过期食品"},
        "penalty_types": ["fine"],
        "fine": Decimal("5000"),
    }
    values.update(overrides)
    return ManualInput(**values)


def person_penalty(agency: Agency, officer: User, **overrides: Any) -> Publication:
    """Enter ``person_penalty_input`` as a draft."""
    return drafts.enter_manually(officer, person_penalty_input(agency, **overrides))
