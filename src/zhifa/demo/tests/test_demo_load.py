import datetime

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, Credential, JudicialOffice, Officer, Reviewer
from zhifa.catalog.models import PowerItem
from zhifa.core.identifiers import check_id_number
from zhifa.demo.people import load_demo
from zhifa.demo.reference import agency_rows, load_reference

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)


def counts() -> dict[str, int]:
    return {
        "agencies": Agency.objects.count(),
        "officers": Officer.objects.count(),
        "credentials": Credential.objects.count(),
        "reviewers": Reviewer.objects.count(),
        "power_items": PowerItem.objects.count(),
        "users": User.objects.count(),
    }


def test_reference_loads_every_listed_agency_and_office():
    load_reference()

    assert Agency.objects.count() == len(agency_rows()) == 47
    assert JudicialOffice.objects.count() == 11
    zhujiajiao = JudicialOffice.objects.get(name="上海市青浦区司法局朱家角司法所")
    assert list(zhujiajiao.covers.values_list("short_name", flat=True)) == ["朱家角镇"]


def test_every_agency_gets_a_legal_review_body():
    load_reference()

    for agency in Agency.objects.select_related("review_body"):
        assert agency.review_body is not None, agency.name
        assert agency.review_body.is_legal_department


def test_second_load_changes_nothing_and_keeps_edits():
    load_reference()
    load_demo(TODAY)
    first = counts()
    officer = Officer.objects.order_by("pk").first()
    assert officer is not None
    Officer.objects.filter(pk=officer.pk).update(post="编辑后的岗位")

    load_reference()
    load_demo(TODAY)

    assert counts() == first
    officer.refresh_from_db()
    assert officer.post == "编辑后的岗位"


def test_demo_has_the_shape_the_screens_need():
    load_reference()
    load_demo(TODAY)

    officers = Officer.objects.count()
    reviewers = Reviewer.objects.count()
    assert 280 <= officers <= 340
    # Above 5%, and not far above: the demo adds one signing reviewer per review body.
    assert 0.05 <= reviewers / officers <= 0.12
    assert Credential.objects.filter(status="suspended").exists()
    expiring = Credential.objects.filter(
        status="active",
        valid_until__gte=TODAY,
        valid_until__lte=TODAY + datetime.timedelta(days=60),
    )
    assert expiring.exists()


def test_demo_id_numbers_pass_validation():
    load_reference()
    load_demo(TODAY)

    for id_number in Officer.objects.values_list("id_number", flat=True):
        assert check_id_number(id_number).valid, id_number
