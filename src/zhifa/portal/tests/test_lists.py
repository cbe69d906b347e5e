"""Ex-ante lists, the review catalog, officers and post boards on the portal."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from zhifa.catalog.models import ListEntry, ListEntryVersion, ListKind
from zhifa.publicity.models import ServiceWindow, WindowPost, WindowSampleForm
from zhifa.review.models import CatalogState, ReviewCatalog, ReviewCatalogEntry

TODAY = timezone.localdate()


def add_version(entry, number, title, content, start, end=None, **extra):
    return ListEntryVersion.objects.create(
        entry=entry,
        number=number,
        title=title,
        content=content,
        effective_from=start,
        effective_to=end,
        **extra,
    )


@pytest.fixture
def guide(agency_a):
    """A service guide changed ten days ago, with a third version that starts next month."""
    entry = ListEntry.objects.create(agency=agency_a, kind=ListKind.SERVICE_GUIDE, code="FW-001")
    content = {
        "accepting_unit": "镇社区事务受理服务中心",
        "deciding_unit": "朱家角镇人民政府",
        "conditions": "申请人为本镇居民",
        "materials": "申请表\n身份证明",
        "time_limit": "5个工作日",
        "flow_steps": "受理\n审查\n\n决定\n送达",
        "internal_note": "内部备注不公开",
    }
    add_version(
        entry,
        1,
        "临时占用道路审批（旧）",
        content,
        datetime.date(2020, 1, 1),
        TODAY - datetime.timedelta(days=11),
    )
    add_version(
        entry,
        2,
        "临时占用道路审批",
        {**content, "time_limit": "3个工作日"},
        TODAY - datetime.timedelta(days=10),
        TODAY + datetime.timedelta(days=29),
        change_reason="条例修订",
    )
    add_version(
        entry, 3, "临时占用道路审批（下月版）", content, TODAY + datetime.timedelta(days=30)
    )
    return entry


def test_list_shows_version_in_force(client, agency_a, guide):
    url = reverse("portal:agency_list_kind", args=[agency_a.pk, ListKind.SERVICE_GUIDE])
    response = client.get(url)
    page = response.content.decode()

    assert response.status_code == 200
    assert "临时占用道路审批" in page
    assert "3个工作日" in page
    assert "（旧）" not in page
    assert "下月版" not in page
    assert "内部备注不公开" not in page
    assert "条例修订" not in page
    assert (
        reverse("portal:list_entry_history", args=[agency_a.pk, "service_guide", guide.pk]) in page
    )


def test_service_guide_flow_chart(client, agency_a, guide):
    url = reverse("portal:agency_list_kind", args=[agency_a.pk, ListKind.SERVICE_GUIDE])
    response = client.get(url)
    entry = response.context["list"].entries[0]
    assert entry.flow_steps == ["受理", "审查", "决定", "送达"]
    page = response.content.decode()
    assert '<ol class="flow-chart"' in page
    assert page.count('<span class="flow-number"') == 4


def test_list_entry_history_versions(client, agency_a, guide):
    url = reverse("portal:list_entry_history", args=[agency_a.pk, ListKind.SERVICE_GUIDE, guide.pk])
    response = client.get(url)
    page = response.content.decode()

    assert response.status_code == 200
    assert [version.number for version in response.context["history"].versions] == [2, 1]
    assert "临时占用道路审批（旧）" in page
    assert "5个工作日" in page
    assert "下月版" not in page


def test_list_urls_reject_wrong_agency_or_kind(client, agency_a, agency_b, guide):
    wrong_agency = reverse(
        "portal:list_entry_history", args=[agency_b.pk, "service_guide", guide.pk]
    )
    wrong_kind = reverse(
        "portal:list_entry_history", args=[agency_a.pk, "relief_channel", guide.pk]
    )
    unknown_kind = reverse("portal:agency_list_kind", args=[agency_a.pk, "secret"])
    assert client.get(wrong_agency).status_code == 404
    assert client.get(wrong_kind).status_code == 404
    assert client.get(unknown_kind).status_code == 404
    assert (
        client.get(reverse("portal:agency_list_kind", args=[999999, "service_guide"])).status_code
        == 404
    )


def test_empty_list_renders(client, agency_a):
    url = reverse("portal:agency_list_kind", args=[agency_a.pk, ListKind.MONITORING_DEVICE])
    response = client.get(url)
    assert response.status_code == 200
    assert "暂无现行的电子技术监控设备设置地点" in response.content.decode()


def test_agency_detail_links_every_section(client, agency_a, guide):
    page = client.get(reverse("portal:agency_detail", args=[agency_a.pk])).content.decode()
    for kind in ListKind:
        assert reverse("portal:agency_list_kind", args=[agency_a.pk, kind.value]) in page
    assert "（现行 1 项）" in page
    assert reverse("portal:review_catalog", args=[agency_a.pk]) in page
    assert reverse("portal:officers", args=[agency_a.pk]) in page
    assert f"{reverse('portal:decision_list')}?agency={agency_a.pk}" in page


@pytest.fixture
def catalogs(agency_a):
    accepted = ReviewCatalog.objects.create(
        agency=agency_a,
        version=1,
        effective_from=datetime.date(2025, 1, 1),
        state=CatalogState.ACCEPTED,
        bureau_comments="内部审查意见",
    )
    ReviewCatalogEntry.objects.create(
        catalog=accepted,
        decision_kind="penalty",
        description="较大数额罚款",
        min_amount="50000",
        penalty_types=["fine"],
        legal_source="《行政处罚法》第五十八条",
    )
    ReviewCatalog.objects.create(
        agency=agency_a,
        version=2,
        effective_from=datetime.date(2025, 6, 1),
        state=CatalogState.FILED,
    )
    return accepted


def test_review_catalog_in_force(client, agency_a, catalogs):
    response = client.get(reverse("portal:review_catalog", args=[agency_a.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "第1版" in page
    assert "较大数额罚款" in page
    assert "50000" in page
    assert "罚款" in page
    assert "第五十八条" in page
    assert "内部审查意见" not in page
    assert "第2版" not in page


def test_review_catalog_missing(client, agency_b):
    response = client.get(reverse("portal:review_catalog", args=[agency_b.pk]))
    assert response.status_code == 200
    assert "尚无已备案并施行的法制审核目录清单" in response.content.decode()


def test_officers_with_valid_credentials(client, agency_a, make_credential):
    make_credential("张有效", number="3101180001")
    make_credential("李暂扣", number="3101180002", then="suspended")
    make_credential("王申领")
    make_credential(
        "赵过期",
        number="3101180003",
        issued_on=TODAY - datetime.timedelta(days=800),
        valid_until=TODAY - datetime.timedelta(days=1),
    )
    response = client.get(reverse("portal:officers", args=[agency_a.pk]))
    page = response.content.decode()

    assert [officer.full_name for officer in response.context["officers"]] == ["张有效"]
    assert "3101180001" in page
    assert "城市管理" in page
    for hidden in ("李暂扣", "王申领", "赵过期", "19850312"):
        assert hidden not in page


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (30, 30, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def window(agency_a):
    window = ServiceWindow.objects.create(
        agency=agency_a,
        name="综合受理窗口",
        location="镇政府一楼3号窗口",
        business_scope="临时占用道路审批",
        opening_hours="工作日 9:00-17:00",
        progress_lookup="拨打 021-59230000 或登录“一网通办”",
        advice_contact="021-59231111",
        complaint_contact="021-59232222",
    )
    WindowPost.objects.create(
        window=window,
        name="陈窗口",
        post="综合受理岗",
        duties="受理申请，一次告知所需材料",
        photo=SimpleUploadedFile("陈.png", png_bytes(), content_type="image/png"),
    )
    WindowSampleForm.objects.create(
        window=window,
        title="临时占用道路申请表",
        file=SimpleUploadedFile("form.pdf", b"%PDF-1.4 sample", content_type="application/pdf"),
        digest="sha256:test",
    )
    return window


def test_window_board_printable(client, agency_a, window):
    response = client.get(reverse("portal:window_board", args=[window.pk]))
    page = response.content.decode()
    post = window.posts.get()
    form = window.sample_forms.get()

    assert response.status_code == 200
    for text in (
        "岗位信息公示牌",
        "陈窗口",
        "综合受理岗",
        "一次告知所需材料",
        "临时占用道路申请表",
        "一网通办",
        "021-59231111",
        "021-59232222",
        "工作日 9:00-17:00",
    ):
        assert text in page
    assert reverse("portal:window_photo", args=[post.pk]) in page
    assert reverse("portal:window_form", args=[form.pk]) in page
    assert (
        reverse("portal:window_board", args=[window.pk])
        in client.get(reverse("portal:agency_detail", args=[agency_a.pk])).content.decode()
    )


def test_portal_css_has_print_rules(client):
    from django.contrib.staticfiles import finders

    css = Path(str(finders.find("css/portal.css"))).read_text(encoding="utf-8")
    assert "@media print" in css
    assert ".no-print" in css


def test_window_files_served(client, window):
    post = window.posts.get()
    form = window.sample_forms.get()

    photo = client.get(reverse("portal:window_photo", args=[post.pk]))
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content).startswith(b"\x89PNG")

    download = client.get(reverse("portal:window_form", args=[form.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%E4%B8%B4" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 sample"


def test_window_files_refused(client, window):
    post = window.posts.get()
    form = window.sample_forms.get()
    # A form stored under an unexpected type is not served.
    WindowSampleForm.objects.filter(pk=form.pk).update(file="boards/forms/page.html")
    assert client.get(reverse("portal:window_form", args=[form.pk])).status_code == 404
    # A photo path outside the board photo folder is not served.
    WindowPost.objects.filter(pk=post.pk).update(photo="officers/photos/x.png")
    assert client.get(reverse("portal:window_photo", args=[post.pk])).status_code == 404
    assert client.get(reverse("portal:window_photo", args=[999999])).status_code == 404

    ServiceWindow.objects.filter(pk=window.pk).update(is_active=False)
    assert client.get(reverse("portal:window_board", args=[window.pk])).status_code == 404
