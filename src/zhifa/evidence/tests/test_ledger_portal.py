"""The public page of signed tree heads at /ledger/."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhifa.evidence.ledger import heads
from zhifa.evidence.models import TreeHead
from zhifa.evidence.tests.ledger_support import store_content


@pytest.fixture
def signed(settings, tmp_path, db):
    settings.ZHIFA_LEDGER_KEY_FILE = tmp_path / "ledger.key"
    call_command("ledger", "keygen", stdout=io.StringIO())
    store_content(b"evidence one")
    earlier = heads.sign_tree_head(datetime.date(2026, 11, 30))
    store_content(b"evidence two")
    return earlier, heads.sign_tree_head(datetime.date(2026, 12, 1))


def test_page_url_is_ledger():
    assert reverse("portal:ledger_heads") == "/ledger/"


def test_anonymous_visitor_sees_every_head(client, signed):
    response = client.get("/ledger/")

    assert response.status_code == 200
    page = response.content.decode()
    for head in signed:
        assert head.root_hash in page
        assert head.public_key in page
        assert head.signature in page
    assert "2026年12月1日" in page
    assert "2026年11月30日" in page
    assert page.index("2026年12月1日") < page.index("2026年11月30日")
    assert "摘要 SM3，签名 SM2" in page
    assert "如何离线核验一条记录" in page


def test_page_reads_only_tree_heads(client, signed):
    with CaptureQueriesContext(connection) as captured:
        client.get("/ledger/")

    tables = [query["sql"] for query in captured.captured_queries]
    assert tables
    assert all("evidence_treehead" in sql for sql in tables), tables


def test_page_without_heads(client, db):
    response = client.get("/ledger/")

    assert response.status_code == 200
    assert "尚未公布签名树头" in response.content.decode()


def test_page_refuses_post(client, db):
    assert client.post("/ledger/").status_code == 405


def test_page_is_paginated(client, signed):
    for offset in range(2, 40):
        head = signed[1]
        TreeHead.objects.create(
            tree_size=head.tree_size,
            root_hash=head.root_hash,
            hash_algorithm="sm3",
            signature_algorithm="sm2",
            public_key=head.public_key,
            signature=head.signature,
            signed_on=datetime.date(2026, 10, 1) - datetime.timedelta(days=offset),
        )

    first = client.get("/ledger/").content.decode()
    second = client.get("/ledger/?page=2").content.decode()

    assert "第 1 / 2 页" in first
    assert "2026年12月1日" in first
    assert "2026年12月1日" not in second
    assert first.count("<dt>日期</dt>") == 30


def test_navigation_links_to_page(client, db):
    page = client.get("/").content.decode()
    assert 'href="/ledger/">存证公告</a>' in page
