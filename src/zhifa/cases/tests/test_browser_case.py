"""An ordinary penalty case from opening to closing through the pages, in Debian's chromium.

Run with ``pytest -m browser``. Without /usr/bin/chromium the test is skipped, unless
ZHIFA_REQUIRE_BROWSER=1 makes it fail instead. Screenshots go to test-artifacts/.
"""

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from zhifa.accounts.roles import Role
from zhifa.cases.tests.pages_support import DECISION_DOCUMENT_DATA
from zhifa.cases.tests.steps_support import build_world, cover_next_year, person_id
from zhifa.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("ZHIFA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM} is missing but ZHIFA_REQUIRE_BROWSER=1 requires the browser test")
    pytest.skip(f"{CHROMIUM} is not installed")


@pytest.fixture
def artifacts() -> Path:
    folder = Path(settings.PROJECT_DIR) / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


def record_step(
    page: Any, code: str, label: str, fields: dict[str, str], checks: list[str]
) -> None:
    """Choose a step on the timeline, fill its form and check that it was recorded."""
    page.select_option("#step-form select[name=step]", code)
    page.click("#step-form button:has-text('填写')")
    page.wait_for_selector("#step-form button:has-text('保存记录')")
    for name, value in fields.items():
        page.fill(f"#step-form [name={name}]", value)
    for selector in checks:
        page.check(f"#step-form {selector}")
    page.click("#step-form button:has-text('保存记录')")
    page.wait_for_load_state()
    errors = page.locator(".errorlist, .message.error").all_inner_texts()
    assert f"已记录“{label}”" in page.content(), (code, errors)


@pytest.mark.browser
# A transactional test empties the tables when it ends; serialized_rollback restores the rows
# that data migrations made (role groups, the calendar, rule parameters) when this test starts.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_penalty_case_from_opening_to_closing(
    live_server: Any, transactional_db: None, agency_a: Any, make_user: Any, artifacts: Path
) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # All database work happens before Playwright starts, because its event loop makes
    # Django refuse ORM calls from this thread. The officer also heads the department, so
    # the approvals (filing, closing) are theirs to record.
    user = make_user("officer_browser", Role.OFFICER, Role.DEPARTMENT_HEAD, agency=agency_a)
    head = make_user("head_browser", Role.AGENCY_HEAD, agency=agency_a)
    cover_next_year()
    world = build_world(agency_a, head, user)
    officers = [str(officer.pk) for officer in world.officers]
    party_number = person_id(63, "19800101")
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + reverse("accounts:login"))
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(base + reverse("backoffice:home"))

            # Open the case with a new party.
            page.goto(base + reverse("cases:case_create"))
            page.select_option("select[name=kind]", "penalty_ordinary")
            page.select_option("select[name=department_id]", str(world.department.pk))
            page.fill("input[name=title]", "擅自占用道路堆放建筑材料案")
            page.check(f"input[name=power_item_ids][value='{world.power_item.pk}']")
            for pk in officers:
                page.check(f"input[name=officer_ids][value='{pk}']")
            page.select_option("select[name=party-0-kind]", "natural_person")
            page.fill("input[name=party-0-name]", "陈某某")
            page.fill("input[name=party-0-number]", party_number)
            page.fill("input[name=party-0-address]", "上海市青浦区朱家角镇新风路8号")
            page.screenshot(path=str(artifacts / "case-open-form.png"), full_page=True)
            page.click("button:has-text('立案')")
            page.wait_for_selector("#compliance")
            assert "已立案" in page.content()

            record_step(page, "filing_approval", "立案审批", {"summary": "同意立案"}, [])
            record_step(
                page,
                "inspection_record",
                "现场检查笔录",
                {
                    "place": "朱家角镇新风路8号门前",
                    "summary": "现场检查发现当事人在人行道上堆放建筑材料约十立方米",
                },
                [
                    *(f"input[name=officer_ids][value='{pk}']" for pk in officers),
                    "input[name=credential_shown]",
                    "input[name=uniform_worn]",
                    "input[name=grounds_told]",
                    "input[name=basis_told]",
                    "input[name=rights_told]",
                ],
            )
            page.screenshot(path=str(artifacts / "case-timeline-inspection.png"), full_page=True)
            record_step(
                page, "investigation_report", "调查终结报告", {"summary": "调查终结，事实清楚"}, []
            )
            record_step(
                page,
                "prior_notice",
                "行政处罚事先告知",
                {
                    "facts": "当事人擅自占用人行道堆放建筑材料",
                    "grounds": "违反市容环境卫生管理规定",
                    "legal_basis": "《上海市市容环境卫生管理条例》第二十条、第四十九条",
                    "fine": "2000",
                    "summary": "直接送达行政处罚事先告知书",
                },
                ["input[name=penalty_types][value=fine]"],
            )
            record_step(
                page,
                "penalty_decision",
                "行政处罚决定",
                {
                    "facts_and_evidence": "现场检查笔录、现场照片证明当事人占用人行道堆物",
                    "fine": "2000",
                    "penalty_basis": "《上海市市容环境卫生管理条例》第四十九条",
                    "summary": "作出罚款二千元的行政处罚决定",
                },
                ["input[name=penalty_types][value=fine]"],
            )

            # The decision document: draft, fill, finalise (LibreOffice renders the PDF).
            page.select_option("#documents select[name=doc_type]", "penalty_decision")
            page.click("#documents button:has-text('制作文书')")
            page.wait_for_selector("button:has-text('保存并定稿')")
            for name, value in DECISION_DOCUMENT_DATA.items():
                page.fill(f"[name={name}]", value)
            page.screenshot(path=str(artifacts / "case-decision-document.png"), full_page=True)
            page.click("button:has-text('保存并定稿')")
            page.wait_for_selector("#documents")
            assert "已定稿" in page.content(), page.locator(".message").all_inner_texts()

            page.select_option("#step-form select[name=step]", "document_service")
            page.click("#step-form button:has-text('填写')")
            page.wait_for_selector("#step-form select[name=method]")
            page.select_option("#step-form select[name=method]", "direct")
            page.fill("#step-form [name=recipient]", "陈某某")
            page.fill("#step-form [name=summary]", "直接送达行政处罚决定书，当事人签收")
            page.click("#step-form button:has-text('保存记录')")
            page.wait_for_load_state()
            errors = page.locator(".errorlist").all_inner_texts()
            assert "已记录“送达”" in page.content(), errors

            page.select_option("#step-form select[name=step]", "fine_payment")
            page.click("#step-form button:has-text('填写')")
            page.wait_for_selector("#step-form select[name=channel]")
            page.select_option("#step-form select[name=channel]", "bank")
            page.fill("#step-form [name=amount]", "2000")
            page.fill("#step-form [name=receipt_number]", "PJ20261205001")
            page.fill("#step-form [name=summary]", "当事人通过指定银行缴纳罚款")
            page.click("#step-form button:has-text('保存记录')")
            page.wait_for_load_state()
            assert "已记录“缴纳罚款”" in page.content(), page.locator(
                ".errorlist"
            ).all_inner_texts()

            record_step(
                page, "closing_approval", "结案审批", {"summary": "罚款已缴清，同意结案"}, []
            )

            assert page.locator(".case-status").inner_text().startswith("已结案")
            panel = page.locator("#compliance")
            assert "无缺失" in panel.inner_text()
            assert panel.locator(".compliance-missing").count() == 0
            panel.scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / "case-closed-compliance.png"), full_page=True)
        finally:
            browser.close()
