"""The --agency option finds an agency by id, full name or short name, or reports why not."""

import pytest

from zhifa.agencies.models import Agency, AgencyKind
from zhifa.archives.agency_option import agency_named
from zhifa.core.errors import ValidationFailed


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["pk", "name", "short_name"])
def test_finds_agency_by_each_key(agency_a: Agency, field: str) -> None:
    assert agency_named(f" {getattr(agency_a, field)} ") == agency_a


@pytest.mark.django_db
def test_unknown_agency_names_option(agency_a: Agency) -> None:
    with pytest.raises(ValidationFailed, match="找不到单位“99999”") as raised:
        agency_named("99999")

    assert "--agency" in raised.value.message


@pytest.mark.django_db
def test_shared_short_name_lists_both(agency_a: Agency) -> None:
    twin = Agency.objects.create(
        name="另一个朱家角镇单位", short_name="朱家角镇", kind=AgencyKind.TOWN
    )

    with pytest.raises(ValidationFailed, match="对应多个单位") as raised:
        agency_named("朱家角镇")

    assert f"编号{twin.pk}" in raised.value.message
    assert f"编号{agency_a.pk}" in raised.value.message
