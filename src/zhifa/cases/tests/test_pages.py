"""Case pages: list, opening, timeline, step and document forms, parties; scope and refusals."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.cases import actions
from zhifa.cases.models import Case, CaseKind, CaseStep, Document, DocumentStatus, Party, Stage
from zhifa.cases.tests import documents_support, pages_support
from zhifa.cases.tests.documents_support import PNG_BYTES
from zhifa.cases.tests.pages_support import client_for, finalised_decision_document
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_decision,
    at,
    office,
    open_ordinary,
    person_id,
)

world = pages_support.world
world_b = pages_support.world_b
fake_pdf = documents_support.fake_pdf

pytestmark = pytest.mark.usefixtures("fake_pdf")


@pytest.fixture
def case(world: World) -> Case:
    return open_ordinary(world)


@pytest.fixture
def case_b(world_b: World) -> Case:
    return open_ordinary(world_b, title="乙单位的案件")


@pytest.fixture
def officer_client(world: World) -> Client:
    return client_for(world.officer_user)


@pytest.fixture
def head_client(world: World) -> Client:
    return client_for(world.head)


@pytest.fixture
def final_document(world: World, case: Case) -> Document:
    advance_to_decision(world, case)
    return finalised_decision_document(world, case)


def page_urls(case: Case, document: Document) -> list[str]:
    party = case.parties.get()
    return [
        reverse("cases:case_list"),
        reverse("cases:case_export"),
        reverse("cases:case_create"),
        reverse("cases:case_detail", args=[case.pk]),
        reverse("cases:document_edit", args=[document.pk]),
        reverse("cases:document_docx", args=[document.pk]),
        reverse("cases:document_pdf", args=[document.pk]),
        reverse("cases:party_list"),
        reverse("cases:party_detail", args=[party.pk]),
    ]


def step_post(step: str, **fields: Any) -> dict[str, Any]:
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    return {"step": step, "occurred_at": now, "summary": "办理记录", **fields}


# --- Every page: allowed, refused, not found ---------------------------------------------------


def test_pages_open_for_officer(
    officer_client: Client, case: Case, final_document: Document
) -> None:
    for url in page_urls(case, final_document):
        response = officer_client.get(url)
        assert response.status_code == 200, url


def test_pages_refuse_user_without_backoffice(
    make_user: Any, case: Case, final_document: Document
) -> None:
    client = client_for(make_user("audit_only", Role.AUDIT_ADMIN))
    for url in page_urls(case, final_document):
        assert client.get(url).status_code == 403, url


def test_case_changes_refuse_user_without_manage_cases(
    make_user: Any, agency_a: Any, case: Case, final_document: Document
) -> None:
    client = client_for(make_user("reviewer_a", Role.REVIEWER, agency=agency_a))
    steps_before = CaseStep.objects.count()
    posts = [
        reverse("cases:case_create"),
        reverse("cases:step_record", args=[case.pk]),
        reverse("cases:step_correct", args=[case.pk]),
        reverse("cases:document_create", args=[case.pk]),
        reverse("cases:document_edit", args=[final_document.pk]),
        reverse("cases:document_finalise", args=[final_document.pk]),
        reverse("cases:document_original_upload", args=[final_document.pk]),
        reverse("cases:document_correct", args=[final_document.pk]),
    ]
    for url in posts:
        assert client.post(url, step_post("inquiry_record")).status_code == 403, url
    assert client.get(reverse("cases:case_create")).status_code == 403
    assert CaseStep.objects.count() == steps_before


def test_other_agency_objects_are_not_found(
    world: World, case: Case, final_document: Document, case_b: Case
) -> None:
    client = client_for(case_b.created_by)  # type: ignore[arg-type]
    party_only_in_a = actions.find_or_register_party(
        world.officer_user,
        actions.PartyInput(kind="natural_person", name="赵六", id_number=person_id(51)),
    ).party
    open_ordinary(world, party_ids=[party_only_in_a.pk])
    urls = [
        reverse("cases:case_detail", args=[case.pk]),
        reverse("cases:step_record", args=[case.pk]),
        reverse("cases:step_correct", args=[case.pk]),
        reverse("cases:document_create", args=[case.pk]),
        reverse("cases:document_edit", args=[final_document.pk]),
        reverse("cases:document_finalise", args=[final_document.pk]),
        reverse("cases:document_original_upload", args=[final_document.pk]),
        reverse("cases:document_correct", args=[final_document.pk]),
        reverse("cases:document_docx", args=[final_document.pk]),
        reverse("cases:document_pdf", args=[final_document.pk]),
        reverse("cases:document_original", args=[final_document.pk]),
        reverse("cases:party_detail", args=[party_only_in_a.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code in {404, 405}, url
        assert client.post(url, step_post("inquiry_record")).status_code in {404, 405}, url
    assert Document.objects.filter(case=case).count() == 1


# --- Case list ---------------------------------------------------------------------------------


def test_list_shows_only_scope(officer_client: Client, case: Case, case_b: Case) -> None:
    body = officer_client.get(reverse("cases:case_list")).content.decode()

    assert case.number in body
    assert case_b.number not in body
    assert "乙单位的案件" not in body


def test_list_filters(world: World, officer_client: Client, case: Case) -> None:
    other = open_ordinary(
        world,
        title="占道经营案",
        opened_on=datetime.date(2026, 11, 20),
        officer_ids=[world.officers[0].pk, world.presiding.pk],
        party_ids=[
            actions.find_or_register_party(
                world.officer_user,
                actions.PartyInput(kind="natural_person", name="李四", id_number=person_id(31)),
            ).party.pk
        ],
    )
    advance_to_decision(world, case)
    url = reverse("cases:case_list")

    def numbers(**query: Any) -> set[str]:
        response = officer_client.get(url, query)
        assert response.status_code == 200
        return {row.number for row in response.context["object_list"]}

    assert numbers() == {case.number, other.number}
    assert numbers(stage=Stage.REVIEW) == {case.number}
    assert numbers(stage=Stage.INITIATION) == {other.number}
    assert numbers(kind=CaseKind.PENALTY_ORDINARY) == {case.number, other.number}
    assert numbers(kind=CaseKind.INSPECTION) == set()
    assert numbers(status="closed") == set()
    assert numbers(officer=world.presiding.pk) == {other.number}
    assert numbers(party="李") == {other.number}
    assert numbers(party=world.party.id_number) == {case.number}
    assert numbers(party=world.party.id_number[:10]) == set()
    assert numbers(opened_from="2026-11-01") == {other.number}
    assert numbers(opened_to="2026-10-31") == {case.number}
    assert numbers(department=world.department.pk) == {case.number, other.number}
    assert numbers(agency=world.agency.pk) == {case.number, other.number}


def test_list_agency_filter_offers_scope_only(
    officer_client: Client, case: Case, case_b: Case, supervisor_user: User
) -> None:
    response = officer_client.get(reverse("cases:case_list"), {"agency": case_b.agency_id})
    assert response.context["filter_form"].errors["agency"]
    assert "乙单位的案件" not in response.content.decode()

    supervisor = client_for(supervisor_user)
    response = supervisor.get(reverse("cases:case_list"), {"agency": case_b.agency_id})
    assert [row.pk for row in response.context["object_list"]] == [case_b.pk]


def test_list_query_count_is_fixed(
    world: World,
    officer_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    open_ordinary(world)
    with django_assert_max_num_queries(20) as few:
        officer_client.get(reverse("cases:case_list"))
    for _ in range(12):
        open_ordinary(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_client.get(reverse("cases:case_list"))
    assert len(response.context["object_list"]) == 13


# --- Opening a case ----------------------------------------------------------------------------


def case_form(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "kind": CaseKind.PENALTY_ORDINARY,
        "department_id": world.department.pk,
        "title": "擅自占用道路设摊案",
        "power_item_ids": [world.power_item.pk],
        "officer_ids": [officer.pk for officer in world.officers],
        "opened_on": "2026-12-01",
        "party-TOTAL_FORMS": "2",
        "party-INITIAL_FORMS": "0",
        "party-MIN_NUM_FORMS": "0",
        "party-MAX_NUM_FORMS": "5",
        "party-0-kind": "natural_person",
        "party-0-name": "王五",
        "party-0-number": person_id(41),
        "party-0-address": "上海市青浦区朱家角镇示例路2号",
    }
    data.update(overrides)
    return data


def test_open_case_registers_party_and_redirects(world: World, officer_client: Client) -> None:
    response = officer_client.post(reverse("cases:case_create"), case_form(world))

    case = Case.objects.get(title="擅自占用道路设摊案")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
    assert [party.name for party in case.parties.all()] == ["王五"]
    assert case.steps.filter(step="case_opened").exists()


def test_open_case_finds_existing_party(world: World, officer_client: Client) -> None:
    data = case_form(world, **{"party-0-number": world.party.id_number, "party-0-name": "张三丰"})
    response = officer_client.post(reverse("cases:case_create"), data, follow=True)

    case = Case.objects.get(title="擅自占用道路设摊案")
    assert list(case.parties.all()) == [world.party]
    assert "登记的名称为“张三”" in response.content.decode()
    assert Party.objects.filter(name="张三丰").count() == 0


def test_open_case_errors_name_the_field(world: World, officer_client: Client) -> None:
    response = officer_client.post(
        reverse("cases:case_create"), case_form(world, officer_ids=[world.officers[0].pk])
    )
    assert response.status_code == 400
    assert "不少于2名承办执法人员" in response.content.decode()

    response = officer_client.post(
        reverse("cases:case_create"), case_form(world, **{"party-0-number": "310118"})
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "第1名当事人：身份证号无效" in body
    assert not Party.objects.filter(name="王五").exists()
    assert not Case.objects.filter(title="擅自占用道路设摊案").exists()

    response = officer_client.post(reverse("cases:case_create"), case_form(world, title=""))
    assert "「案由」" in response.content.decode()


# --- Timeline and steps ------------------------------------------------------------------------


def test_timeline_header_and_deadline(world: World, officer_client: Client, case: Case) -> None:
    body = officer_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()

    assert case.number in body
    assert "行政处罚（普通程序）" in body
    assert world.party.masked_id_number in body
    assert world.party.id_number not in body
    assert "作出处罚决定期限" in body
    assert "2027年1月11日" in body  # 90 days after 12 October 2026, 10 January being a Sunday
    assert "案件登记" in body
    assert "TODO" not in body


def test_agency_head_sees_full_party_number(head_client: Client, case: Case) -> None:
    body = head_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert case.parties.get().id_number in body


def test_step_choice_offers_allowed_steps_only(
    officer_client: Client, head_client: Client, case: Case
) -> None:
    url = reverse("cases:case_detail", args=[case.pk])
    officer_choices = dict(officer_client.get(url).context["choice_form"].fields["step"].choices)
    head_choices = dict(head_client.get(url).context["choice_form"].fields["step"].choices)

    assert "filing_approval" not in officer_choices  # an approval
    assert "filing_approval" in head_choices
    assert "penalty_decision" not in head_choices  # a later stage
    assert "inspection_record" not in head_choices  # filing approval comes first


def test_record_steps_through_pages(
    world: World, officer_client: Client, head_client: Client, case: Case
) -> None:
    url = reverse("cases:step_record", args=[case.pk])
    response = head_client.post(url, step_post("filing_approval", summary="同意立案"))
    assert response.status_code == 302

    form = officer_client.get(
        reverse("cases:case_detail", args=[case.pk]), {"step": "inspection_record"}
    ).context["step_form"]
    assert "credential_shown" in form.fields
    assert "fine" not in form.fields

    on_site = step_post(
        "inspection_record",
        place="朱家角镇新风路1号",
        officer_ids=[officer.pk for officer in world.officers],
        credential_shown="on",
        uniform_worn="on",
        grounds_told="on",
        basis_told="on",
    )
    response = officer_client.post(url, on_site)
    assert response.status_code == 400
    assert "告知权利" in response.content.decode()

    response = officer_client.post(url, {**on_site, "rights_told": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.INVESTIGATION
    step = case.steps.get(step="inspection_record")
    assert step.officers.count() == 2
    assert step.rights_told is True


def test_step_not_offered_is_rejected(officer_client: Client, case: Case) -> None:
    response = officer_client.post(
        reverse("cases:step_record", args=[case.pk]), step_post("penalty_decision"), follow=True
    )
    assert "该办案环节现在不能记录" in response.content.decode()
    assert not case.steps.filter(step="penalty_decision").exists()


def test_decision_error_names_field(world: World, officer_client: Client, case: Case) -> None:
    advance_to_decision(world, case)
    actions.give_prior_notice(
        world.officer_user,
        case,
        office("prior_notice", at(10, 28)),
        actions.PriorNoticeInput(
            facts="占道",
            grounds="违反规定",
            legal_basis="第二十条",
            penalty=actions.PenaltyInput(types=["fine"], fine="2000"),
            served_on=datetime.date(2026, 10, 28),
        ),
    )
    response = officer_client.post(
        reverse("cases:step_record", args=[case.pk]),
        step_post(
            "penalty_decision",
            decided_on="2026-11-05",
            penalty_types=["fine"],
            fine="3000",
            facts_and_evidence="事实",
            penalty_basis="第四十九条",
            performance_manner="银行缴纳",
            performance_deadline="2026-11-25",
            remedy_channels="复议或诉讼",
            remedy_deadlines="六十日、六个月",
        ),
    )
    assert response.status_code == 400
    errors = response.context["step_form"].errors
    assert "penalty_types" in errors


def test_correction_needs_reason(world: World, officer_client: Client, case: Case) -> None:
    original = case.steps.get(step="case_opened")
    detail = officer_client.get(
        reverse("cases:case_detail", args=[case.pk]), {"correct": original.pk}
    )
    assert detail.context["correction_form"] is not None

    url = reverse("cases:step_correct", args=[case.pk])
    data = step_post("case_opened", step_id=original.pk, summary="登记案件（更正案由）")
    response = officer_client.post(url, data)
    assert response.status_code == 400
    assert "更正理由" in response.content.decode()

    response = officer_client.post(url, {**data, "correction_reason": "案由笔误"})
    assert response.status_code == 302
    correction = case.steps.get(corrects=original)
    assert correction.correction_reason == "案由笔误"
    body = officer_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert f'更正<a href="#step-{original.pk}">第{original.sequence}项记录</a>' in body


# --- Documents ---------------------------------------------------------------------------------


def test_document_draft_edit_finalise_download(
    world: World, officer_client: Client, case: Case
) -> None:
    response = officer_client.post(
        reverse("cases:document_create", args=[case.pk]), {"doc_type": "case_approval"}
    )
    document = Document.objects.get(case=case, doc_type="case_approval")
    assert response["Location"] == reverse("cases:document_edit", args=[document.pk])

    edit = reverse("cases:document_edit", args=[document.pk])
    response = officer_client.post(edit, {"source": "巡查发现", "summary": "占道堆物"})
    assert response.status_code == 302
    response = officer_client.post(
        edit, {"source": "巡查发现", "summary": "占道堆物", "finalise": "1"}, follow=True
    )
    assert "请先填写以下栏目再定稿：承办人意见" in response.content.decode()

    officer_client.post(
        edit,
        {
            "source": "巡查发现",
            "summary": "占道堆物",
            "handler_opinion": "建议立案",
            "finalise": "1",
        },
    )
    document.refresh_from_db()
    assert document.status == DocumentStatus.FINAL

    downloaded = officer_client.get(reverse("cases:document_pdf", args=[document.pk]))
    assert downloaded.status_code == 200
    assert AuditEntry.objects.filter(action="document_file_downloaded").count() == 1


def test_document_original_and_correction(
    officer_client: Client, case: Case, final_document: Document
) -> None:
    upload = SimpleUploadedFile("scan.png", PNG_BYTES, content_type="image/png")
    officer_client.post(
        reverse("cases:document_original_upload", args=[final_document.pk]), {"file": upload}
    )
    assert final_document.originals.count() == 1
    scan = officer_client.get(reverse("cases:document_original", args=[final_document.pk]))
    assert scan.status_code == 200

    url = reverse("cases:document_correct", args=[final_document.pk])
    response = officer_client.post(url, {"reason": ""}, follow=True)
    assert "更正理由" in response.content.decode()
    response = officer_client.post(url, {"reason": "罚款金额笔误"})
    correction = Document.objects.get(previous=final_document)
    assert response["Location"] == reverse("cases:document_edit", args=[correction.pk])
    assert correction.version == 2


# --- Parties -----------------------------------------------------------------------------------


def test_party_list_search_and_scope(
    world: World, officer_client: Client, case: Case, case_b: Case
) -> None:
    url = reverse("cases:party_list")

    def names(**query: str) -> set[str]:
        rows = officer_client.get(url, query).context["rows"]
        return {row["party"].name for row in rows}

    # The register is district-wide: agency B's case has the same party 张三.
    assert case_b.parties.get().pk == world.party.pk
    assert names() == {"张三"}
    assert names(q="张") == {"张三"}
    assert names(q=world.party.id_number) == {"张三"}
    assert names(q=world.party.id_number[:12]) == set()


def test_party_detail_lists_scoped_cases(
    world: World, officer_client: Client, head_client: Client, case: Case, case_b: Case
) -> None:
    url = reverse("cases:party_detail", args=[world.party.pk])
    response = officer_client.get(url)
    body = response.content.decode()

    assert [row.pk for row in response.context["cases"]] == [case.pk]
    assert case_b.number not in body
    assert world.party.masked_id_number in body
    assert world.party.id_number in head_client.get(url).content.decode()


def test_party_number_masked_for_head_without_case(
    world: World, world_b: World, case_b: Case
) -> None:
    # 张三 has a case only in agency B here; agency A's head cannot even find the party.
    client = client_for(world.head)
    assert client.get(reverse("cases:party_detail", args=[world.party.pk])).status_code == 404
    body = (
        client_for(world_b.head)
        .get(reverse("cases:party_detail", args=[world.party.pk]))
        .content.decode()
    )
    assert world.party.id_number in body
