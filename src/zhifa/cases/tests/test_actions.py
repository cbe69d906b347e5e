"""Case actions: opening, recording steps in order, on-site rules, approvals, scope and closing."""

import datetime
from collections.abc import Callable

import pytest

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.cases import actions, plugins
from zhifa.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    CaseStep,
    Party,
    SingleOfficerException,
    Stage,
)
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_decision,
    advance_to_service,
    at,
    build_world,
    cover_next_year,
    make_uscc,
    office,
    on_site,
    open_ordinary,
    person_id,
)
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.review.tests.support import pass_review


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case(world: World) -> Case:
    return open_ordinary(world)


def full_width(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) for char in text)


def _counts(case: Case) -> tuple[int, int]:
    return CaseStep.objects.filter(case=case).count(), AuditEntry.objects.count()


# --- Parties -----------------------------------------------------------------------------------


def test_party_same_id_number_returns_existing(world: World) -> None:
    registration = actions.find_or_register_party(
        world.officer_user,
        actions.PartyInput(
            kind="natural_person", name="张叁", id_number=world.party.id_number.lower()
        ),
    )

    assert registration.party == world.party
    assert not registration.created
    assert registration.differences == ["登记的名称为“张三”，本次填写为“张叁”"]
    assert Party.objects.get(pk=world.party.pk).name == "张三"


def test_party_full_width_uscc_is_normalised(world: World) -> None:
    first = actions.find_or_register_party(
        world.officer_user,
        actions.PartyInput(kind="legal_person", name="上海某某有限公司", uscc=make_uscc()),
    )
    assert first.created
    again = actions.find_or_register_party(
        world.officer_user,
        actions.PartyInput(
            kind="legal_person", name="上海某某有限公司", uscc=full_width(make_uscc())
        ),
    )
    assert again.party == first.party
    assert not again.created


