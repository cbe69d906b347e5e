"""``GET /api/publicity/feed``: the public feed of published decisions (no login needed).

It serves only the public snapshot; see ``zhifa.publicity.exports.feed``.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from zhifa.publicity.exports import feed

router = Router(tags=["行政执法公示"])


class FeedQuery(Schema):
    since: str | None = Field(
        None, description="只返回此时间及以后变动的信息，带时区的 ISO 8601 时间"
    )
    agency: int | None = Field(None, description="执法主体 id")
    limit: int = Field(feed.DEFAULT_LIMIT, description=f"每页条数，1 至 {feed.MAX_LIMIT}")
    cursor: str | None = Field(None, description="上一页返回的 next_cursor")


class FeedField(Schema):
    code: str
    label: str
    value: str


class FeedItem(Schema):
    id: int
    agency_id: int
    publisher_name: str
    kind: str
    kind_label: str
    title: str
    document_number: str
    party_name: str
    decided_on: datetime.date
    published_on: datetime.date
    ends_on: datetime.date | None
    version: int
    corrected_on: datetime.date | None
    correction_note: str
    status: str = Field(
        description=(
            "public 公示中；withdrawn 已撤回（只保留标题和撤回理由）；"
            "ended 已停止公示（公示期满或信用修复，只保留标题、停止日期和原因，转载方应删除）"
        )
    )
    withdrawn_on: datetime.date | None
    withdrawal_reason: str
    ended_on: datetime.date | None = Field(description="停止公示日期（status 为 ended 时）")
    end_reason: str = Field(description="停止公示原因代码：expiry 公示期满；repair 信用修复")
    end_reason_label: str = Field(description="停止公示原因：公示期满或信用修复")
    fields: list[FeedField]
    text: str
    updated_at: datetime.datetime


class FeedOut(Schema):
    items: list[FeedItem]
    next_cursor: str | None


@router.get("/feed", response=FeedOut, auth=None, summary="公示信息订阅（公开）")
def publication_feed(request: HttpRequest, query: Query[FeedQuery]) -> dict[str, Any]:
    page = feed.feed_page(
        since=query.since, agency_id=query.agency, limit=query.limit, cursor=query.cursor
    )
    return {"items": page.items, "next_cursor": page.next_cursor}
