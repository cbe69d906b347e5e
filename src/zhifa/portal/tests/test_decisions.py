"""Published decisions on the portal: full-text search, filters, pages and detail pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from zhifa.core.errors import ValidationFailed
from zhifa.portal import search
from zhifa.portal.search import DecisionQuery, parse_terms, search_decisions
from zhifa.portal.tests.support import change_item, publish_item
from zhifa.publicity.models import ChangeKind, PublishedItem

TODAY = timezone.localdate()


def found(text: str, **filters: object) -> set[int]:
    query = DecisionQuery(text=text, terms=parse_terms(text), **filters)  # type: ignore[arg-type]
    page = search_decisions(query, page=1, per_page=100)
    return set(page.ids)


@pytest.fixture
def items(agency_a, agency_b):
    """Three decisions whose texts share and differ in single characters and short words."""
    return {
        "stall": publish_item(
            agency_a,
            "当事人在朱家角镇北大街擅自设摊经营，决定罚款200元。",
            document_number="青朱城管罚〔2026〕12号",
            party_name="李某某",
            decided_on=datetime.date(2026, 3, 2),
            published_on=TODAY - datetime.timedelta(days=3),
        ),
        "label": publish_item(
            agency_b,
            "当事人销售的食品标签不符合规定，决定没收违法所得并罚款5000元。",
            document_number="青市监罚〔2026〕88号",
            party_name="上海某某食品有限公司",
            party_kind="法人及非法人组织",
            decided_on=datetime.date(2026, 5, 20),
            published_on=TODAY - datetime.timedelta(days=2),
        ),
        "licence": publish_item(
            agency_b,
            "准予食品经营许可，有效期五年。",
            kind="license",
            title="食品经营许可决定书",
            document_number="JY13101180012345",
            party_name="王某某",
            party_kind="个体工商户",
            decided_on=datetime.date(2026, 6, 1),
            published_on=TODAY - datetime.timedelta(days=1),
        ),
    }


# (query, expected item keys)
SEARCH_CASES = [
    ("罚", {"stall", "label"}),
    ("摊", {"stall"}),
    ("食品", {"label", "licence"}),
    ("设摊", {"stall"}),
    ("标签", {"label"}),
    # 食 and 经 both occur in the licence text, but never next to each other.
    ("食经", set()),
    ("摊经营", {"stall"}),
    ("罚款 5000", {"label"}),
    ("食品 许可", {"licence"}),
    ("食品 摊", set()),
    ("200", {"stall"}),
    ("2000", set()),
    ("青朱城管罚〔2026〕12号", {"stall"}),
    ("李某某", {"stall"}),
    ("区市场监督管理局", {"label", "licence"}),
]


@pytest.mark.parametrize(("text", "expected"), SEARCH_CASES)
def test_search_matches_exact_substrings(items, text, expected):
    assert found(text) == {items[key].pk for key in expected}


# Full-width letters and digits, full-width punctuation and spaces fold to the stored form.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("２００", {"stall"}),
        ("罚款，５０００", {"label"}),
        ("食品　许可", {"licence"}),
        ("食品、标签", {"label"}),
        ("“设摊”！", {"stall"}),
        ("jy1310", {"licence"}),
        ("ＪＹ１３１０", {"licence"}),
    ],
)
def test_search_normalises_input(items, text, expected):
    assert found(text) == {items[key].pk for key in expected}


def test_search_filters(items, agency_a, agency_b):
    assert found("罚", agency_pk=agency_a.pk) == {items["stall"].pk}
    assert found("食品", kind="license") == {items["licence"].pk}
    assert found("食品", party_kind="法人及非法人组织") == {items["label"].pk}
    assert found("食品", decided_from=datetime.date(2026, 5, 21)) == {items["licence"].pk}
    assert found("罚", decided_to=datetime.date(2026, 3, 2)) == {items["stall"].pk}


def test_listing_filters_without_query(items, agency_b):
    assert found("", agency_pk=agency_b.pk) == {items["label"].pk, items["licence"].pk}
    assert found("", party_kind="个体工商户") == {items["licence"].pk}


def test_results_newest_first(items):
    query = DecisionQuery(text="食品", terms=parse_terms("食品"))
    assert search_decisions(query, page=1).ids == [items["licence"].pk, items["label"].pk]
    listing = search_decisions(DecisionQuery(), page=1).ids
    assert listing == [items["licence"].pk, items["label"].pk, items["stall"].pk]


def test_pagination_twenty_per_page(agency_a):
    for day in range(45):
        publish_item(
            agency_a,
            f"第{day}号罚款决定",
            published_on=TODAY - datetime.timedelta(days=day),
        )
    query = DecisionQuery(text="罚款", terms=parse_terms("罚款"))

    first = search_decisions(query, page=1)
    third = search_decisions(query, page=3)
    beyond = search_decisions(query, page=9)

    assert first.total == 45
    assert first.num_pages == 3
    assert len(first.ids) == 20
    assert len(third.ids) == 5
    assert beyond.number == 3
    assert beyond.ids == third.ids
    assert set(first.ids).isdisjoint(third.ids)


def test_list_page_shows_count_and_pages(client, agency_a):
    for day in range(25):
        publish_item(agency_a, "擅自设摊", published_on=TODAY - datetime.timedelta(days=day))
    url = reverse("portal:decision_list")

    response = client.get(url, {"q": "设摊", "agency": agency_a.pk})
    page = response.content.decode()

    assert response.status_code == 200
    assert "共 25 条，第 1 / 2 页" in page
    assert f"q=%E8%AE%BE%E6%91%8A&amp;agency={agency_a.pk}&amp;page=2" in page
    second = client.get(url, {"q": "设摊", "agency": agency_a.pk, "page": "2"})
    assert "第 2 / 2 页" in second.content.decode()
    assert len(second.context["decisions"]) == 5


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"q": "字" * 51}, "q", "检索词过长"),
        ({"q": "一 二 三 四 五 六"}, "q", "检索词过多"),
        ({"from": "2026-13-01"}, "from", "决定日期起“2026-13-01”无效"),
        ({"to": "昨天"}, "to", "决定日期止“昨天”无效"),
        ({"from": "2026-06-01", "to": "2026-05-01"}, "from", "起始日晚于截止日"),
        ({"agency": "abc"}, "agency", "执法主体无效"),
        ({"kind": "secret"}, "kind", "公示类别无效"),
        ({"party_kind": "未知"}, "party_kind", "行政相对人类别无效"),
    ],
)
def test_invalid_search_input_explained(client, db, params, field, message):
    with pytest.raises(ValidationFailed) as raised:
        search.query_from_params(params)
    assert raised.value.field == field
    assert message in raised.value.message

    response = client.get(reverse("portal:decision_list"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_five_terms_accepted(db):
    assert len(parse_terms("一 二 三 四 五")) == 5


def test_detail_shows_public_fields_and_text(client, agency_a):
    item = publish_item(
        agency_a,
        "经查，当事人李某某擅自设摊。",
        document_number="青朱城管罚〔2026〕7号",
        party_name="李某某",
        fields={"CF_NR_FK": "0.02", "CF_XDR_ZJHM": "310118198503120014"},
    )
    page = client.get(reverse("portal:decision_detail", args=[item.pk])).content.decode()

    assert "青朱城管罚〔2026〕7号" in page
    assert "罚款金额（万元）" in page
    assert "0.02" in page
    assert "经查，当事人李某某擅自设摊。" in page
    assert agency_a.name in page
    assert "公示截止期" in page
    # The ID number is not a public field, so the snapshot never held it.
    assert "310118198503120014" not in page


def test_expropriation_published_as_district_government(client, agency_a, settings):
    item = publish_item(agency_a, "房屋征收决定", kind="expropriation", title="房屋征收决定")
    page = client.get(reverse("portal:decision_detail", args=[item.pk])).content.decode()
    assert settings.ZHIFA_DISTRICT_GOVERNMENT_NAME in page


def test_corrected_item_shows_note(client, agency_a):
    item = publish_item(agency_a, "罚款200元。")
    change_item(item, ChangeKind.CORRECTION, "罚款金额录入有误", text="罚款300元。")

    page = client.get(reverse("portal:decision_detail", args=[item.pk])).content.decode()

    assert "更正" in page
    assert "罚款金额录入有误" in page
    assert "罚款300元。" in page
    assert found("300") == {item.pk}
    assert found("200") == set()


def test_withdrawn_item_shows_reason_only(client, agency_a):
    item = publish_item(
        agency_a, "当事人擅自设摊，罚款200元。", document_number="青朱城管罚〔2026〕9号"
    )
    change_item(item, ChangeKind.WITHDRAWAL, "该决定经行政复议被撤销")

    response = client.get(reverse("portal:decision_detail", args=[item.pk]))
    page = response.content.decode()

    assert response.status_code == 200
    assert "该决定经行政复议被撤销" in page
    assert "已于" in page
    assert "青朱城管罚〔2026〕9号" in page
    assert "罚款200元" not in page
    assert "张某某" not in page
    assert response.context["decision"].fields == []
    assert found("设摊") == set()
    assert found("9号") == set()


def test_withdrawn_item_listed_as_withdrawn(client, agency_a):
    item = publish_item(agency_a, "擅自设摊。")
    change_item(item, ChangeKind.WITHDRAWAL, "决定被撤销")
    page = client.get(reverse("portal:decision_list")).content.decode()
    assert "已撤回" in page
    assert "张某某" not in page
    home = client.get(reverse("portal:home"))
    assert home.context["latest"] == []


def test_expired_item_gone(client, agency_a):
    item = publish_item(agency_a, "擅自设摊。")
    change_item(item, ChangeKind.EXPIRY, "公示期满")

    assert PublishedItem.objects.get(pk=item.pk).ended_on is not None
    assert client.get(reverse("portal:decision_detail", args=[item.pk])).status_code == 404
    assert found("设摊") == set()
    assert search_decisions(DecisionQuery(), page=1).total == 0


def test_home_lists_latest(client, items):
    response = client.get(reverse("portal:home"))
    page = response.content.decode()
    assert [decision.pk for decision in response.context["latest"]] == [
        items["licence"].pk,
        items["label"].pk,
        items["stall"].pk,
    ]
    assert reverse("portal:decision_detail", args=[items["stall"].pk]) in page
    assert 'action="/decisions/"' in page or reverse("portal:decision_list") in page
