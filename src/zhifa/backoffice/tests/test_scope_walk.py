"""Walk every back-office URL as a user of agency A and prove agency B stays invisible.

Each URL with a ``pk`` is opened with the primary key of agency B's object of the view's
model; it must return 404 (not 403, so existence does not leak), and a POST must change
nothing. Pages without a key must not show any of B's marker strings.
"""

import datetime
import importlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core import serializers
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zhifa.accounts.models import ApiToken, User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import (
    Agency,
    AgencyKind,
    Credential,
    CredentialEvent,
    Department,
    JudicialOffice,
    Officer,
    Reviewer,
    TrainingRecord,
)
from zhifa.cases.models import (
    Case,
    CaseParty,
    Document,
    DocumentTemplate,
    ExchangeBatch,
    ExchangeSource,
    Party,
    SpotCheckDraw,
    SpotCheckEntity,
    SpotCheckList,
)
from zhifa.catalog.models import PowerItem, PowerItemVersion
from zhifa.conftest import PASSWORD
from zhifa.evidence.models import AccessRequest, AvRecord
from zhifa.review.models import HearingThreshold

# Apps that add case kinds, remedies, AV records and legal review; each has
# ``tests/scope_support.py`` with ``agency_b_objects(base)`` returning its own objects of agency B.
KIND_APPS = ("licensing", "coercion", "levies", "remedies", "evidence", "review")
# TODO: the supervision apps (reports, alerts, complaints, evaluation, guidance) are not walked
# yet; each tests its own scope. Walking them needs a scope_support.py in each, and the walk must
# expect 200 for guiding cases, which every agency may read.
BACKOFFICE_NAMESPACES = {
    "backoffice",
    "agencies",
    "catalog",
    "core",
    "accounts",
    "cases",
    *KIND_APPS,
}
# Pages outside any agency's data: login and logout.
PUBLIC_NAMES = {"accounts:login", "accounts:logout"}
# Views that look their object up by hand name its model here.
MODELS_BY_URL_NAME: dict[str, type[Model]] = {
    "accounts:token_revoke": ApiToken,
    "evidence:record_stream": AvRecord,
    "evidence:record_download": AvRecord,
    "evidence:record_player": AvRecord,
    "evidence:access_request_create": AvRecord,
    "evidence:access_request_detail": AccessRequest,
    "review:threshold_update": HearingThreshold,
    "review:threshold_end": HearingThreshold,
}
# District-wide objects that belong to no agency, with the arguments to open one.
DISTRICT_WIDE_KWARGS = {
    "core:rule_parameter_edit": {"key": "reviewer_ratio_min"},
    "cases:document_template_default": {"doc_type": "inquiry_record"},
}

B_MARKERS = [
    "乙单位测试局",
    "乙单位执法员",
    "BCRED0099",
    "乙单位专属事项",
    "乙单位审核员",
    "乙单位执法科",
    "乙单位当事人",
    "乙单位案件",
    "乙单位名录",
    "乙单位场景",
    "乙单位设备",
    "乙单位录像",
    "乙单位告知用语",
    "乙单位调阅事由",
    "乙单位法制科",
    "乙单位送审说明",
    "乙单位审核事项",
    "乙单位专属材料",
]
AGENCY_A_ROLES = [
    Role.OFFICER,
    Role.DEPARTMENT_HEAD,
    Role.PUBLICATION_APPROVER,
    Role.REVIEWER,
    Role.AGENCY_HEAD,
    Role.ARCHIVIST,
]


def walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}", entry


def backoffice_patterns() -> list[tuple[str, URLPattern]]:
    found = [
        (name, pattern)
        for name, pattern in walk(get_resolver().url_patterns)
        if name.split(":")[0] in BACKOFFICE_NAMESPACES and name not in PUBLIC_NAMES
    ]
    assert len(found) > 20, "the walk found too few back-office URLs"
    return found


