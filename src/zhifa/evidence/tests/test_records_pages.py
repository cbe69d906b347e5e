"""The record list and detail pages, their forms, and the AV panel on the case page."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.audit import ACTION_LABELS
from zhifa.accounts.models import AuditEntry, User
from zhifa.cases.models import Case, CaseKind
from zhifa.cases.tests import pages_support
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.steps_support import World, at
from zhifa.coercion.tests.support import approved_measure, open_kind
from zhifa.evidence.models import (
    AccessLog,
    AvRecord,
    Interruption,
    LedgerEntry,
    SceneExemption,
    Sensitivity,
)
from zhifa.evidence.records import AUDIT_LABELS, register_audit_labels
from zhifa.evidence.tests.records_support import make_device, make_record, scene

world = pages_support.world
world_b = pages_support.world_b


@pytest.fixture
def officer_client(world: World) -> Client:
    return client_for(world.officer_user)


@pytest.fixture
def record(world: World) -> AvRecord:
    return make_record(world.agency, world.officer_user, at(11, 2, 10), at(11, 2, 11))


def _detail(client: Client, record: AvRecord, **query: str) -> Any:
    return client.get(reverse("evidence:record_detail", args=[record.pk]), query)


def test_list_shows_own_records(world: World, officer_client: Client, record: AvRecord) -> None:
    response = officer_client.get(reverse("evidence:record_list"))

    assert response.status_code == 200
    assert record.filename in response.content.decode()


def test_list_filters_unlinked(world: World, officer_client: Client, record: AvRecord) -> None:
    case = open_kind(world, CaseKind.COERCIVE_MEASURE)
    linked = make_record(world.agency, world.officer_user, at(11, 3, 10), at(11, 3, 11), case=case)

    response = officer_client.get(reverse("evidence:record_list"), {"unlinked": "on"})

    names = [row.filename for row in response.context["object_list"]]
    assert record.filename in names
    assert linked.filename not in names


def test_list_filters_case_number_and_scene(
    world: World, officer_client: Client, record: AvRecord
) -> None:
    case = open_kind(world, CaseKind.COERCIVE_MEASURE)
    linked = make_record(
        world.agency,
        world.officer_user,
        at(11, 3, 10),
        at(11, 3, 11),
        case=case,
        scene_code="sealing_seizure",
    )

    by_case = officer_client.get(reverse("evidence:record_list"), {"case_number": case.number})
    by_scene = officer_client.get(
        reverse("evidence:record_list"), {"scene": str(scene("on_site_inspection").pk)}
    )

    assert [row.pk for row in by_case.context["object_list"]] == [linked.pk]
    assert [row.pk for row in by_scene.context["object_list"]] == [record.pk]


def test_list_filters_dates_and_device(world: World, officer_client: Client) -> None:
    device = make_device(world.agency)
    early = make_record(world.agency, world.officer_user, at(11, 2), at(11, 2, 11), device=device)
    late = make_record(world.agency, world.officer_user, at(11, 20), at(11, 20, 11))

    dated = officer_client.get(
        reverse("evidence:record_list"), {"date_from": "2026-11-10", "date_to": "2026-11-30"}
    )
    by_device = officer_client.get(reverse("evidence:record_list"), {"device": str(device.pk)})

    assert [row.pk for row in dated.context["object_list"]] == [late.pk]
    assert [row.pk for row in by_device.context["object_list"]] == [early.pk]


def test_detail_logs_view(world: World, officer_client: Client, record: AvRecord) -> None:
    response = _detail(officer_client, record)

    page = response.content.decode()
    assert response.status_code == 200
    assert "2026年11月2日 10:00:00" in page
    assert record.content_id in page
    log = AccessLog.objects.get(record=record)
    assert log.action == "view"
    assert log.purpose == "查看记录信息"
    assert LedgerEntry.objects.filter(ref=f"access:{log.pk}").exists()
    assert "stream_url" in response.context


def test_detail_purpose_from_query(world: World, officer_client: Client, record: AvRecord) -> None:
    _detail(officer_client, record, purpose="核对案件现场情况")

    assert AccessLog.objects.get(record=record).purpose == "核对案件现场情况"


def test_sensitive_detail_hides_content(
    world: World, officer_client: Client, record: AvRecord
) -> None:
    AvRecord.objects.filter(pk=record.pk).update(sensitivity=Sensitivity.PRIVATE)

    response = _detail(officer_client, record)

    page = response.content.decode()
    assert reverse("evidence:access_request_create", args=[record.pk]) in page
    assert "stream_url" not in response.context
    assert not AccessLog.objects.filter(record=record).exists()


def test_other_agency_gets_404(world: World, world_b: World, record: AvRecord) -> None:
    client = client_for(world_b.officer_user)

    assert _detail(client, record).status_code == 404
    assert record.filename not in client.get(reverse("evidence:record_list")).content.decode()
    link = client.post(reverse("evidence:record_link", args=[record.pk]), {"case_number": "X"})
    assert link.status_code == 404


def test_link_case_then_step(world: World, officer_client: Client, record: AvRecord) -> None:
    case = open_kind(world, CaseKind.COERCIVE_MEASURE)
    measure = approved_measure(world, case, at(11, 2, 10))
    url = reverse("evidence:record_link", args=[record.pk])

    officer_client.post(url, {"case_number": case.number})
    officer_client.post(url, {"step_id": str(measure.imposed_step_id)})

    record.refresh_from_db()
    assert record.case_id == case.pk
    assert record.step_id == measure.imposed_step_id
    assert LedgerEntry.objects.filter(ref=f"av_record_links:{record.pk}").count() == 3
    assert AuditEntry.objects.filter(action="av_record_linked").count() == 2


def test_link_second_case_refused(world: World, officer_client: Client, record: AvRecord) -> None:
    first = open_kind(world, CaseKind.COERCIVE_MEASURE)
    second = open_kind(world, CaseKind.COERCIVE_MEASURE, title="另一案")
    from zhifa.evidence.records import links

    links.link_record(world.officer_user, record, case_id=first.pk)
    from zhifa.core.errors import InvalidTransition

    with pytest.raises(InvalidTransition, match="不能改为关联其他案件"):
        links.link_record(world.officer_user, record, case_id=second.pk)
    record.refresh_from_db()
    assert record.case_id == first.pk


def test_link_second_step_refused(world: World, record: AvRecord) -> None:
    from zhifa.core.errors import InvalidTransition
    from zhifa.evidence.records import links

    case = open_kind(world, CaseKind.COERCIVE_MEASURE)
    first = approved_measure(world, case, at(11, 2, 10))
    second = approved_measure(world, case, at(11, 2, 15))
    links.link_record(world.officer_user, record, case_id=case.pk, step_id=first.imposed_step_id)

    with pytest.raises(InvalidTransition, match="不能改为其他环节"):
        links.link_record(
            world.officer_user, record, case_id=case.pk, step_id=second.imposed_step_id
        )


def test_link_step_of_other_case_refused(world: World, record: AvRecord) -> None:
    from zhifa.core.errors import ValidationFailed
    from zhifa.evidence.records import links

    case = open_kind(world, CaseKind.COERCIVE_MEASURE)
    other = open_kind(world, CaseKind.COERCIVE_MEASURE, title="另一案")
    measure = approved_measure(world, other, at(11, 2, 10))

    with pytest.raises(ValidationFailed, match="不是案件"):
        links.link_record(
            world.officer_user, record, case_id=case.pk, step_id=measure.imposed_step_id
        )


def test_mark_sensitivity_audited(world: World, officer_client: Client, record: AvRecord) -> None:
    officer_client.post(
        reverse("evidence:record_mark", args=[record.pk]), {"sensitivity": "trade_secret"}
    )

    record.refresh_from_db()
    assert record.sensitivity == Sensitivity.TRADE_SECRET
    assert AuditEntry.objects.filter(action="av_record_marked").exists()
    assert LedgerEntry.objects.filter(ref=f"av_record_links:{record.pk}").count() == 2


def test_mark_state_secret_refused(world: World, officer_client: Client, record: AvRecord) -> None:
    response = officer_client.post(
        reverse("evidence:record_mark", args=[record.pk]),
        {"sensitivity": "state_secret"},
        follow=True,
    )

    record.refresh_from_db()
    assert record.sensitivity == Sensitivity.NORMAL
    assert "请通过涉密渠道办理" in response.content.decode()


def _gap_pair(world: World) -> tuple[AvRecord, AvRecord]:
    device = make_device(world.agency)
    first = make_record(
        world.agency, world.officer_user, at(11, 2, 9), at(11, 2, 10), device=device
    )
    second = make_record(
        world.agency,
        world.officer_user,
        at(11, 2, 10).replace(minute=5),
        at(11, 2, 11),
        device=device,
    )
    return first, second


def test_gap_form_shown_and_saved(world: World, officer_client: Client) -> None:
    first, second = _gap_pair(world)

    page = _detail(officer_client, first).content.decode()
    assert reverse("evidence:interruption_create", args=[second.pk]) in page

    officer_client.post(
        reverse("evidence:interruption_create", args=[second.pk]),
        {"source": "stated", "explanation": "电池耗尽，更换电池后继续录制", "back": first.pk},
    )
    row = Interruption.objects.get()
    assert row.resumed_record == second
    assert row.gap_ended_at == second.started_at
    assert LedgerEntry.objects.filter(ref=f"interruption:{row.pk}").exists()


def test_gap_short_explanation_refused(world: World, officer_client: Client) -> None:
    _, second = _gap_pair(world)

    response = officer_client.post(
        reverse("evidence:interruption_create", args=[second.pk]),
        {"source": "written", "explanation": "没电"},
        follow=True,
    )

    assert not Interruption.objects.exists()
    assert "中断原因" in response.content.decode()


def test_case_panel_shows_missing(world: World, officer_client: Client) -> None:
    case = open_kind(world, CaseKind.COERCIVE_MEASURE)
    approved_measure(world, case, at(11, 2, 10))

    page = officer_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()

    assert 'id="av-records"' in page
    assert "av-missing" in page
    assert reverse("evidence:exemption_create", args=[case.pk]) in page


def test_case_panel_exemption_form(world: World, officer_client: Client) -> None:
    case = open_kind(world, CaseKind.COERCIVE_MEASURE)
    measure = approved_measure(world, case, at(11, 2, 10))
    duty = f"{measure.imposed_step_id}:{scene('sealing_seizure').pk}"

    officer_client.post(
        reverse("evidence:exemption_create", args=[case.pk]),
        {"duty": duty, "reason_kind": "sterile", "reason": "现场为无菌药品生产车间，禁止带入设备"},
    )

    row = SceneExemption.objects.get()
    assert row.step_id == measure.imposed_step_id
    assert LedgerEntry.objects.filter(ref=f"exemption:{row.pk}").exists()
    page = officer_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "av-exempt" in page


def test_case_panel_other_agency_exemption_404(world: World, world_b: World) -> None:
    case: Case = open_kind(world, CaseKind.COERCIVE_MEASURE)
    client = client_for(world_b.officer_user)

    response = client.post(reverse("evidence:exemption_create", args=[case.pk]), {"duty": "1:1"})

    assert response.status_code == 404


def test_audit_labels_registered() -> None:
    register_audit_labels()

    assert all(ACTION_LABELS[action] == label for action, label in AUDIT_LABELS.items())


def test_menu_has_records(world: World, officer_client: Client, officer_user: User) -> None:
    page = officer_client.get(reverse("evidence:record_list")).content.decode()

    assert reverse("evidence:device_list") in page


def test_case_page_queries_bounded(
    world: World, officer_client: Client, django_assert_max_num_queries: Any
) -> None:
    from zhifa.cases import actions as case_actions
    from zhifa.cases.tests.steps_support import advance_to_decision, office, open_ordinary

    case = advance_to_decision(world, open_ordinary(world))
    make_record(world.agency, world.officer_user, at(11, 2, 9), at(11, 2, 10), case=case)
    url = reverse("cases:case_detail", kwargs={"pk": case.pk})
    # The guiding-case panel reads five of them (codes, domains, candidates and their items).
    with django_assert_max_num_queries(55) as before:
        officer_client.get(url)

    for hour in range(9, 17):
        case_actions.record_step(
            world.officer_user, case, office("electronic_service_consent", at(11, 2, hour))
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = officer_client.get(url)

    assert response.status_code == 200
