"""Fixtures of the publicity tests."""

import datetime
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zhifa.agencies.models import Agency
from zhifa.publicity.models import (
    ChangeKind,
    Publication,
    PublicationKind,
    PublicationSource,
    PublicationStatus,
    PublicationVersion,
)
from zhifa.publicity.publishing import snapshot

# --- Published items built directly: withdrawals, periods, repair, watch and exports ---------

SHANGHAI = ZoneInfo("Asia/Shanghai")
PARTY_ID_NUMBER = "31011819900101123X"

PENALTY_ORIGINAL_FIELDS = {
    "CF_XDR_MC": "张三",
    "CF_XDR_LB": "自然人",
    "CF_XDR_ZJLX": "身份证",
    "CF_XDR_ZJHM": PARTY_ID_NUMBER,
    "CF_WSH": "青朱综执罚〔2026〕1号",
    "CF_WFXW": "擅自占用道路堆放物料",
    "CF_SY": "当事人张三于2026年10月10日擅自占用道路堆放建筑材料",
    "CF_YJ": "《上海市市容环境卫生管理条例》第四十九条",
    "CF_CFLB": "罚款",
    "CF_NR": "罚款人民币2000元",
    "CF_NR_FK": "0.2",
    "CF_JDRQ": "2026-11-05",
}
# The masked form of the original fields. The masked ID number stays in the version, so tests
# can check that no public layer lets even the masked number out.
PENALTY_MASKED_FIELDS = {
    **PENALTY_ORIGINAL_FIELDS,
    "CF_XDR_MC": "张某",
    "CF_XDR_ZJHM": "310118********123X",
    "CF_SY": "当事人张某于2026年10月10日擅自占用道路堆放建筑材料",
}
PENALTY_FACTS = {
    "procedure": "ordinary",
    "penalty_types": ["fine"],
    "fine_amount": "2000",
    "confiscation_amount": None,
    "domain_codes": ["city"],
    "ban_months": None,
}


def at_shanghai(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def make_publication(agency_a: Agency) -> Callable[..., Publication]:
    """Build a publication; ``published_on`` set publishes it with a first version and snapshot.

    Keyword arguments override the model fields; ``facts``, ``original_fields`` and
    ``masked_fields`` replace the parts of the stored content.
    """

    def make(
        *,
        published_on: datetime.date | None = None,
        facts: dict[str, Any] | None = None,
        original_fields: dict[str, str] | None = None,
        masked_fields: dict[str, str] | None = None,
        text: str = "青浦区朱家角镇人民政府行政处罚决定书\n当事人：张某",
        **overrides: Any,
    ) -> Publication:
        values: dict[str, Any] = {
            "agency": agency_a,
            "kind": PublicationKind.PENALTY,
            "source": PublicationSource.MANUAL,
            "title": "朱家角镇行政处罚决定",
            "document_number": "青朱综执罚〔2026〕1号",
            "decided_on": datetime.date(2026, 11, 5),
            "due_on": datetime.date(2026, 11, 16),
        }
        values.update(overrides)
        original = {
            "parties": [{"name": "张三", "kind": "natural_person", "role": "party"}],
            "fields": dict(original_fields or PENALTY_ORIGINAL_FIELDS),
            "text": text.replace("张某", "张三"),
            "facts": {**PENALTY_FACTS, **(facts or {})},
        }
        publication = Publication.objects.create(original=original, **values)
        if published_on is None:
            return publication

        version = PublicationVersion.objects.create(
            publication=publication,
            number=1,
            change=ChangeKind.INITIAL,
            fields=dict(masked_fields or PENALTY_MASKED_FIELDS),
            text=text,
            original=original,
        )
        publication.status = PublicationStatus.PUBLISHED
        publication.published_at = at_shanghai(published_on)
        publication.starts_on = published_on
        publication.save()
        snapshot.apply(version)
        return publication

    return make


# --- End of the published-items block ----------------------------------------------------------