def agency_b_objects() -> dict[type[Model], Model]:
    """Create one object of every scoped model in agency B."""
    agency = Agency.objects.create(
        name="乙单位测试局", short_name="乙单位", kind=AgencyKind.DISTRICT_DEPARTMENT
    )
    department = Department.objects.create(agency=agency, name="乙单位执法科", handles_penalty=True)
    officer = Officer.objects.create(
        agency=agency,
        department=department,
        full_name="乙单位执法员",
        gender="male",
        id_number="11010519491231002X",
    )
    today = datetime.date.today()  # noqa: DTZ011 - validity dates are calendar dates
    credential = Credential.objects.create(
        officer=officer,
        number="BCRED0099",
        status="active",
        valid_from=today - datetime.timedelta(days=10),
        valid_until=today + datetime.timedelta(days=300),
    )
    event = CredentialEvent.objects.create(credential=credential, kind="issued", occurred_on=today)
    training = TrainingRecord.objects.create(
        officer=officer, attended_on=today, course="培训", hours=Decimal(8)
    )
    reviewer = Reviewer.objects.create(
        agency=agency,
        full_name="乙单位审核员",
        started_on=datetime.date(2019, 1, 1),
        legal_qualification=True,
    )
    item = PowerItem.objects.create(agency=agency, code="B-001")
    version = PowerItemVersion.objects.create(
        item=item,
        number=1,
        name="乙单位专属事项",
        category="penalty",
        legal_basis="《乙法》",
        effective_from=datetime.date(2024, 1, 1),
    )
    user = User.objects.create_user(username="b_user", password=PASSWORD, agency=agency)
    token, _ = ApiToken.issue(user, "乙单位接口")
    party = Party.objects.create(
        kind="natural_person", name="乙单位当事人", id_number="110105194912310038"
    )
    case = Case.objects.create(
        agency=agency,
        department=department,
        kind="penalty_ordinary",
        number="乙单位罚立〔2026〕1号",
        number_year=2026,
        number_sequence=1,
        title="乙单位案件",
        opened_on=today,
    )
    CaseParty.objects.create(case=case, party=party)
    document = Document.objects.create(case=case, doc_type="inquiry_record", title="询问笔录")
    document_template = DocumentTemplate.objects.create(
        doc_type="inquiry_record",
        title="询问笔录",
        agency=agency,
        file="documents/templates/b.docx",
        digest="sha256:0",
        version=1,
    )
    spot_check_list = SpotCheckList.objects.create(agency=agency, name="乙单位名录", year=2026)
    spot_check_entity = SpotCheckEntity.objects.create(
        spot_check_list=spot_check_list, party=party, name="乙单位当事人", id_number=party.id_number
    )
    spot_check_draw = SpotCheckDraw.objects.create(
        agency=agency,
        spot_check_list=spot_check_list,
        power_item=item,
        entity_count=1,
        officers_per_entity=2,
        seed="0" * 32,
        algorithm="random-v1",
        drawn_on=today,
        entity_pool=[spot_check_entity.pk],
        officer_pool=[officer.pk],
        drawn_by=user,
    )
    # Exchange batches belong to no agency; agency A's roles may not import, so they get 403.
    exchange_source = ExchangeSource.objects.create(code="b_source", name="乙单位来源系统")
    exchange_batch = ExchangeBatch.objects.create(
        source=exchange_source, file_name="b.json", digest="sha256:0", status="rejected"
    )
    base: dict[type[Model], Model] = {
        ApiToken: token,
        Agency: agency,
        Department: department,
        Officer: officer,
        Credential: credential,
        CredentialEvent: event,
        TrainingRecord: training,
        Reviewer: reviewer,
        PowerItem: item,
        PowerItemVersion: version,
        User: user,
        Party: party,
        Case: case,
        Document: document,
        DocumentTemplate: document_template,
        SpotCheckList: spot_check_list,
        SpotCheckEntity: spot_check_entity,
        SpotCheckDraw: spot_check_draw,
        ExchangeBatch: exchange_batch,
    }
    for app in KIND_APPS:
        try:
            support = importlib.import_module(f"zhifa.{app}.tests.scope_support")
        except ModuleNotFoundError:
            continue
        base.update(support.agency_b_objects(dict(base)))
    return base


def snapshot(objects: dict[type[Model], Model]) -> str:
    rows = [type(obj)._default_manager.get(pk=obj.pk) for obj in objects.values()]
    return serializers.serialize("json", rows)


