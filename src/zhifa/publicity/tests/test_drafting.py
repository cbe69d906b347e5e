"""Publication drafts from case steps, the exchange and manual entry."""

import datetime
from decimal import Decimal

import pytest

from zhifa.accounts.models import AuditEntry
from zhifa.cases import actions
from zhifa.cases.models import Case, CaseKind, ExchangedDecision
from zhifa.cases.tests.steps_support import (
    advance_to_decision,
    advance_to_service,
    at,
    build_world,
    on_site,
    open_ordinary,
    person_id,
)
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.publicity.drafting import drafts
from zhifa.publicity.drafting.external import ManualInput, PartyInput
from zhifa.publicity.models import Publication, PublicationSource, PublicationStatus
from zhifa.publicity.tests.drafting_support import decided_case

pytestmark = pytest.mark.django_db


def test_penalty_decision_gets_draft(agency_a, agency_head_user, officer_user) -> None:
    _, case, publication = decided_case(agency_a, agency_head_user, officer_user)

    assert publication.source == PublicationSource.CASE
    assert publication.kind == "penalty"
    assert publication.status == PublicationStatus.DRAFT
    assert publication.decided_on == datetime.date(2026, 11, 5)
    assert publication.due_on == datetime.date(2026, 11, 16)
    fields = publication.original["fields"]
    assert fields["CF_XDR_MC"] == "张三"
    assert fields["CF_NR_FK"] == "0.2"
    assert fields["CF_XDR_ZJHM"] == case.parties.get().id_number
    assert "张三" in publication.original["text"]
    facts = publication.original["facts"]
    assert facts["procedure"] == "ordinary"
    assert facts["penalty_types"] == ["fine"]
    assert facts["fine_amount"] == "2000"
    assert facts["domain_codes"] == ["city"]
    assert facts["minor"] is False
    assert AuditEntry.objects.filter(action="publication_drafted").count() == 1


def test_non_decision_steps_get_no_draft(agency_a, agency_head_user, officer_user) -> None:
    world = build_world(agency_a, agency_head_user, officer_user)
    case = open_ordinary(world)
    advance_to_decision(world, case)
    assert case.steps.count() >= 3
    assert not Publication.objects.exists()


def test_minor_party_excluded_with_reason(agency_a, agency_head_user, officer_user) -> None:
    world = build_world(agency_a, agency_head_user, officer_user)
    minor = actions.find_or_register_party(
        officer_user,
        actions.PartyInput(
            kind="natural_person",
            name="李小明",
            id_number=person_id(31, "20100301"),
            address="上海市青浦区朱家角镇新风路2号",
        ),
    ).party
    case = open_ordinary(world, party_ids=[minor.pk])
    advance_to_service(world, case)

    publication = Publication.objects.get(case=case)
    assert publication.status == PublicationStatus.EXCLUDED
    assert publication.original["facts"]["minor"] is True
    assert "未成年人" in publication.exclusion_reason
    assert publication.exclusion_source
    assert AuditEntry.objects.filter(action="publication_excluded").exists()


def test_summary_decision_excluded(agency_a, agency_head_user, officer_user) -> None:
    world = build_world(agency_a, agency_head_user, officer_user)
    case = actions.open_case(
        officer_user,
        actions.CaseInput(
            kind=CaseKind.PENALTY_SUMMARY,
            title="当场处罚",
            department_id=world.department.pk,
            opened_on=datetime.date(2026, 11, 2),
            party_ids=[world.party.pk],
            officer_ids=[officer.pk for officer in world.officers],
            power_item_ids=[world.power_item.pk],
        ),
    )
    actions.issue_summary_decision(
        officer_user,
        case,
        on_site(world, "on_the_spot_decision", at(11, 2)),
        actions.SummaryDecisionInput(
            penalty=actions.PenaltyInput(types=["fine"], fine="100"),
            facts="当场查明的违法事实",
            legal_basis="《上海市市容环境卫生管理条例》第四十九条",
            remedy_channels="六十日内申请行政复议或者六个月内提起行政诉讼",
        ),
    )
    publication = Publication.objects.get(case=case)
    assert publication.status == PublicationStatus.EXCLUDED
    assert publication.original["facts"]["procedure"] == "summary"


