"""Fixtures and helpers of the case page, compliance and export tests.

Every case is made through the real actions (``steps_support``); ``complete_case`` takes an
ordinary penalty case from opening to closing with a finalised decision document.
"""

import datetime
from typing import Any

import pytest
from django.test import Client

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import actions
from zhifa.cases.documents import actions as document_actions
from zhifa.cases.models import Case, Document
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_service,
    at,
    build_world,
    cover_next_year,
    office,
)

DECISION_DOCUMENT_DATA = {
    "facts": "当事人于2026年10月10日擅自占用道路堆放建筑材料",
    "evidence": "现场检查笔录、询问笔录、现场照片",
    "legal_basis": "《上海市市容环境卫生管理条例》第二十条",
    "penalty_basis": "《上海市市容环境卫生管理条例》第四十九条",
    "penalty": "罚款人民币贰仟元整",
    "performance": "自收到本决定书之日起十五日内到指定银行缴纳罚款",
    "reconsideration_body": "上海市青浦区人民政府",
    "court": "上海市青浦区人民法院",
}


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def world_b(agency_b: Agency, make_user: Any) -> World:
    from zhifa.accounts.roles import Role

    head = make_user("head_b_pages", Role.AGENCY_HEAD, agency=agency_b)
    officer = make_user("officer_b_pages", Role.OFFICER, agency=agency_b)
    cover_next_year()
    return build_world(agency_b, head, officer, prefix="B")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def finalised_decision_document(world: World, case: Case) -> Document:
    first_party = case.parties.first()
    assert first_party is not None
    draft = document_actions.create_draft(
        world.officer_user,
        case,
        "penalty_decision",
        {**DECISION_DOCUMENT_DATA, "party_id": first_party.pk},
    )
    return document_actions.finalise(world.officer_user, draft)


def complete_case(world: World, case: Case) -> Case:
    """Take an opened ordinary case through decision, service, payment and closing."""
    advance_to_service(world, case)
    finalised_decision_document(world, case)
    party = case.parties.get()
    actions.serve_document(
        world.officer_user,
        case,
        office("document_service", at(11, 6), "直接送达处罚决定书"),
        actions.ServiceInput(
            method="direct",
            served_on=datetime.date(2026, 11, 6),
            party_id=party.pk,
            recipient=party.name,
        ),
    )
    actions.record_payment(
        world.officer_user,
        case,
        office("fine_payment", at(11, 10), "当事人缴纳罚款"),
        actions.PaymentInput(
            amount="2000",
            paid_on=datetime.date(2026, 11, 10),
            channel="bank",
            receipt_number="PJ2026001",
        ),
    )
    actions.close_case(
        world.head,
        case,
        closed_on=datetime.date(2026, 11, 12),
        summary="罚款已缴清，同意结案",
        occurred_at=at(11, 12),
    )
    case.refresh_from_db()
    return case