def view_model(name: str, pattern: URLPattern) -> type[Model] | None:
    if name in MODELS_BY_URL_NAME:
        return MODELS_BY_URL_NAME[name]
    view_class = getattr(pattern.callback, "view_class", None)
    return getattr(view_class, "model", None)


def required_capability(pattern: URLPattern) -> str | None:
    view_class = getattr(pattern.callback, "view_class", None)
    return getattr(view_class, "required_capability", None)


@pytest.fixture
def agency_a_user(make_user: Any, agency_a: Agency) -> User:
    return make_user("a_all_roles", *AGENCY_A_ROLES, agency=agency_a)


@pytest.fixture
def agency_a_client(agency_a_user: User) -> Client:
    client = Client()
    client.force_login(agency_a_user)
    return client


@pytest.mark.django_db
def test_agency_a_never_sees_agency_b(agency_a_client: Client, agency_a_user: User) -> None:
    objects = agency_b_objects()
    before = snapshot(objects)
    checked_detail = 0

    for name, pattern in backoffice_patterns():
        keys = set(pattern.pattern.regex.groupindex)
        if not keys:
            response = agency_a_client.get(reverse(name))
            assert response.status_code in {200, 302, 403, 405}, (name, response.status_code)
            body = response.content.decode(errors="replace")
            for marker in B_MARKERS:
                assert marker not in body, f"{name} shows agency B's {marker}"
            continue

        if name in DISTRICT_WIDE_KWARGS:
            capability = required_capability(pattern)
            allowed = capability is None or agency_a_user.can(capability)
            response = agency_a_client.get(reverse(name, kwargs=DISTRICT_WIDE_KWARGS[name]))
            assert response.status_code == (200 if allowed else 403), (name, response.status_code)
            continue

        assert keys == {"pk"}, f"{name}: teach this test the URL keys {keys}"
        model = view_model(name, pattern)
        assert model is not None, f"{name}: the view declares no model"
        assert model in objects, f"{name}: create an agency B object of {model.__name__} above"
        url = reverse(name, kwargs={"pk": objects[model].pk})
        capability = required_capability(pattern)
        expected = {404}
        if capability is not None and not agency_a_user.can(capability):
            # A page the user's roles do not allow refuses before any lookup, so nothing leaks.
            expected = {403}

        got = agency_a_client.get(url).status_code
        assert got in expected | {405}, (name, got)
        posted = agency_a_client.post(url, {}).status_code
        assert posted in expected | {405}, (name, posted)
        checked_detail += 1

    assert checked_detail >= 8
    assert snapshot(objects) == before


@pytest.mark.django_db
def test_api_hides_agency_b(agency_a_client: Client) -> None:
    objects = agency_b_objects()

    listing = agency_a_client.get("/api/officers")
    assert listing.status_code == 200
    assert "乙单位执法员" not in listing.content.decode()
    assert agency_a_client.get(f"/api/officers/{objects[Officer].pk}").status_code == 404
    assert agency_a_client.get(f"/api/agencies/{objects[Agency].pk}").status_code == 404
    assert agency_a_client.get(f"/api/power-items/{objects[PowerItem].pk}").status_code == 404


@pytest.mark.django_db
def test_judicial_office_sees_exactly_its_towns(
    make_user: Any, agency_a: Agency, agency_b: Agency
) -> None:
    other_town = Agency.objects.create(
        name="上海市青浦区练塘镇人民政府", short_name="练塘镇", kind=AgencyKind.TOWN
    )
    office = JudicialOffice.objects.create(name="上海市青浦区司法局朱家角司法所")
    office.covers.add(agency_a)
    user = make_user(
        "sifasuo_walk", Role.JUDICIAL_OFFICE_REVIEWER, agency=agency_b, judicial_office=office
    )
    client = Client()
    client.force_login(user)

    body = client.get(reverse("agencies:agency_list")).content.decode()

    assert agency_a.name in body
    assert other_town.name not in body
    assert agency_b.name not in body
    assert (
        client.get(reverse("agencies:agency_detail", kwargs={"pk": agency_a.pk})).status_code == 200
    )
    assert (
        client.get(reverse("agencies:agency_detail", kwargs={"pk": other_town.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("agencies:agency_detail", kwargs={"pk": agency_b.pk})).status_code == 404
    )
