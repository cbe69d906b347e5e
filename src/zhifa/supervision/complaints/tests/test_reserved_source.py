"""The 12345 source carries hotline tickets only, so case files are rejected there."""

import pytest

from zhifa.accounts.models import User
from zhifa.cases.exchange import import_file
from zhifa.cases.models import ExchangeBatch, ExchangeSource
from zhifa.cases.views.exchange import ExchangeUploadForm
from zhifa.core.errors import ValidationFailed


@pytest.fixture
def hotline(db: None) -> ExchangeSource:
    return ExchangeSource.objects.create(code="12345", name="12345市民服务热线")


def test_hotline_source_rejects_case_import(hotline: ExchangeSource) -> None:
    with pytest.raises(ValidationFailed) as rejected:
        import_file(None, "12345", "cases.json", b"[]")

    assert rejected.value.field == "source"
    assert "12345热线工单" in rejected.value.message
    assert not ExchangeBatch.objects.exists()


def test_case_upload_form_hides_hotline_source(
    hotline: ExchangeSource, system_admin_user: User
) -> None:
    other = ExchangeSource.objects.create(code="sh_unified", name="上海市统一综合执法系统")

    choices = list(ExchangeUploadForm().fields["source"].queryset)  # type: ignore[attr-defined]

    assert choices == [other]
