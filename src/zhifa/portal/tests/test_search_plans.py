"""The search plans of zhifa.portal.search return the same pages for the same query."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from zhifa.portal import search
from zhifa.portal.search import DecisionQuery, Plan, SearchPage, parse_terms, search_decisions
from zhifa.portal.tests.support import change_item, publish_item
from zhifa.publicity.models import ChangeKind

TODAY = timezone.localdate()
FORCED_PLANS = (Plan.FULL_TEXT, Plan.COMMON_TERM, Plan.SCAN)

# Texts of the corpus. 罚 and 款 also occur apart ("罚没款"), 200 is also part of 2000,
# and 元 is in almost every text.
TEXTS = (
    "当事人擅自设摊经营，决定罚款200元。",
    "当事人销售标签不符合规定的食品，决定罚款2000元。",
    "准予食品经营许可，有效期五年。",
    "当事人夜间施工产生噪声，决定罚款5000元并没收违法所得。",
    "当事人经营超过保质期的食品，罚没款共计300元。",
    "当事人随意倾倒建筑垃圾，决定警告并罚款200元。",
)


def query_of(text: str, **filters: object) -> DecisionQuery:
    return DecisionQuery(text=text, terms=parse_terms(text), **filters)  # type: ignore[arg-type]


def visible(page: SearchPage) -> tuple[list[int], int, int, int, bool]:
    """Return the fields of a page that the portal displays, which are all but the plan."""
    return page.ids, page.total, page.number, page.num_pages, page.total_is_lower_bound


@pytest.fixture
def corpus(agency_a, agency_b):
    """Publish thirty decisions of two agencies, four a day, so ids break the date ties."""
    items = []
    for index in range(30):
        text = TEXTS[index % len(TEXTS)]
        licence = "许可" in text
        items.append(
            publish_item(
                agency_a if index % 3 else agency_b,
                text,
                kind="license" if licence else "penalty",
                title="食品经营许可决定书" if licence else "行政处罚决定书",
                document_number=f"青罚〔2026〕{index + 1}号",
                party_name="上海某某食品有限公司" if index % 2 else "李某某",
                party_kind="法人及非法人组织" if index % 2 else "自然人",
                decided_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=index * 5),
                published_on=TODAY - datetime.timedelta(days=index // 4),
            )
        )
    return items


# (query text, filters) searched through every plan.
QUERIES = [
    ("罚", {}),
    ("元", {}),
    ("罚款", {}),
    ("罚没", {}),
    ("款共", {}),
    ("200", {}),
    ("2000", {}),
    ("罚款 200", {}),
    ("食品 罚", {}),
    ("超过保质期的", {}),
    ("青罚〔2026〕1号", {}),
    ("许可 罚", {}),
    ("不存在", {}),
    ("罚", {"agency": "a"}),
    ("元", {"agency": "b"}),
    ("食品", {"kind": "license"}),
    ("罚款", {"party_kind": "自然人"}),
    ("罚款", {"decided_from": datetime.date(2026, 2, 1)}),
    ("元", {"decided_to": datetime.date(2026, 3, 1), "agency": "a"}),
]


def build_query(text: str, filters: dict[str, object], agency_a, agency_b) -> DecisionQuery:
    filters = dict(filters)
    agency = filters.pop("agency", None)
    if agency is not None:
        filters["agency_pk"] = (agency_a if agency == "a" else agency_b).pk
    return query_of(text, **filters)


def assert_plans_agree(query: DecisionQuery, per_page: int) -> int:
    """Compare every page (and one past the last) across the plans; return the page count."""
    first = search_decisions(query, 1, per_page, plan=Plan.FULL_TEXT)
    for number in range(0, first.num_pages + 2):
        expected = visible(search_decisions(query, number, per_page, plan=Plan.FULL_TEXT))
        for plan in (*FORCED_PLANS[1:], None):
            page = search_decisions(query, number, per_page, plan=plan)
            assert visible(page) == expected, (query.text, number, plan)
    return first.num_pages


@pytest.mark.parametrize(("text", "filters"), QUERIES)
def test_plans_agree_on_every_page(corpus, agency_a, agency_b, text, filters):
    query = build_query(text, filters, agency_a, agency_b)
    assert_plans_agree(query, per_page=4)


@pytest.mark.parametrize(("text", "filters"), QUERIES)
def test_plans_agree_with_capped_total(corpus, agency_a, agency_b, monkeypatch, text, filters):
    monkeypatch.setattr(search, "TOTAL_CAP", 8)
    query = build_query(text, filters, agency_a, agency_b)
    assert_plans_agree(query, per_page=4)


def test_plans_match_expected_items(corpus):
    matching = [item for item in corpus if "罚款200" in item.text]
    newest_first = sorted(matching, key=lambda item: (item.published_on, item.pk), reverse=True)
    expected = [item.pk for item in newest_first]

    for plan in (*FORCED_PLANS, None):
        page = search_decisions(query_of("罚款 200"), 1, 100, plan=plan)
        assert page.ids == expected, plan
        assert page.total == len(expected)
        assert not page.total_is_lower_bound


def test_capped_total_is_lower_bound(corpus, monkeypatch):
    monkeypatch.setattr(search, "TOTAL_CAP", 8)
    matching = [item for item in corpus if "元" in item.text]

    page = search_decisions(query_of("元"), 99, per_page=4)

    assert len(matching) > 8
    assert page.total == 8
    assert page.total_is_lower_bound
    assert page.num_pages == 2
    assert page.number == 2
    assert len(page.ids) == 4


def test_total_at_cap_is_exact(corpus, monkeypatch):
    matching = [item for item in corpus if "元" in item.text]
    monkeypatch.setattr(search, "TOTAL_CAP", len(matching))

    page = search_decisions(query_of("元"), 1, per_page=4)

    assert page.total == len(matching)
    assert not page.total_is_lower_bound
    assert page.plan == Plan.FULL_TEXT


def test_common_term_takes_page_from_scan(corpus, monkeypatch):
    monkeypatch.setattr(search, "TOTAL_CAP", 8)

    page = search_decisions(query_of("元"), 2, per_page=4)

    assert page.plan == Plan.COMMON_TERM


def test_rare_term_uses_full_text(corpus):
    page = search_decisions(query_of("超过保质期的"), 1)

    assert page.plan == Plan.FULL_TEXT
    assert page.total == len([item for item in corpus if "超过保质期的" in item.text])


def test_small_agency_filter_uses_scan(corpus, agency_a):
    page = search_decisions(query_of("罚", agency_pk=agency_a.pk), 1)

    assert page.plan == Plan.SCAN


def test_large_agency_filter_uses_full_text(corpus, agency_a, monkeypatch):
    monkeypatch.setattr(search, "SCAN_FILTER_ROWS", 5)

    page = search_decisions(query_of("超过保质期的", agency_pk=agency_a.pk), 1)

    assert page.plan == Plan.FULL_TEXT


def test_party_kind_filter_alone_not_scanned(corpus):
    page = search_decisions(query_of("超过保质期的", party_kind="自然人"), 1)

    assert page.plan == Plan.FULL_TEXT


def test_short_scan_falls_back_to_full_text(corpus, monkeypatch):
    monkeypatch.setattr(search, "TOTAL_CAP", 4)
    monkeypatch.setattr(search, "SCAN_PAGE_ROWS", 3)
    query = query_of("罚款")
    expected = search_decisions(query, 2, per_page=2, plan=Plan.SCAN)

    page = search_decisions(query, 2, per_page=2)

    assert page.plan == Plan.FULL_TEXT
    assert visible(page) == visible(expected)


def test_withdrawn_item_not_matched(corpus):
    withdrawn = corpus[0]
    change_item(withdrawn, ChangeKind.WITHDRAWAL, "该决定经行政复议被撤销")

    for plan in (*FORCED_PLANS, None):
        page = search_decisions(query_of("设摊"), 1, 100, plan=plan)
        assert withdrawn.pk not in page.ids, plan
        assert page.total == len([i for i in corpus[1:] if "设摊" in i.text]), plan


def test_listing_leaves_out_ended_items(corpus):
    ended = corpus[0]
    change_item(ended, ChangeKind.EXPIRY, "公示期满")

    page = search_decisions(DecisionQuery(), 1, per_page=100)

    assert ended.pk not in page.ids
    assert page.total == len(corpus) - 1


@pytest.mark.parametrize("character", ["%", "_", "\\"])
def test_scan_treats_wildcards_literally(corpus, character):
    # parse_terms drops these characters; a query built by hand must still match nothing.
    query = DecisionQuery(text=character, terms=((character,),))

    page = search_decisions(query, 1, plan=Plan.SCAN)

    assert page.ids == []
    assert page.total == 0


def test_list_page_shows_capped_total(client, agency_a, monkeypatch):
    monkeypatch.setattr(search, "TOTAL_CAP", 20)
    for day in range(25):
        publish_item(agency_a, "擅自设摊", published_on=TODAY - datetime.timedelta(days=day))

    response = client.get(reverse("portal:decision_list"), {"q": "设摊"})
    page = response.content.decode()

    assert response.status_code == 200
    assert "共 20 余条，以下按发布日期从新到旧列出前 20 条，第 1 / 1 页。" in page
    assert "请增加检索词" in page
    assert "共 25 条" not in page
    assert len(response.context["decisions"]) == 20
