"""Writing guiding cases: masking with the case's parties, the preview, and capabilities."""

import pytest

from zhifa.accounts.models import AuditEntry, User
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import World, open_ordinary
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from zhifa.publicity.redaction import PartyFacts, redact_text
from zhifa.supervision.guidance.actions import guiding_cases
from zhifa.supervision.guidance.masking import guiding_policy
from zhifa.supervision.guidance.models import GuidingCaseStatus
from zhifa.supervision.guidance.tests.support import PARTY_ADDRESS, PARTY_NAME, guiding_input

pytestmark = pytest.mark.django_db


def test_stored_texts_are_masked(world: World, case_closed: Case, supervisor_user: User) -> None:
    data = guiding_input(world)
    guiding = guiding_cases.create_guiding_case(supervisor_user, case_closed.pk, data)
    guiding.refresh_from_db()

    stored = " ".join(
        [guiding.title, guiding.summary, guiding.facts, guiding.reasoning, guiding.key_points]
    )
    assert PARTY_NAME not in stored
    assert world.party.id_number not in stored
    assert PARTY_ADDRESS not in stored
    assert "13812345678" not in stored
    assert "李明华" not in stored
    assert "张某某" in guiding.title
    assert "第四十九条" in guiding.reasoning
    assert guiding.status == GuidingCaseStatus.DRAFT
    assert guiding.issue_tags == ["责令改正", "裁量基准"]


def test_copies_case_kind_items_and_domain(
    world: World, case_closed: Case, supervisor_user: User
) -> None:
    guiding = guiding_cases.create_guiding_case(
        supervisor_user, case_closed.pk, guiding_input(world)
    )

    assert guiding.case_kind == case_closed.kind
    assert list(guiding.power_items.all()) == [world.power_item]
    assert guiding.domain == world.domain
    assert guiding.agency == world.agency


def test_preview_shows_original_beside_masked(
    world: World, case_closed: Case, supervisor_user: User
) -> None:
    masked_preview = guiding_cases.preview(supervisor_user, case_closed.pk, guiding_input(world))

    title = masked_preview.fields[0]
    assert title.label == "标题"
    assert PARTY_NAME in title.original
    assert PARTY_NAME not in title.masked


def test_extra_masks_hide_added_strings(
    world: World, case_closed: Case, supervisor_user: User
) -> None:
    data = guiding_input(world, key_points="本案由新风路菜场摊位引发。", extra_masks=["新风路菜场"])
    guiding = guiding_cases.create_guiding_case(supervisor_user, case_closed.pk, data)

    assert "新风路菜场" not in guiding.key_points
    assert guiding.extra_masks == ["新风路菜场"]


def test_organisation_name_and_code_hidden(agency_a: object) -> None:
    policy = guiding_policy(agency_a.pk)  # type: ignore[attr-defined]
    company = PartyFacts(
        name="上海青浦甲乙贸易有限公司", kind="legal_person", uscc="91310118MA1JL0XX4K"
    )
    text = "上海青浦甲乙贸易有限公司（统一社会信用代码91310118MA1JL0XX4K）未按规定设置标识。"

    masked = redact_text(text, [company], policy).masked

    assert "甲乙贸易" not in masked
    assert "91310118MA1JL0XX4K" not in masked


def test_open_case_refused(world: World, supervisor_user: User) -> None:
    case = open_ordinary(world)

    with pytest.raises(InvalidTransition):
        guiding_cases.create_guiding_case(supervisor_user, case.pk, guiding_input(world))


def test_agency_head_cannot_write(world: World, case_closed: Case, agency_head_user: User) -> None:
    with pytest.raises(NotPermitted):
        guiding_cases.create_guiding_case(agency_head_user, case_closed.pk, guiding_input(world))


def test_missing_text_names_field(world: World, case_closed: Case, supervisor_user: User) -> None:
    with pytest.raises(ValidationFailed) as caught:
        guiding_cases.create_guiding_case(
            supervisor_user, case_closed.pk, guiding_input(world, facts="  ")
        )

    assert caught.value.field == "facts"
    assert "基本案情" in caught.value.message


def test_one_guiding_case_per_case(world: World, case_closed: Case, supervisor_user: User) -> None:
    guiding_cases.create_guiding_case(supervisor_user, case_closed.pk, guiding_input(world))

    with pytest.raises(ValidationFailed):
        guiding_cases.create_guiding_case(supervisor_user, case_closed.pk, guiding_input(world))


def test_release_and_withdraw_audited(
    world: World, case_closed: Case, supervisor_user: User
) -> None:
    guiding = guiding_cases.create_guiding_case(
        supervisor_user, case_closed.pk, guiding_input(world)
    )
    guiding_cases.release_guiding_case(supervisor_user, guiding.pk)

    with pytest.raises(InvalidTransition):
        guiding_cases.update_guiding_case(supervisor_user, guiding.pk, guiding_input(world))
    guiding_cases.withdraw_guiding_case(supervisor_user, guiding.pk, "案例依据的规定已修订")
    guiding.refresh_from_db()

    assert guiding.status == GuidingCaseStatus.WITHDRAWN
    actions = list(
        AuditEntry.objects.filter(target_type="guidance.guidingcase", target_id=str(guiding.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["guiding_case_drafted", "guiding_case_released", "guiding_case_withdrawn"]
