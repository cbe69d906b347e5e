"""Data exchange pages: batch list and detail, and uploading a file of cases."""

import datetime
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.exchange import create_exchange_source, import_file
from zhifa.cases.models import Case, ExchangeBatch, ExchangeBatchStatus, ExchangeSource
from zhifa.cases.tests.test_exchange import SOURCE, record
from zhifa.catalog.actions import PowerItemContent, create_power_item
from zhifa.catalog.models import PowerCategory


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def source(db: None) -> ExchangeSource:
    return create_exchange_source(None, SOURCE, "上海市统一综合执法系统")


@pytest.fixture
def power_items(agency_a: Agency) -> None:
    for code in ("330200001", "330200002"):
        content = PowerItemContent(f"事项{code}", PowerCategory.PENALTY, "《示例法》第一条", None)
        create_power_item(None, agency_a, code, content, effective_from=datetime.date(2020, 1, 1))


def upload(name: str, records: Any) -> SimpleUploadedFile:
    content = json.dumps(records, ensure_ascii=False).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_upload_imports_and_shows_counts(
    system_admin_user: User, source: ExchangeSource, power_items: None
) -> None:
    client = client_for(system_admin_user)

    response = client.post(
        reverse("cases:exchange_upload"),
        {"source": source.pk, "file": upload("cases.json", [record("SH-0001"), record("SH-0002")])},
    )

    batch = ExchangeBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:exchange_batch_detail", kwargs={"pk": batch.pk})
    assert batch.status == ExchangeBatchStatus.IMPORTED
    assert Case.objects.filter(source=SOURCE).count() == 2
    body = client.get(response["Location"]).content.decode()
    assert "已导入2条记录：新增2件，更新0件，未变0件。" in body
    assert "cases.json" in body


def test_upload_rejected_lists_every_error(
    system_admin_user: User, source: ExchangeSource, power_items: None
) -> None:
    client = client_for(system_admin_user)
    records = [record("SH-0001", kind="unknown"), record("SH-0002", opened_on="2026-13-40")]

    response = client.post(
        reverse("cases:exchange_upload"), {"source": source.pk, "file": upload("bad.json", records)}
    )

    batch = ExchangeBatch.objects.get()
    assert response.status_code == 302
    assert batch.status == ExchangeBatchStatus.REJECTED
    assert not Case.objects.exists()
    body = client.get(response["Location"]).content.decode()
    assert len(batch.errors) >= 2
    assert "整批未导入" in body
    for error in batch.errors:
        assert error["text"] in body
    assert "SH-0001" in body
    assert "SH-0002" in body


def test_upload_wrong_extension_rejected_by_form(
    system_admin_user: User, source: ExchangeSource
) -> None:
    response = client_for(system_admin_user).post(
        reverse("cases:exchange_upload"),
        {"source": source.pk, "file": SimpleUploadedFile("cases.txt", b"x")},
    )

    assert response.status_code == 400
    assert "请上传 .xlsx、.csv 或 .json 文件" in response.content.decode()
    assert not ExchangeBatch.objects.exists()


def test_upload_without_source_shows_error(system_admin_user: User, source: ExchangeSource) -> None:
    response = client_for(system_admin_user).post(
        reverse("cases:exchange_upload"), {"file": upload("cases.json", [record()])}
    )

    assert response.status_code == 400
    assert not ExchangeBatch.objects.exists()


def test_batch_list_shows_batches(
    system_admin_user: User, source: ExchangeSource, power_items: None
) -> None:
    import_file(None, SOURCE, "march.json", json.dumps([record()]).encode())

    response = client_for(system_admin_user).get(reverse("cases:exchange_batch_list"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "march.json" in body
    assert "上海市统一综合执法系统" in body
    assert "已导入" in body
    assert "数据交换" in body


def test_pages_refused_without_import_capability(
    agency_head_user: User, source: ExchangeSource
) -> None:
    report = import_file(None, SOURCE, "empty.json", b"[]")
    client = client_for(agency_head_user)

    assert client.get(reverse("cases:exchange_batch_list")).status_code == 403
    assert client.get(reverse("cases:exchange_upload")).status_code == 403
    detail = reverse("cases:exchange_batch_detail", kwargs={"pk": report.batch.pk})
    assert client.get(detail).status_code == 403
    posted = client.post(
        reverse("cases:exchange_upload"),
        {"source": source.pk, "file": upload("cases.json", [record()])},
    )
    assert posted.status_code == 403
    assert ExchangeBatch.objects.count() == 1


def test_missing_batch_not_found(system_admin_user: User) -> None:
    response = client_for(system_admin_user).get(
        reverse("cases:exchange_batch_detail", kwargs={"pk": 999})
    )

    assert response.status_code == 404