def test_step_listener_is_idempotent(agency_a, agency_head_user, officer_user) -> None:
    _, case, publication = decided_case(agency_a, agency_head_user, officer_user)
    assert publication.step is not None
    again = drafts.on_step(publication.step)
    assert again is not None
    assert again.pk == publication.pk
    assert Publication.objects.filter(case=case).count() == 1


def test_exchanged_decision_creates_and_updates(agency_a, agency_head_user, officer_user) -> None:
    world = build_world(agency_a, agency_head_user, officer_user)
    case = Case.objects.create(
        agency=agency_a,
        department=world.department,
        kind=CaseKind.PENALTY_ORDINARY,
        number="沪市级-2026-0001",
        number_year=2026,
        number_sequence=0,
        title="未按规定设置垃圾分类容器案",
        opened_on=datetime.date(2026, 10, 1),
        source="city",
        source_id="0001",
    )
    case.party_links.create(party=world.party)
    decision = ExchangedDecision.objects.create(
        case=case,
        decided_on=datetime.date(2026, 11, 2),
        penalty_types=["fine"],
        fine_amount=Decimal("500.00"),
        document_number="沪城管罚〔2026〕1号",
    )
    first = drafts.on_exchanged_decision(decision, True)
    assert first.source == PublicationSource.EXCHANGE
    assert first.document_number == "沪城管罚〔2026〕1号"
    assert first.original["fields"]["CF_NR_FK"] == "0.05"

    decision.document_number = "沪城管罚〔2026〕2号"
    decision.save()
    second = drafts.on_exchanged_decision(decision, False)
    assert second.pk == first.pk
    assert second.document_number == "沪城管罚〔2026〕2号"
    assert Publication.objects.filter(exchanged_decision=decision).count() == 1


def manual(agency_id: int, **overrides: object) -> ManualInput:
    data = ManualInput(
        agency_id=agency_id,
        kind="penalty",
        document_number="青税罚〔2026〕8号",
        decided_on=datetime.date(2026, 11, 3),
        text="行政处罚决定书\n当事人：王五\n违法事实：未按期申报纳税。",
        parties=[PartyInput(kind="natural_person", name="王五", id_number=person_id(41))],
        fields={"CF_NR": "罚款人民币500元"},
        penalty_types=["fine"],
        fine=Decimal("500"),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_manual_entry_creates_draft(agency_a, officer_user) -> None:
    publication = drafts.enter_manually(officer_user, manual(agency_a.pk))
    assert publication.source == PublicationSource.MANUAL
    assert publication.status == PublicationStatus.DRAFT
    assert publication.original["fields"]["CF_NR"] == "罚款人民币500元"
    assert publication.due_on == datetime.date(2026, 11, 12)
    assert AuditEntry.objects.filter(action="publication_entered").exists()


MANUAL_ERRORS = [
    ({"document_number": " "}, "document_number", "决定书文号"),
    ({"decided_on": None}, "decided_on", "决定日期"),
    ({"decided_on": datetime.date(2099, 1, 1)}, "decided_on", "晚于今天"),
    ({"text": ""}, "text", "决定书全文"),
    ({"parties": []}, "parties", "当事人"),
    ({"kind": "nonsense"}, "kind", "公示类别"),
    (
        {"parties": [PartyInput(kind="natural_person", name="王五", id_number="310118")]},
        "parties.0.id_number",
        "身份证号",
    ),
    ({"fields": {"XK_NR": "x"}}, "fields", "XK_NR"),
]


@pytest.mark.parametrize(("overrides", "field", "words"), MANUAL_ERRORS)
def test_manual_entry_errors(agency_a, officer_user, overrides, field, words) -> None:
    with pytest.raises(ValidationFailed) as caught:
        drafts.enter_manually(officer_user, manual(agency_a.pk, **overrides))
    assert caught.value.field == field
    assert words in caught.value.message
    assert not Publication.objects.exists()


def test_manual_entry_scope_and_capability(agency_a, agency_b, officer_user, make_user) -> None:
    with pytest.raises(NotFound):
        drafts.enter_manually(officer_user, manual(agency_b.pk))
    reviewer = make_user("reviewer_a", "reviewer", agency=agency_a)
    with pytest.raises(NotPermitted):
        drafts.enter_manually(reviewer, manual(agency_a.pk))
