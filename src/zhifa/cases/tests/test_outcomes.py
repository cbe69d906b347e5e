"""Case outcomes other than a penalty (行政处罚法 Art. 57), the under-14 rule and document links."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.cases import actions, compliance, stages
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.documents import actions as document_actions
from zhifa.cases.models import Case, CaseStatus, Document, DocumentStatus, Stage
from zhifa.cases.rules import outcomes as outcome_rules
from zhifa.cases.tests import documents_support
from zhifa.cases.tests.pages_support import client_for, finalised_decision_document
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_decision,
    advance_to_service,
    at,
    build_world,
    cover_next_year,
    decision_input,
    notice_input,
    office,
    open_ordinary,
    person_id,
)
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed

fake_pdf = documents_support.fake_pdf

DECIDED_ON = datetime.date(2026, 10, 30)

# Complete contents of each outcome; the table tests drop one field at a time.
COMPLETE: dict[str, dict[str, Any]] = {
    "no_penalty_minor": {
        "facts": "当事人在道路上堆放少量建筑材料，发现后当即清理",
        "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款",
        "corrected": True,
        "no_harm": True,
        "education": "当场向当事人讲解市容管理规定，当事人表示今后遵守",
    },
    "no_penalty_first_violation": {
        "facts": "当事人首次占用道路堆放物料，当日清理完毕",
        "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款",
        "first_violation": True,
        "corrected": True,
        "discretion_reasons": "初次违法，占道时间短，未影响通行",
        "education": "约谈当事人并发放宣传材料",
    },
    "no_penalty_no_fault": {
        "facts": "物料由第三方擅自堆放于当事人门前",
        "legal_basis": "《中华人民共和国行政处罚法》第三十三条第二款",
        "no_fault_evidence": "监控录像显示第三方车辆卸货，当事人当时不在现场",
        "education": "提醒当事人加强门前责任区管理",
    },
    "no_penalty_not_established": {
        "legal_basis": "《中华人民共和国行政处罚法》第五十七条第一款第三项",
        "not_established_reasons": "经查堆放地点属于当事人自有场地，不属于道路",
    },
    "transfer_to_judiciary": {
        "receiving_organ": "上海市公安局青浦分局",
        "facts": "当事人长期占用道路并暴力阻碍执法",
        "suspected_crime": "涉嫌妨害公务罪",
    },
}
# The Chinese label each required field is reported under when it is missing.
MISSING_LABELS = {
    "facts": "违法事实",
    "legal_basis": "法律依据",
    "corrected": "当事人已及时改正",
    "no_harm": "没有造成危害后果",
    "first_violation": "当事人系初次违法",
    "discretion_reasons": "裁量理由",
    "education": "对当事人进行教育的情况",
    "no_fault_evidence": "证明当事人没有主观过错的证据",
    "not_established_reasons": "违法事实不能成立的理由",
    "receiving_organ": "接收移送的司法机关",
    "suspected_crime": "涉嫌犯罪的事实和理由",
    "guardian_discipline": "责令监护人加以管教的情况",
}
UNDER_AGE: dict[str, Any] = {
    "facts": "当事人在道路上堆放杂物",
    "legal_basis": "《中华人民共和国行政处罚法》第三十条",
    "guardian_discipline": "已通知其父亲到场并责令加以管教",
    "education": "向当事人及其监护人讲解规定",
}


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case(world: World) -> Case:
    return open_ordinary(world)


@pytest.fixture
def child_case(world: World) -> Case:
    """An ordinary case whose only party was 11 on the violation date (10 October 2026)."""
    child = actions.find_or_register_party(
        world.officer_user,
        actions.PartyInput(
            kind="natural_person",
            name="李小明",
            id_number=person_id(41, "20150501"),
            address="上海市青浦区朱家角镇新风路3号",
        ),
    ).party
    return open_ordinary(world, party_ids=[child.pk])


def outcome_input(fields: dict[str, Any], decided_on: datetime.date = DECIDED_ON) -> Any:
    return actions.OutcomeInput(decided_on=decided_on, **fields)


def conclude(world: World, case: Case, code: str, fields: dict[str, Any]) -> Any:
    return actions.conclude_without_penalty(
        world.head, case, office(code, at(10, 30), "作出决定"), outcome_input(fields)
    )


def close(world: World, case: Case) -> Case:
    return actions.close_case(
        world.head,
        case,
        closed_on=datetime.date(2026, 11, 2),
        summary="结案",
        occurred_at=at(11, 2),
    )


def without(fields: dict[str, Any], name: str) -> dict[str, Any]:
    value: Any = False if isinstance(fields[name], bool) else ""
    return {**fields, name: value}


# --- Each outcome: recorded and closed, or refused ---------------------------------------------


@pytest.mark.parametrize("code", sorted(COMPLETE))
def test_outcome_closes_without_notice_or_payment(world: World, case: Case, code: str) -> None:
    advance_to_decision(world, case)

    step = conclude(world, case, code, COMPLETE[code])
    case.refresh_from_db()
    assert step.stage == Stage.DECISION
    assert case.stage == Stage.DECISION
    assert step.details["decided_on"] == DECIDED_ON.isoformat()
    assert AuditEntry.objects.filter(action="case_concluded_without_penalty").count() == 1

    closed = close(world, case)
    assert closed.status == CaseStatus.CLOSED
    assert not case.steps.filter(step__in=("prior_notice", "document_service")).exists()


@pytest.mark.parametrize(
    ("code", "name"),
    [(code, name) for code, fields in sorted(COMPLETE.items()) for name in fields],
)
def test_outcome_refused_without_content(world: World, case: Case, code: str, name: str) -> None:
    advance_to_decision(world, case)

    with pytest.raises(ValidationFailed) as raised:
        conclude(world, case, code, without(COMPLETE[code], name))

    assert MISSING_LABELS[name] in raised.value.message
    assert not case.steps.filter(step=code).exists()


def test_transfer_records_organ_and_date(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    step = conclude(world, case, "transfer_to_judiciary", COMPLETE["transfer_to_judiciary"])
    assert step.details["receiving_organ"] == "上海市公安局青浦分局"
    assert step.details["transferred_on"] == DECIDED_ON.isoformat()


def test_transfer_refused_without_date(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    with pytest.raises(ValidationFailed) as raised:
        actions.conclude_without_penalty(
            world.head,
            case,
            office("transfer_to_judiciary", at(10, 30)),
            actions.OutcomeInput(decided_on=None, **COMPLETE["transfer_to_judiciary"]),
        )
    assert raised.value.field == "decided_on"
    assert "移送日期" in raised.value.message


def test_outcome_refused_before_investigation_ends(world: World, case: Case) -> None:
    actions.record_step(world.head, case, office("filing_approval", at(10, 12, 15), "同意立案"))
    with pytest.raises(InvalidTransition) as raised:
        conclude(world, case, "no_penalty_minor", COMPLETE["no_penalty_minor"])
    assert "立案" in raised.value.message or "调查" in raised.value.message


def test_outcome_refused_before_case_opened_date(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    with pytest.raises(ValidationFailed) as raised:
        actions.conclude_without_penalty(
            world.head,
            case,
            office("no_penalty_minor", at(10, 30)),
            outcome_input(COMPLETE["no_penalty_minor"], datetime.date(2026, 10, 1)),
        )
    assert raised.value.field == "decided_on"


def test_second_outcome_refused(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    conclude(world, case, "no_penalty_minor", COMPLETE["no_penalty_minor"])

    with pytest.raises(InvalidTransition) as raised:
        conclude(world, case, "transfer_to_judiciary", COMPLETE["transfer_to_judiciary"])
    assert "不予行政处罚（违法行为轻微" in raised.value.message


def test_outcome_refused_after_penalty_decision(world: World, case: Case) -> None:
    advance_to_service(world, case)
    with pytest.raises(InvalidTransition) as raised:
        conclude(world, case, "no_penalty_minor", COMPLETE["no_penalty_minor"])
    assert "行政处罚决定" in raised.value.message


def test_penalty_decision_not_placeable_after_outcome() -> None:
    placement = stages.place_step(
        "penalty_ordinary",
        Stage.DECISION,
        "penalty_decision",
        ["filing_approval", "inquiry_record", "investigation_report", "no_penalty_not_established"],
    )
    assert not placement.allowed
    assert "违法事实不能成立" in placement.reason


def test_penalty_case_cannot_close_from_decision(world: World, case: Case) -> None:
    advance_to_service(world, case)
    blocker = stages.closing_blocker(
        case.kind, Stage.DECISION, ["prior_notice", "penalty_decision"]
    )
    assert blocker is not None
    assert "送达" in blocker


def test_outcome_refused_without_capability(
    world: World, case: Case, make_user: Callable[..., User], agency_a: Agency
) -> None:
    advance_to_decision(world, case)
    reviewer = make_user("reviewer_o", Role.REVIEWER, agency=agency_a)
    with pytest.raises(NotPermitted):
        actions.conclude_without_penalty(
            reviewer,
            case,
            office("no_penalty_minor", at(10, 30)),
            outcome_input(COMPLETE["no_penalty_minor"]),
        )


def test_outcome_other_agency_not_found(world: World, case: Case, other_agency_user: User) -> None:
    advance_to_decision(world, case)
    with pytest.raises(NotFound):
        actions.conclude_without_penalty(
            other_agency_user,
            case,
            office("no_penalty_minor", at(10, 30)),
            outcome_input(COMPLETE["no_penalty_minor"]),
        )


def test_generic_record_step_refuses_outcome(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    with pytest.raises(ValidationFailed) as raised:
        actions.record_step(world.head, case, office("transfer_to_judiciary", at(10, 30)))
    assert raised.value.field == "step"
    assert not case.steps.filter(step="transfer_to_judiciary").exists()


def test_unknown_outcome_code_refused(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    with pytest.raises(ValidationFailed):
        conclude(world, case, "penalty_decision", COMPLETE["no_penalty_minor"])


# --- Party under 14 (行政处罚法 Art. 30) --------------------------------------------------------


def test_child_gets_under_age_outcome(world: World, child_case: Case) -> None:
    advance_to_decision(world, child_case)
    step = conclude(world, child_case, "no_penalty_under_age", UNDER_AGE)
    assert step.details["guardian_discipline"] == "已通知其父亲到场并责令加以管教"
    assert close(world, child_case).status == CaseStatus.CLOSED


def test_child_may_get_other_no_penalty_outcome(world: World, child_case: Case) -> None:
    advance_to_decision(world, child_case)
    conclude(world, child_case, "no_penalty_minor", COMPLETE["no_penalty_minor"])
    child_case.refresh_from_db()
    assert child_case.steps.filter(step="no_penalty_minor").exists()


def test_child_transfer_refused(world: World, child_case: Case) -> None:
    advance_to_decision(world, child_case)
    with pytest.raises(ValidationFailed) as raised:
        conclude(world, child_case, "transfer_to_judiciary", COMPLETE["transfer_to_judiciary"])
    assert "不满十四周岁" in raised.value.message


def test_child_penalty_decision_refused(world: World, child_case: Case) -> None:
    advance_to_decision(world, child_case)
    actions.give_prior_notice(
        world.officer_user,
        child_case,
        office("prior_notice", at(10, 28)),
        notice_input(datetime.date(2026, 10, 28)),
    )
    with pytest.raises(ValidationFailed) as raised:
        actions.issue_decision(
            world.head,
            child_case,
            office("penalty_decision", at(11, 5)),
            decision_input(datetime.date(2026, 11, 5)),
        )
    assert "不满十四周岁" in raised.value.message


def test_adult_under_age_outcome_refused(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    with pytest.raises(ValidationFailed) as raised:
        conclude(world, case, "no_penalty_under_age", UNDER_AGE)
    assert "不满十四周岁的当事人" in raised.value.message


@pytest.mark.parametrize(
    ("code", "age", "allowed"),
    [
        ("no_penalty_under_age", 13, True),
        ("no_penalty_under_age", 14, False),
        ("no_penalty_under_age", None, False),
        ("transfer_to_judiciary", 13, False),
        ("transfer_to_judiciary", 14, True),
        ("transfer_to_judiciary", None, True),
        ("no_penalty_minor", 9, True),
    ],
)
def test_age_rule_table(code: str, age: int | None, allowed: bool) -> None:
    fields = UNDER_AGE if code == "no_penalty_under_age" else COMPLETE[code]
    facts = outcome_rules.OutcomeFacts(code=code, age_at_violation=age, **fields)
    assert outcome_rules.check_outcome(facts).allowed is allowed


# --- Compliance panel --------------------------------------------------------------------------


def _items(case: Case) -> dict[str, compliance.ComplianceItem]:
    items = compliance.evaluate(compliance.facts_for(case), CALENDAR)
    return {item.label: item for item in items}


def test_compliance_after_no_penalty(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    conclude(world, case, "no_penalty_minor", COMPLETE["no_penalty_minor"])
    close(world, case)

    items = _items(case)
    assert items["作出决定前事先告知"].status == compliance.NOT_APPLICABLE
    assert items["法定期限内送达处罚决定书"].status == compliance.NOT_APPLICABLE
    assert items["结案前缴纳罚款或申请人民法院强制执行"].status == compliance.NOT_APPLICABLE
    assert items["处罚决定书定稿并载明第五十九条事项"].status == compliance.NOT_APPLICABLE
    assert items["办案阶段顺序"].status == compliance.MET
    assert items["九十日内作出处罚决定（或经批准延长）"].status == compliance.MET
    assert items["不予行政处罚的教育或移送司法机关记录"].status == compliance.MET


def test_compliance_transfer_item(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    conclude(world, case, "transfer_to_judiciary", COMPLETE["transfer_to_judiciary"])
    item = _items(case)["不予行政处罚的教育或移送司法机关记录"]
    assert item.status == compliance.MET
    assert "上海市公安局青浦分局" in item.detail


def test_compliance_penalty_case_unchanged(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    items = _items(case)
    assert items["作出决定前事先告知"].status == compliance.MISSING
    assert items["不予行政处罚的教育或移送司法机关记录"].status == compliance.NOT_APPLICABLE


# --- Pages -------------------------------------------------------------------------------------


def step_post(step: str, **fields: Any) -> dict[str, Any]:
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    return {"step": step, "occurred_at": now, "summary": "作出决定", **fields}


def test_outcome_recorded_through_page(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    client = client_for(world.officer_user)
    detail = reverse("cases:case_detail", args=[case.pk])
    form = client.get(detail, {"step": "no_penalty_minor"}).context["step_form"]
    assert "education" in form.fields
    assert "fine" not in form.fields

    url = reverse("cases:step_record", args=[case.pk])
    fields = {**COMPLETE["no_penalty_minor"], "corrected": "on", "no_harm": "on"}
    response = client.post(url, step_post("no_penalty_minor", decided_on="2026-10-30", **fields))
    assert response.status_code == 302
    step = case.steps.get(step="no_penalty_minor")
    assert step.details["education"] == COMPLETE["no_penalty_minor"]["education"]
    assert "对当事人的教育" in client.get(detail).content.decode()


def test_outcome_page_names_missing_field(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    client = client_for(world.officer_user)
    url = reverse("cases:step_record", args=[case.pk])
    fields = {**COMPLETE["no_penalty_minor"], "corrected": "on", "no_harm": "on", "education": ""}
    response = client.post(url, step_post("no_penalty_minor", decided_on="2026-10-30", **fields))
    assert response.status_code == 400
    assert "对当事人进行教育的情况" in response.content.decode()


# --- Documents linked to steps -----------------------------------------------------------------


@pytest.mark.usefixtures("fake_pdf")
def test_decision_document_linked_on_finalise(world: World, case: Case) -> None:
    advance_to_service(world, case)
    document = finalised_decision_document(world, case)
    decision = case.steps.get(step="penalty_decision")
    assert document.step_id == decision.pk

    page = client_for(world.officer_user).get(reverse("cases:case_detail", args=[case.pk]))
    html = page.content.decode()
    assert 'class="step-document"' in html
    assert reverse("cases:document_pdf", args=[document.pk]) in html


@pytest.mark.usefixtures("fake_pdf")
def test_document_finalised_before_decision_unlinked(world: World, case: Case) -> None:
    document = finalised_decision_document(world, case)
    assert document.step_id is None


@pytest.mark.usefixtures("fake_pdf")
def test_final_document_linked_later(world: World, case: Case) -> None:
    document = finalised_decision_document(world, case)
    advance_to_service(world, case)
    decision = case.steps.get(step="penalty_decision")

    linked = actions.link_document_to_step(world.officer_user, document, decision.pk)

    assert linked.step_id == decision.pk
    document.refresh_from_db()
    assert document.step_id == decision.pk
    assert document.status == DocumentStatus.FINAL
    assert AuditEntry.objects.filter(action="document_step_linked").count() == 1


@pytest.mark.usefixtures("fake_pdf")
def test_linked_document_cannot_be_relinked(world: World, case: Case) -> None:
    advance_to_service(world, case)
    document = finalised_decision_document(world, case)
    decision = case.steps.get(step="penalty_decision")
    with pytest.raises(InvalidTransition):
        actions.link_document_to_step(world.officer_user, document, decision.pk)


@pytest.mark.usefixtures("fake_pdf")
def test_link_refuses_wrong_step(world: World, case: Case) -> None:
    document = finalised_decision_document(world, case)
    advance_to_decision(world, case)
    inquiry = case.steps.get(step="inquiry_record")
    with pytest.raises(ValidationFailed) as raised:
        actions.link_document_to_step(world.officer_user, document, inquiry.pk)
    assert raised.value.field == "step_id"


@pytest.mark.usefixtures("fake_pdf")
def test_link_refuses_step_of_other_case(world: World, case: Case) -> None:
    document = finalised_decision_document(world, case)
    other = open_ordinary(world, title="另一案件")
    advance_to_service(world, other)
    with pytest.raises(ValidationFailed):
        actions.link_document_to_step(
            world.officer_user, document, other.steps.get(step="penalty_decision").pk
        )


def test_link_refuses_draft(world: World, case: Case) -> None:
    advance_to_service(world, case)
    draft = document_actions.create_draft(world.officer_user, case, "penalty_decision", {})
    with pytest.raises(InvalidTransition):
        actions.link_document_to_step(
            world.officer_user, draft, case.steps.get(step="penalty_decision").pk
        )


@pytest.mark.usefixtures("fake_pdf")
def test_link_scope_and_capability(
    world: World,
    case: Case,
    other_agency_user: User,
    make_user: Callable[..., User],
    agency_a: Agency,
) -> None:
    document = finalised_decision_document(world, case)
    advance_to_service(world, case)
    decision = case.steps.get(step="penalty_decision")
    with pytest.raises(NotFound):
        actions.link_document_to_step(other_agency_user, document, decision.pk)
    reviewer = make_user("reviewer_l", Role.REVIEWER, agency=agency_a)
    with pytest.raises(NotPermitted):
        actions.link_document_to_step(reviewer, document, decision.pk)


@pytest.mark.usefixtures("fake_pdf")
def test_final_document_other_columns_frozen(world: World, case: Case) -> None:
    document = finalised_decision_document(world, case)
    with pytest.raises(DatabaseError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(number="改动")
    advance_to_service(world, case)
    decision = case.steps.get(step="penalty_decision")
    with pytest.raises(DatabaseError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(step=decision, number="改动")


@pytest.mark.usefixtures("fake_pdf")
def test_link_page(
    world: World,
    case: Case,
    other_agency_user: User,
    make_user: Callable[..., User],
    agency_a: Agency,
) -> None:
    document = finalised_decision_document(world, case)
    advance_to_service(world, case)
    decision = case.steps.get(step="penalty_decision")
    url = reverse("cases:document_step_link", args=[document.pk])

    assert client_for(other_agency_user).post(url, {"step_id": decision.pk}).status_code == 404
    reviewer = make_user("reviewer_p", Role.REVIEWER, agency=agency_a)
    assert client_for(reviewer).post(url, {"step_id": decision.pk}).status_code == 403

    client = client_for(world.officer_user)
    detail = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert url in detail
    response = client.post(url, {"step_id": decision.pk})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.step_id == decision.pk
    detail = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'class="step-document"' in detail
