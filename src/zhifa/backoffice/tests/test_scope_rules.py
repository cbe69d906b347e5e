import pytest
from django.contrib.auth.models import Group

from zhifa.accounts.roles import Role
from zhifa.accounts.scope import restrict, scope_for
from zhifa.agencies.models import Agency, Officer


@pytest.mark.django_db
def test_own_agency_only(officer_user, agency_a, agency_b):
    assert list(restrict(Agency.objects.all(), officer_user)) == [agency_a]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ARCHIVES_BUREAU, Role.AUDIT_ADMIN])
def test_district_wide_roles_see_all(make_user, agency_a, agency_b, role):
    user = make_user("wide", role)

    assert set(restrict(Agency.objects.all(), user)) == {agency_a, agency_b}


@pytest.mark.django_db
def test_user_without_agency_sees_nothing(make_user, agency_a):
    user = make_user("nobody", Role.OFFICER)

    assert not restrict(Agency.objects.all(), user).exists()


@pytest.mark.django_db
def test_anonymous_sees_nothing(agency_a):
    from django.contrib.auth.models import AnonymousUser

    assert not restrict(Agency.objects.all(), AnonymousUser()).exists()


@pytest.mark.django_db
def test_inactive_user_sees_nothing(officer_user, agency_a):
    officer_user.is_active = False

    assert scope_for(officer_user).agency_ids == frozenset()


@pytest.mark.django_db
def test_judicial_office_with_second_role_adds_own_agency(
    make_user, judicial_office, agency_a, agency_b
):
    user = make_user("both", Role.JUDICIAL_OFFICE_REVIEWER, Role.OFFICER, agency=agency_b)
    user.judicial_office = judicial_office

    assert set(restrict(Agency.objects.all(), user)) == {agency_a, agency_b}


@pytest.mark.django_db
def test_model_without_scope_path_is_refused(officer_user):
    with pytest.raises(TypeError, match="SCOPE_PATH"):
        restrict(Group.objects.all(), officer_user)


@pytest.mark.django_db
def test_nested_path_filters_officers(officer_user, agency_a, agency_b):
    mine = Officer.objects.create(
        agency=agency_a, full_name="甲", gender="male", id_number="11010519491231002X"
    )
    Officer.objects.create(
        agency=agency_b, full_name="乙", gender="male", id_number="110105194912310038"
    )

    assert list(restrict(Officer.objects.all(), officer_user)) == [mine]