def test_party_invalid_id_number_names_field(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        actions.find_or_register_party(
            world.officer_user,
            actions.PartyInput(kind="natural_person", name="李四", id_number="310118199001010000"),
        )
    assert error.value.field == "id_number"
    assert "身份证号无效" in error.value.message


def test_party_needs_case_capability(world: World, supervisor_user: User) -> None:
    with pytest.raises(NotPermitted):
        actions.find_or_register_party(
            supervisor_user,
            actions.PartyInput(kind="natural_person", name="李四", id_number=person_id(3)),
        )


# --- Opening -----------------------------------------------------------------------------------


def test_open_case_numbers_and_records_start(world: World, case: Case) -> None:
    assert case.agency == world.agency
    assert case.number == f"{world.agency.short_name}罚立〔2026〕1号"
    assert case.stage == Stage.INITIATION
    assert list(case.steps.values_list("step", flat=True)) == ["case_opened"]
    assert AuditEntry.objects.filter(action="case_opened", target_id=str(case.pk)).exists()


def test_open_case_needs_two_officers(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        open_ordinary(world, officer_ids=[world.officers[0].pk])
    assert error.value.field == "officer_ids"
    assert "不少于2名" in error.value.message
    assert not Case.objects.exists()


def test_open_case_refuses_officer_without_credential(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        open_ordinary(world, officer_ids=[world.officers[0].pk, world.uncredentialed.pk])
    assert world.uncredentialed.full_name in error.value.message
    assert "没有有效的执法证件" in error.value.message


def test_open_case_refuses_other_agency_department(world: World, agency_b: Agency) -> None:
    department = agency_b.departments.first()
    assert department is not None
    with pytest.raises(ValidationFailed) as error:
        open_ordinary(world, department_id=department.pk)
    assert error.value.field == "department_id"


def test_open_case_needs_capability(world: World, make_user: Callable[..., User]) -> None:
    reviewer = make_user("reviewer_a", Role.REVIEWER, agency=world.agency)
    with pytest.raises(NotPermitted):
        open_ordinary(world, user=reviewer)


def test_failed_opening_gives_number_back(world: World) -> None:
    with pytest.raises(ValidationFailed):
        open_ordinary(world, officer_ids=[world.officers[0].pk, world.uncredentialed.pk])
    case = open_ordinary(world)
    assert case.number_sequence == 1


# --- Stage order and approvals -----------------------------------------------------------------


def test_step_out_of_order_names_current_stage(world: World, case: Case) -> None:
    before = _counts(case)
    with pytest.raises(InvalidTransition) as error:
        actions.record_step(world.officer_user, case, office("investigation_report", at(10, 13)))
    assert "当前处于“启动”阶段" in error.value.message
    assert "“启动”、“调查取证”阶段" in error.value.message
    assert _counts(case) == before


def test_leaving_stage_requires_its_steps(world: World, case: Case) -> None:
    with pytest.raises(InvalidTransition) as error:
        actions.record_step(world.officer_user, case, on_site(world, "inquiry_record", at(10, 13)))
    assert "须先记录：“立案审批”" in error.value.message


def test_filing_approval_needs_approver(world: World, case: Case) -> None:
    with pytest.raises(NotPermitted):
        actions.record_step(world.officer_user, case, office("filing_approval", at(10, 12, 15)))

    step = actions.record_step(world.head, case, office("filing_approval", at(10, 12, 15)))
    assert step.details["approved_by_user_id"] == world.head.pk


def test_record_step_moves_stage(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    assert case.stage == Stage.REVIEW
    assert list(case.steps.values_list("stage", flat=True)) == [
        "initiation",
        "initiation",
        "investigation",
        "review",
    ]


def test_other_agency_case_is_not_found(world: World, case: Case, other_agency_user: User) -> None:
    before = _counts(case)
    with pytest.raises(NotFound):
        actions.record_step(other_agency_user, case, office("filing_approval", at(10, 12, 15)))
    assert _counts(case) == before


def test_step_needs_summary(world: World, case: Case) -> None:
    with pytest.raises(ValidationFailed) as error:
        actions.record_step(
            world.head, case, office("filing_approval", at(10, 12, 15), summary=" ")
        )
    assert error.value.field == "summary"
    assert error.value.message == "请填写“内容”。"


# --- On-site rules -----------------------------------------------------------------------------


@pytest.fixture
def investigating(world: World, case: Case) -> Case:
    actions.record_step(world.head, case, office("filing_approval", at(10, 12, 15)))
    return case


def test_on_site_refuses_one_officer(world: World, investigating: Case) -> None:
    data = on_site(world, "inquiry_record", at(10, 13), officer_ids=[world.officers[0].pk])
    with pytest.raises(ValidationFailed) as error:
        actions.record_step(world.officer_user, investigating, data)
    assert error.value.field == "officer_ids"
    assert "不少于2名" in error.value.message


def test_on_site_names_uncredentialed_officer(world: World, investigating: Case) -> None:
    data = on_site(
        world,
        "inquiry_record",
        at(10, 13),
        officer_ids=[world.officers[0].pk, world.uncredentialed.pk],
    )
    with pytest.raises(ValidationFailed) as error:
        actions.record_step(world.officer_user, investigating, data)
    assert f"执法人员{world.uncredentialed.full_name}" in error.value.message


def test_on_site_one_officer_exception(world: World, investigating: Case) -> None:
    SingleOfficerException.objects.create(
        step="sampling", domain=world.domain, description="抽样检测", legal_source="测试用法律条款"
    )
    data = on_site(world, "sampling", at(10, 13), officer_ids=[world.officers[0].pk])

    step = actions.record_step(world.officer_user, investigating, data)

    assert step.details["single_officer_exception"] == "抽样检测（测试用法律条款）"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("credential_shown", False),
        ("grounds_told", None),
        ("basis_told", False),
        ("rights_told", None),
    ],
)
def test_on_site_requires_disclosure(
    world: World, investigating: Case, field: str, value: object
) -> None:
    data = on_site(world, "inquiry_record", at(10, 13), **{field: value})
    with pytest.raises(ValidationFailed) as error:
        actions.record_step(world.officer_user, investigating, data)
    assert error.value.field == field


def test_on_site_uniform_exemption(world: World, investigating: Case) -> None:
    refused = on_site(world, "inquiry_record", at(10, 13), uniform_worn=False)
    with pytest.raises(ValidationFailed) as error:
        actions.record_step(world.officer_user, investigating, refused)
    assert error.value.field == "uniform_worn"

    allowed = on_site(
        world, "inquiry_record", at(10, 13), uniform_worn=False, uniform_exemption="便衣暗访"
    )
    step = actions.record_step(world.officer_user, investigating, allowed)
    assert step.details["uniform_exemption"] == "便衣暗访"


# --- Evidence preservation and extensions ------------------------------------------------------


def test_preservation_decision_within_seven_working_days(world: World, investigating: Case) -> None:
    preserved = actions.preserve_evidence(
        world.officer_user,
        investigating,
        on_site(world, "", at(10, 14)),
        items=["水泥20袋"],
        reason="物料可能被转移",
        approved_by="王局长",
    )
    late = office("", at(10, 26))
    with pytest.raises(ValidationFailed) as error:
        actions.decide_preservation(
            world.officer_user,
            investigating,
            late,
            preservation_step_id=preserved.pk,
            outcome="return",
        )
    assert "七个工作日" in error.value.message

    with pytest.raises(InvalidTransition) as leaving:
        actions.record_step(
            world.officer_user, investigating, office("investigation_report", at(10, 20))
        )
    assert "先行登记保存证据处理决定" in leaving.value.message

    actions.decide_preservation(
        world.officer_user,
        investigating,
        office("", at(10, 20)),
        preservation_step_id=preserved.pk,
        outcome="return",
    )
    actions.record_step(
        world.officer_user, investigating, office("investigation_report", at(10, 21))
    )
    investigating.refresh_from_db()
    assert investigating.stage == Stage.REVIEW


def test_preservation_needs_approver(world: World, investigating: Case) -> None:
    with pytest.raises(ValidationFailed) as error:
        actions.preserve_evidence(
            world.officer_user,
            investigating,
            on_site(world, "", at(10, 14)),
            items=["水泥20袋"],
            reason="物料可能被转移",
            approved_by="",
        )
    assert "批准" in error.value.message


def test_extension_needs_approver_capability(world: World, investigating: Case) -> None:
    with pytest.raises(NotPermitted):
        actions.extend_deadline(
            world.officer_user, investigating, office("", at(10, 15)), days=30, reason="案情复杂"
        )
    step = actions.extend_deadline(
        world.head, investigating, office("", at(10, 15)), days=30, reason="案情复杂"
    )
    assert step.details["days"] == 30
    assert step.details["approved_by"] == world.head.full_name


def test_extension_needs_agency_head_not_department_head(
    world: World, investigating: Case, make_user: Callable[..., User]
) -> None:
    department_head = make_user("depthead_a", Role.DEPARTMENT_HEAD, agency=world.agency)

    # 行政处罚法 Art. 60: the extension is approved by the agency head (行政机关负责人).
    with pytest.raises(NotPermitted, match="以行政机关负责人身份审批"):
        actions.extend_deadline(
            department_head, investigating, office("", at(10, 15)), days=30, reason="案情复杂"
        )
    assert not investigating.steps.filter(step="deadline_extension").exists()


# --- Decision ----------------------------------------------------------------------------------


def _notice(world: World, case: Case, **overrides: object) -> CaseStep:
    from zhifa.cases.tests.steps_support import notice_input

    return actions.give_prior_notice(
        world.officer_user,
        case,
        office("", at(10, 28)),
        notice_input(datetime.date(2026, 10, 28), **overrides),
    )


def _decide(
    world: World, case: Case, day: datetime.date = datetime.date(2026, 11, 5), **overrides: object
) -> CaseStep:
    from zhifa.cases.tests.steps_support import decision_input

    return actions.issue_decision(
        world.head, case, office("", at(day.month, day.day)), decision_input(day, **overrides)
    )


def test_decision_without_notice_is_refused(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    with pytest.raises(InvalidTransition) as error:
        _decide(world, case)
    assert "行政处罚事先告知" in error.value.message


def test_decision_lists_missing_contents(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    _notice(world, case)
    before = _counts(case)
    with pytest.raises(ValidationFailed) as error:
        _decide(world, case, penalty_basis="", performance_deadline=None, remedy_deadlines="")
    assert (
        error.value.message
        == "处罚决定缺少：处罚依据、履行期限、申请行政复议、提起行政诉讼的期限。"
    )
    assert _counts(case) == before


def test_decision_blocked_by_legal_review(
    world: World, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zhifa.cases import hooks

    # Without a registered checker the stored state decides.
    monkeypatch.setattr(hooks, "LEGAL_REVIEW_CHECKERS", [])
    advance_to_decision(world, case)
    _notice(world, case)
    Case.objects.filter(pk=case.pk).update(legal_review_state="required")
    with pytest.raises(InvalidTransition) as error:
        _decide(world, case)
    assert "法制审核" in error.value.message


def test_decision_refused_for_child(world: World) -> None:
    child = actions.find_or_register_party(
        world.officer_user,
        actions.PartyInput(
            kind="natural_person", name="小明", id_number=person_id(8, "20150101"), address="青浦区"
        ),
    ).party
    case = open_ordinary(world, party_ids=[child.pk])
    assert actions.case_warnings(case) == ["当事人违法时11周岁，不满十四周岁，依法不予行政处罚。"]
    advance_to_decision(world, case)
    _notice(world, case)
    with pytest.raises(ValidationFailed) as error:
        _decide(world, case)
    assert "不满十四周岁" in error.value.message


def test_decision_needs_statement_review(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    _notice(world, case)
    actions.record_statement(
        world.officer_user,
        case,
        office("", at(10, 29)),
        received_on=datetime.date(2026, 10, 29),
        content="已清理",
    )
    with pytest.raises(ValidationFailed) as error:
        _decide(world, case)
    assert "复核" in error.value.message

    actions.record_statement_review(
        world.officer_user, case, office("", at(10, 30)), conclusion="rejected", reasons="仍需处罚"
    )
    _decide(world, case)


def test_decision_not_heavier_than_notice(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    _notice(world, case)
    with pytest.raises(ValidationFailed) as error:
        _decide(world, case, penalty=actions.PenaltyInput(types=["fine"], fine="3000"))
    assert "重于事先告知" in error.value.message


def test_collective_discussion_required_when_flagged(world: World) -> None:
    case = open_ordinary(world, flags=["complex"])
    advance_to_decision(world, case)
    _notice(world, case)
    pass_review(case, "penalty_decision", world.officer_user)  # a complex case is major
    with pytest.raises(ValidationFailed) as error:
        _decide(world, case)
    assert "集体讨论" in error.value.message
    assert "情节复杂" in error.value.message

    actions.record_collective_discussion(
        world.head,
        case,
        office("", at(10, 30)),
        participants=["王局长", "李副局长", "赵副局长"],
        conclusion="同意罚款2000元",
    )
    _decide(world, case)


def test_hearing_flow(world: World, case: Case) -> None:
    advance_to_decision(world, case)
    heavy = actions.PenaltyInput(types=["fine"], fine="8000")
    with pytest.raises(ValidationFailed) as missing:
        _notice(world, case, penalty=heavy)
    assert "要求听证权利" in missing.value.message

    _notice(world, case, penalty=heavy, hearing_right_told=True)
    pass_review(case, "penalty_decision", world.officer_user)  # a hearing-range fine is major
    with pytest.raises(ValidationFailed) as early:
        _decide(world, case, datetime.date(2026, 10, 30), penalty=heavy)
    assert "要求听证" in early.value.message

    actions.request_hearing(
        world.officer_user, case, office("", at(11, 2)), requested_on=datetime.date(2026, 11, 2)
    )
    with pytest.raises(ValidationFailed) as investigator:
        actions.schedule_hearing(
            world.officer_user,
            case,
            office("", at(11, 3)),
            notified_on=datetime.date(2026, 11, 3),
            hearing_on=datetime.date(2026, 11, 16),
            hearing_place="本局听证室",
            presiding_officer_id=world.officers[0].pk,
        )
    assert "调查人员" in investigator.value.message
    with pytest.raises(ValidationFailed) as short:
        actions.schedule_hearing(
            world.officer_user,
            case,
            office("", at(11, 3)),
            notified_on=datetime.date(2026, 11, 3),
            hearing_on=datetime.date(2026, 11, 10),
            hearing_place="本局听证室",
            presiding_officer_id=world.presiding.pk,
        )
    assert "七个工作日" in short.value.message

    actions.schedule_hearing(
        world.officer_user,
        case,
        office("", at(11, 3)),
        notified_on=datetime.date(2026, 11, 3),
        hearing_on=datetime.date(2026, 11, 12),
        hearing_place="本局听证室",
        presiding_officer_id=world.presiding.pk,
    )
    with pytest.raises(ValidationFailed):
        _decide(world, case, datetime.date(2026, 11, 11), penalty=heavy)
    actions.record_hearing(world.officer_user, case, office("", at(11, 12)), party_attended=True)
    _decide(world, case, datetime.date(2026, 11, 13), penalty=heavy)


def test_decision_after_ninety_days_needs_extension(world: World) -> None:
    case = open_ordinary(
        world, opened_on=datetime.date(2026, 7, 1), violation_date=datetime.date(2026, 6, 30)
    )
    advance_to_decision(world, case)
    _notice(world, case)
    with pytest.raises(ValidationFailed) as error:
        _decide(world, case)
    assert "九十日" in error.value.message

    actions.extend_deadline(world.head, case, office("", at(10, 27)), days=60, reason="案情复杂")
    _decide(world, case)


# --- Service, execution and closing ------------------------------------------------------------


def test_full_ordinary_case_closes(world: World, case: Case) -> None:
    advance_to_service(world, case)
    actions.serve_document(
        world.officer_user,
        case,
        office("", at(11, 6)),
        actions.ServiceInput(
            method="direct", served_on=datetime.date(2026, 11, 6), party_id=world.party.pk
        ),
    )
    actions.record_payment(
        world.officer_user,
        case,
        office("", at(11, 10)),
        actions.PaymentInput(
            amount="2000",
            paid_on=datetime.date(2026, 11, 10),
            channel="bank",
            receipt_number="NO123",
        ),
    )
    with pytest.raises(NotPermitted):
        actions.close_case(
            world.officer_user,
            case,
            closed_on=datetime.date(2026, 11, 12),
            summary="结案",
            occurred_at=at(11, 12),
        )

    closed = actions.close_case(
        world.head,
        case,
        closed_on=datetime.date(2026, 11, 12),
        summary="同意结案",
        occurred_at=at(11, 12),
    )

    assert closed.status == CaseStatus.CLOSED
    assert closed.stage == Stage.CLOSING
    with pytest.raises(InvalidTransition):
        actions.record_step(world.officer_user, case, office("performance_record", at(11, 13)))


def test_close_case_names_missing_steps(world: World, case: Case) -> None:
    advance_to_service(world, case)
    with pytest.raises(InvalidTransition) as error:
        actions.close_case(
            world.head,
            case,
            closed_on=datetime.date(2026, 11, 12),
            summary="结案",
            occurred_at=at(11, 12),
        )
    assert error.value.message == "案件当前处于“决定”阶段，须先完成“决定”、“送达”阶段才能结案。"

    actions.serve_document(
        world.officer_user,
        case,
        office("", at(11, 6)),
        actions.ServiceInput(
            method="direct", served_on=datetime.date(2026, 11, 6), party_id=world.party.pk
        ),
    )
    with pytest.raises(ValidationFailed, match="专门内容"):
        actions.record_step(world.officer_user, case, office("remedy_filed", at(11, 9)))
    filed = plugins.STEP_PLUGINS["remedy_filed"]
    values = {
        "kind": "reconsideration",
        "filed_on": datetime.date(2026, 11, 9),
        "body": "上海市青浦区人民政府",
        "reference": "青府复〔2026〕1号",
        "party_id": world.party.pk,
    }
    filed.perform(world.officer_user, case, office("remedy_filed", at(11, 9)), values)
    with pytest.raises(InvalidTransition) as missing:
        actions.close_case(
            world.head,
            case,
            closed_on=datetime.date(2026, 11, 12),
            summary="结案",
            occurred_at=at(11, 12),
        )
    assert "罚款或没收款项尚未缴纳" in missing.value.message


def test_service_late_and_electronic_consent(world: World, case: Case) -> None:
    advance_to_service(world, case)
    late = actions.ServiceInput(
        method="direct", served_on=datetime.date(2026, 11, 17), party_id=world.party.pk
    )
    with pytest.raises(ValidationFailed) as error:
        actions.serve_document(world.officer_user, case, office("", at(11, 17)), late)
    assert "七个工作日" in error.value.message

    electronic = actions.ServiceInput(
        method="electronic", served_on=datetime.date(2026, 11, 6), party_id=world.party.pk
    )
    with pytest.raises(ValidationFailed) as consent:
        actions.serve_document(world.officer_user, case, office("", at(11, 6)), electronic)
    assert "确认书" in consent.value.message

    actions.record_electronic_consent(
        world.officer_user,
        case,
        office("", at(11, 5, 15)),
        party_id=world.party.pk,
        signed_on=datetime.date(2026, 11, 5),
        address="zhangsan@example.com",
    )
    step = actions.serve_document(world.officer_user, case, office("", at(11, 6)), electronic)
    assert step.details["method_label"] == "电子送达"


def test_additional_fine_and_court_enforcement(world: World, case: Case) -> None:
    advance_to_service(world, case)
    actions.serve_document(
        world.officer_user,
        case,
        office("", at(11, 6)),
        actions.ServiceInput(
            method="direct",
            served_on=datetime.date(2026, 5, 6) if False else datetime.date(2026, 11, 6),
            party_id=world.party.pk,
        ),
    )
    assert actions.payment_due(case) == datetime.date(2026, 11, 23)
    step = actions.record_additional_fine(
        world.officer_user, case, office("", at(11, 30)), as_of=datetime.date(2026, 11, 30)
    )
    assert step.details["days"] == 7
    assert step.details["amount"] == "420.00"

    with pytest.raises(ValidationFailed) as error:
        actions.apply_court_enforcement(
            world.officer_user,
            case,
            office("", at(12, 1)),
            applied_on=datetime.date(2026, 12, 1),
            court="青浦区人民法院",
        )
    assert "最早为2027年5月7日" in error.value.message


def test_deferral_needs_approver(world: World, case: Case) -> None:
    advance_to_service(world, case)
    actions.serve_document(
        world.officer_user,
        case,
        office("", at(11, 6)),
        actions.ServiceInput(
            method="direct", served_on=datetime.date(2026, 11, 6), party_id=world.party.pk
        ),
    )
    data = actions.DeferralInput(
        applied_on=datetime.date(2026, 11, 10), deferred_until=datetime.date(2026, 12, 31)
    )
    with pytest.raises(NotPermitted):
        actions.grant_deferral(world.officer_user, case, office("", at(11, 11)), data)
    actions.grant_deferral(world.head, case, office("", at(11, 11)), data)
    assert actions.payment_due(case) == datetime.date(2026, 12, 31)


def test_correct_step_points_at_original(world: World, case: Case) -> None:
    original = actions.record_step(
        world.head, case, office("filing_approval", at(10, 12, 15), "同意立案")
    )
    advance = actions.record_step(
        world.officer_user, case, on_site(world, "inquiry_record", at(10, 13))
    )

    correction = actions.correct_step(
        world.head,
        case,
        original.pk,
        office("filing_approval", at(10, 12, 15), "同意立案（更正审批时间）"),
        "审批时间录入错误",
    )

    assert correction.corrects == original
    assert correction.stage == Stage.INITIATION
    assert correction.correction_reason == "审批时间录入错误"
    case.refresh_from_db()
    assert case.stage == Stage.INVESTIGATION
    assert advance.sequence < correction.sequence
    with pytest.raises(ValidationFailed):
        actions.correct_step(
            world.head, case, original.pk, office("filing_approval", at(10, 12, 15)), "再次更正"
        )


# --- Summary procedure -------------------------------------------------------------------------


def test_summary_case_on_the_spot(world: World) -> None:
    case = actions.open_case(
        world.officer_user,
        actions.CaseInput(
            kind=CaseKind.PENALTY_SUMMARY,
            title="乱扔垃圾",
            department_id=world.department.pk,
            opened_on=datetime.date(2026, 11, 2),
            party_ids=[world.party.pk],
            officer_ids=[world.officers[0].pk],
            power_item_ids=[world.power_item.pk],
        ),
    )
    assert case.stage == Stage.DECISION
    assert case.number == f"{world.agency.short_name}简罚〔2026〕1号"
    decision = actions.SummaryDecisionInput(
        penalty=actions.PenaltyInput(types=["fine"], fine="300"),
        facts="乱扔垃圾",
        legal_basis="《上海市市容环境卫生管理条例》",
        remedy_channels="六十日内申请行政复议或六个月内提起行政诉讼",
    )
    with pytest.raises(ValidationFailed) as error:
        actions.issue_summary_decision(
            world.officer_user, case, on_site(world, "", at(11, 2)), decision
        )
    assert "200元" in error.value.message

    decision.penalty = actions.PenaltyInput(types=["fine"], fine="50")
    actions.issue_summary_decision(
        world.officer_user, case, on_site(world, "", at(11, 2)), decision
    )
    actions.serve_document(
        world.officer_user,
        case,
        on_site(world, "", at(11, 2, 11)),
        actions.ServiceInput(
            method="direct",
            served_on=datetime.date(2026, 11, 2),
            party_id=world.party.pk,
            on_the_spot=True,
        ),
    )
    actions.record_payment(
        world.officer_user,
        case,
        on_site(world, "", at(11, 2, 12)),
        actions.PaymentInput(
            amount="50",
            paid_on=datetime.date(2026, 11, 2),
            channel="on_the_spot",
            receipt_number="CZ001",
        ),
    )
    closed = actions.close_case(
        world.officer_user,
        case,
        closed_on=datetime.date(2026, 11, 3),
        summary="结案",
        occurred_at=at(11, 3),
    )
    assert closed.status == CaseStatus.CLOSED


def test_registered_checker_blocks_decision(
    world: World, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zhifa.cases import hooks

    monkeypatch.setattr(hooks, "LEGAL_REVIEW_CHECKERS", [])
    advance_to_decision(world, case)
    _notice(world, case)
    assert hooks.legal_review_blocker(case) is None

    hooks.register_legal_review_checker(
        lambda checked, decision: "审核意见为不同意，不得作出决定。"
    )
    with pytest.raises(InvalidTransition) as error:
        _decide(world, case)
    assert error.value.message == "审核意见为不同意，不得作出决定。"
    assert not case.steps.filter(step="penalty_decision").exists()
