"""Demo post information boards (岗位信息公示牌演示数据) of a few Qingpu service windows.

Posts are staffed by the agency's demo officers where it has any, with a drawn placeholder
photo, and each window gets a sample application form written here with python-docx. A
window that already exists is left as it is, so a second run adds nothing and keeps what an
administrator edited.
"""

import datetime
import io
import logging
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from docx import Document
from PIL import Image, ImageDraw

from zhifa.agencies.models import Agency, Officer
from zhifa.publicity.boards import actions
from zhifa.publicity.models import ServiceWindow

logger = logging.getLogger(__name__)

DOCX_NAME = "示范文本.docx"


@dataclass(frozen=True)
class DemoWindow:
    agency: str
    data: actions.WindowInput
    posts: tuple[tuple[str, str], ...]
    form_title: str
    form_fields: tuple[str, ...]


DEMO_WINDOWS = (
    DemoWindow(
        "区市场监管局",
        actions.WindowInput(
            name="市场准入窗口",
            location="青浦区行政服务中心二楼市场监管区域（演示）",
            business_scope="食品经营许可\n个体工商户登记\n营业执照变更",
            opening_hours="工作日 9:00—17:00",
            progress_lookup="“一网通办”平台或窗口电话查询",
            advice_contact="021-59000001（演示号码）",
            complaint_contact="12345、12315",
        ),
        (
            ("综合受理岗", "接收申请材料，一次性告知需补正的材料，出具受理凭证"),
            ("审批岗", "审查申请材料，组织现场核查，提出许可意见"),
        ),
        "食品经营许可申请书（示范文本）",
        ("申请人名称", "统一社会信用代码", "经营场所", "主体业态", "经营项目", "联系人及电话"),
    ),
    DemoWindow(
        "区城管执法局",
        actions.WindowInput(
            name="城管执法咨询窗口",
            location="青浦区行政服务中心二楼城管执法区域（演示）",
            business_scope="城市管理行政执法咨询\n违法行为处理和罚款缴纳指引",
            opening_hours="工作日 9:00—17:00",
            progress_lookup="窗口电话查询，或在电子技术监控违法信息查询页面查询",
            advice_contact="021-59000002（演示号码）",
            complaint_contact="12345",
        ),
        (("咨询岗", "解答执法程序、陈述申辩和缴纳罚款的有关问题"),),
        "陈述申辩书（示范文本）",
        ("当事人", "案件编号或决定书文号", "陈述申辩的事实和理由", "联系电话"),
    ),
    DemoWindow(
        "朱家角镇",
        actions.WindowInput(
            name="综合受理窗口",
            location="朱家角镇社区事务受理服务中心一楼（演示）",
            business_scope="综合行政执法咨询\n投诉举报受理",
            opening_hours="工作日 8:30—16:30",
            progress_lookup="窗口电话查询",
            advice_contact="021-59000003（演示号码）",
            complaint_contact="12345",
        ),
        (
            ("受理岗", "接待群众咨询，登记投诉举报"),
            ("执法协调岗", "将投诉举报转交综合行政执法队办理并跟踪反馈"),
        ),
        "投诉举报登记表（示范文本）",
        ("投诉举报人", "联系电话", "被投诉举报对象", "事实和地点", "诉求"),
    ),
)

# Invented staff names for agencies whose demo has no officers.
SPARE_NAMES = ("陈晓东", "周佳怡", "吴立新")


def _photo(seed: int) -> SimpleUploadedFile:
    """Draw a plain silhouette, so that the demo board shows where a real photo goes."""
    image = Image.new("RGB", (240, 320), (200, 208 - seed * 10 % 40, 220))
    draw = ImageDraw.Draw(image)
    draw.ellipse((75, 60, 165, 160), fill=(90, 98, 112))
    draw.rounded_rectangle((35, 175, 205, 340), radius=60, fill=(31, 78, 140))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return SimpleUploadedFile("photo.png", buffer.getvalue())


def _sample_form(title: str, field_names: tuple[str, ...]) -> SimpleUploadedFile:
    document = Document()
    document.add_heading(title, level=1)
    document.add_paragraph("本文本为填写示范，请按实际情况填写，所填内容须真实、准确。")
    table = document.add_table(rows=len(field_names), cols=2)
    table.style = "Table Grid"
    for row, name in zip(table.rows, field_names, strict=True):
        row.cells[0].text = name
        row.cells[1].text = ""
    document.add_paragraph("申请人（签章）：　　　　　　　　年　　月　　日")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(DOCX_NAME, buffer.getvalue())


def _load_window(plan: DemoWindow, agency: Agency) -> dict[str, int]:
    window = actions.save_window(None, agency, plan.data)
    officers = list(Officer.objects.filter(agency=agency, is_active=True).order_by("pk"))
    for position, (post, duties) in enumerate(plan.posts, start=1):
        officer = officers[position - 1] if position <= len(officers) else None
        name = officer.full_name if officer else SPARE_NAMES[position % len(SPARE_NAMES)]
        data = actions.PostInput(
            name=name,
            post=post,
            duties=duties,
            position=position,
            officer_id=officer.pk if officer else None,
            photo=_photo(window.pk * 10 + position),
        )
        actions.save_post(None, window, data)
    actions.add_sample_form(
        None, window, plan.form_title, _sample_form(plan.form_title, plan.form_fields)
    )
    return {"service_windows": 1, "window_posts": len(plan.posts), "window_sample_forms": 1}


@transaction.atomic
def load(today: datetime.date) -> dict[str, int]:
    """Add the demo windows that are missing, with their posts and sample forms."""
    counts = {"service_windows": 0, "window_posts": 0, "window_sample_forms": 0}
    for plan in DEMO_WINDOWS:
        agency = Agency.objects.filter(short_name=plan.agency).first()
        if agency is None:
            logger.info("demo window of %s skipped: agency not found", plan.agency)
            continue
        if ServiceWindow.objects.filter(agency=agency, name=plan.data.name).exists():
            continue
        for key, count in _load_window(plan, agency).items():
            counts[key] += count
    logger.info("demo boards loaded: %s", counts)
    return counts
