"""Circulars: targeting, acknowledgement, who has not acknowledged, scope and capabilities."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, AgencyKind
from zhifa.cases.tests.pages_support import client_for
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.supervision.guidance.actions import circulars
from zhifa.supervision.guidance.models import CircularTarget, MentionStance

pytestmark = pytest.mark.django_db


def circular_input(**overrides: Any) -> circulars.CircularInput:
    data = circulars.CircularInput(
        number="青司通〔2026〕5号",
        title="关于2026年第三季度行政执法案卷评查情况的通报",
        body="现将评查情况通报如下……",
        issued_on=datetime.date(2026, 11, 20),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_to_all_agencies(agency_a: Agency, agency_b: Agency, supervisor_user: User) -> None:
    circular = circulars.issue_circular(supervisor_user, circular_input(to_all_agencies=True))
    later = Agency.objects.create(
        name="上海市青浦区新设局", short_name="新设局", kind=AgencyKind.TOWN
    )

    targets = set(circular.targets.values_list("agency_id", flat=True))

    assert targets == {agency_a.pk, agency_b.pk}
    assert later.pk not in targets


def test_mentioned_agencies_receive_it(
    agency_a: Agency, agency_b: Agency, supervisor_user: User
) -> None:
    circular = circulars.issue_circular(
        supervisor_user, circular_input(agency_ids=[agency_a.pk], criticised_ids=[agency_b.pk])
    )

    assert set(circular.targets.values_list("agency_id", flat=True)) == {agency_a.pk, agency_b.pk}
    mention = circular.mentions.get()
    assert mention.agency == agency_b
    assert mention.stance == MentionStance.CRITICISED


def test_no_target_rejected(supervisor_user: User, agency_a: Agency) -> None:
    with pytest.raises(ValidationFailed) as caught:
        circulars.issue_circular(supervisor_user, circular_input())

    assert caught.value.field == "agency_ids"


def test_criticised_and_commended_rejected(supervisor_user: User, agency_a: Agency) -> None:
    data = circular_input(criticised_ids=[agency_a.pk], commended_ids=[agency_a.pk])

    with pytest.raises(ValidationFailed):
        circulars.issue_circular(supervisor_user, data)


def test_duplicate_number_rejected(supervisor_user: User, agency_a: Agency) -> None:
    circulars.issue_circular(supervisor_user, circular_input(agency_ids=[agency_a.pk]))

    with pytest.raises(ValidationFailed) as caught:
        circulars.issue_circular(supervisor_user, circular_input(agency_ids=[agency_a.pk]))

    assert caught.value.field == "number"


def test_correction_is_new_circular(supervisor_user: User, agency_a: Agency) -> None:
    original = circulars.issue_circular(supervisor_user, circular_input(agency_ids=[agency_a.pk]))

    correction = circulars.issue_circular(
        supervisor_user,
        circular_input(
            number="青司通〔2026〕6号", agency_ids=[agency_a.pk], corrects_id=original.pk
        ),
    )

    assert correction.corrects == original
    assert list(original.corrections.all()) == [correction]


def test_agency_head_cannot_issue(agency_head_user: User, agency_a: Agency) -> None:
    with pytest.raises(NotPermitted):
        circulars.issue_circular(agency_head_user, circular_input(agency_ids=[agency_a.pk]))


def test_acknowledge_once_with_feedback(
    agency_a: Agency, agency_head_user: User, supervisor_user: User
) -> None:
    circular = circulars.issue_circular(supervisor_user, circular_input(agency_ids=[agency_a.pk]))

    target = circulars.acknowledge_circular(agency_head_user, circular.pk, "已组织整改")

    assert target.acknowledged_by == agency_head_user
    assert target.feedback == "已组织整改"
    with pytest.raises(InvalidTransition) as caught:
        circulars.acknowledge_circular(agency_head_user, circular.pk)
    assert "已于" in caught.value.message
    assert f"由{agency_head_user}签收" in caught.value.message


def test_untargeted_agency_cannot_acknowledge(
    agency_a: Agency, agency_b: Agency, supervisor_user: User, other_agency_user: User
) -> None:
    circular = circulars.issue_circular(supervisor_user, circular_input(agency_ids=[agency_a.pk]))

    with pytest.raises(NotFound):
        circulars.acknowledge_circular(other_agency_user, circular.pk)


def test_officer_cannot_acknowledge(
    agency_a: Agency, officer_user: User, supervisor_user: User
) -> None:
    circular = circulars.issue_circular(supervisor_user, circular_input(agency_ids=[agency_a.pk]))

    with pytest.raises(NotPermitted):
        circulars.acknowledge_circular(officer_user, circular.pk)


def test_bureau_sees_who_has_not_acknowledged(
    agency_a: Agency,
    agency_b: Agency,
    agency_head_user: User,
    supervisor_user: User,
) -> None:
    circular = circulars.issue_circular(supervisor_user, circular_input(to_all_agencies=True))
    circulars.acknowledge_circular(agency_head_user, circular.pk)

    page = client_for(supervisor_user).get(reverse("guidance:circular_detail", args=[circular.pk]))
    listing = client_for(supervisor_user).get(reverse("guidance:circular_list"))

    content = page.content.decode()
    assert "2个接收单位，1个未签收" in content
    assert "已签收1/2" in listing.content.decode()
    pending = CircularTarget.objects.get(circular=circular, acknowledged_at__isnull=True)
    assert pending.agency == agency_b


def test_agency_sees_only_its_circulars(
    agency_a: Agency, agency_b: Agency, supervisor_user: User, other_agency_user: User
) -> None:
    mine = circulars.issue_circular(supervisor_user, circular_input(agency_ids=[agency_b.pk]))
    other = circulars.issue_circular(
        supervisor_user, circular_input(number="青司通〔2026〕7号", agency_ids=[agency_a.pk])
    )
    client = client_for(other_agency_user)

    listing = client.get(reverse("guidance:circular_list")).content.decode()
    hidden = client.get(reverse("guidance:circular_detail", args=[other.pk]))

    assert mine.number in listing
    assert other.number not in listing
    assert hidden.status_code == 404


def test_acknowledge_page(agency_a: Agency, agency_head_user: User, supervisor_user: User) -> None:
    circular = circulars.issue_circular(supervisor_user, circular_input(agency_ids=[agency_a.pk]))
    url = reverse("guidance:circular_detail", args=[circular.pk])

    response = client_for(agency_head_user).post(url, {"feedback": "收悉"})

    assert response.status_code == 302
    target = CircularTarget.objects.get(circular=circular)
    assert target.feedback == "收悉"


def test_second_acknowledgement_shows_who(
    agency_a: Agency, agency_head_user: User, supervisor_user: User
) -> None:
    circular = circulars.issue_circular(supervisor_user, circular_input(agency_ids=[agency_a.pk]))
    url = reverse("guidance:circular_detail", args=[circular.pk])
    client = client_for(agency_head_user)
    client.post(url, {"feedback": "收悉"})

    again = client.post(url, {"feedback": "再次提交"}, follow=True)

    content = again.content.decode()
    assert again.status_code == 200
    assert "无需重复签收" in content
    assert f"由{agency_head_user}签收" in content
    assert CircularTarget.objects.get(circular=circular).feedback == "收悉"


@pytest.mark.parametrize(
    ("feedback", "shown"),
    [
        ("已组织整改。", "反馈意见：已组织整改。</p>"),
        ("已组织整改", "反馈意见：已组织整改。</p>"),
        ("将于“十日内”整改！", "反馈意见：将于“十日内”整改！</p>"),
        ("已整改（见附件）", "反馈意见：已整改（见附件）。</p>"),
    ],
)
def test_feedback_ends_with_one_stop(
    agency_a: Agency, agency_head_user: User, supervisor_user: User, feedback: str, shown: str
) -> None:
    circular = circulars.issue_circular(supervisor_user, circular_input(agency_ids=[agency_a.pk]))
    circulars.acknowledge_circular(agency_head_user, circular.pk, feedback)

    page = client_for(agency_head_user).get(reverse("guidance:circular_detail", args=[circular.pk]))

    content = page.content.decode()
    assert shown in content
    assert "。。" not in content


def test_officer_acknowledge_shows_reason(
    agency_a: Agency, officer_user: User, supervisor_user: User
) -> None:
    circular = circulars.issue_circular(supervisor_user, circular_input(agency_ids=[agency_a.pk]))
    url = reverse("guidance:circular_detail", args=[circular.pk])

    response = client_for(officer_user).post(url, {"feedback": ""})

    assert response.status_code == 403
    assert "errorlist" in response.content.decode()


def test_issue_page_refuses_agency(agency_head_user: User) -> None:
    response = client_for(agency_head_user).get(reverse("guidance:circular_create"))

    assert response.status_code == 403


def test_issue_page(agency_a: Agency, supervisor_user: User) -> None:
    response = client_for(supervisor_user).post(
        reverse("guidance:circular_create"),
        {
            "number": "青司通〔2026〕9号",
            "title": "表扬通报",
            "issued_on": "2026-11-30",
            "body": "正文",
            "commended": [agency_a.pk],
        },
    )

    assert response.status_code == 302
    assert CircularTarget.objects.filter(agency=agency_a).exists()


def test_user_without_agency_sees_nothing(
    agency_a: Agency, supervisor_user: User, make_user: Any
) -> None:
    circular = circulars.issue_circular(supervisor_user, circular_input(agency_ids=[agency_a.pk]))
    archivist = make_user("archivist_b", Role.ARCHIVIST)

    response = client_for(archivist).get(reverse("guidance:circular_detail", args=[circular.pk]))

    assert response.status_code == 404
