"""A licensing application from receipt to the licence issued, through the pages, in chromium.

Run with ``pytest -m browser``. Without /usr/bin/chromium the test is skipped, unless
ZHIFA_REQUIRE_BROWSER=1 makes it fail instead. Screenshots go to test-artifacts/.
"""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases.tests.steps_support import cover_next_year, person_id
from zhifa.cases.tests.test_browser_case import CHROMIUM, CHROMIUM_ARGS, _require_chromium
from zhifa.conftest import PASSWORD
from zhifa.licensing.tests import support


@pytest.fixture
def artifacts() -> Path:
    folder = Path(settings.PROJECT_DIR) / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


def record(
    page: Any,
    code: str,
    label: str,
    fields: dict[str, str],
    selects: dict[str, str] | None = None,
    checks: tuple[str, ...] = (),
) -> None:
    """Choose a step on the timeline, fill its form and check that it was recorded."""
    page.select_option("#step-form select[name=step]", code)
    page.click("#step-form button:has-text('填写')")
    page.wait_for_selector("#step-form button:has-text('保存记录')")
    for name, value in (selects or {}).items():
        page.select_option(f"#step-form select[name={name}]", value)
    for name, value in fields.items():
        page.fill(f"#step-form [name={name}]", value)
    for selector in checks:
        page.check(f"#step-form {selector}")
    page.click("#step-form button:has-text('保存记录')")
    page.wait_for_load_state()
    errors = page.locator(".errorlist, .message.error").all_inner_texts()
    assert f"已记录“{label}”" in page.content(), (code, errors)


@pytest.mark.browser
# serialized_rollback restores the rows that data migrations made (roles, calendar, parameters).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_licence_from_application_to_grant(
    live_server: Any, transactional_db: None, agency_a: Any, make_user: Any, artifacts: Path
) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # Database work happens before Playwright starts; the officer also heads the department.
    user = make_user("licence_browser", Role.OFFICER, Role.DEPARTMENT_HEAD, agency=agency_a)
    head = make_user("licence_head", Role.AGENCY_HEAD, agency=agency_a)
    cover_next_year()
    world = support.build(agency_a, head, user)
    officers = [str(officer.pk) for officer in world.base.officers]
    reviewer = str(world.reviewer.pk)
    today = timezone.localdate()
    received = (today - datetime.timedelta(days=14)).isoformat()
    decided = (today - datetime.timedelta(days=7)).isoformat()
    issued = (today - datetime.timedelta(days=5)).isoformat()
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

            page.goto(base + reverse("cases:case_create"))
            page.select_option("select[name=kind]", "licensing")
            page.select_option("select[name=department_id]", str(world.base.department.pk))
            page.fill("input[name=title]", "陈某某申请食品经营许可")
            page.check(f"input[name=power_item_ids][value='{world.item.pk}']")
            for pk in officers:
                page.check(f"input[name=officer_ids][value='{pk}']")
            page.select_option("select[name=party-0-kind]", "natural_person")
            page.fill("input[name=party-0-name]", "陈某某")
            page.fill("input[name=party-0-number]", person_id(64, "19810101"))
            page.fill("input[name=party-0-address]", "上海市青浦区盈浦街道城中东路8号")
            page.click("button:has-text('立案')")
            page.wait_for_selector("#compliance")

            record(
                page,
                "license_application",
                "申请材料接收",
                {
                    "received_on": received,
                    "materials": "食品经营许可申请书\n营业执照复印件",
                    "summary": "窗口接收申请材料",
                },
            )
            record(
                page,
                "acceptance_decision",
                "受理决定",
                {"decided_on": received, "summary": "材料齐全，予以受理"},
                {"outcome": "accepted"},
            )
            record(
                page,
                "license_review",
                "审查",
                {"opinion": "符合法定条件", "summary": "书面审查"},
                checks=(f"input[name=officer_ids][value='{reviewer}']",),
            )
            record(
                page,
                "license_decision",
                "许可决定",
                {
                    "decided_on": decided,
                    "legal_basis": "《中华人民共和国食品安全法》第三十五条",
                    "content": "经营项目：预包装食品销售",
                    "summary": "作出准予行政许可决定",
                },
                {"outcome": "granted"},
            )
            record(
                page,
                "license_decision_service",
                "送达许可决定",
                {"served_on": issued, "summary": "直接送达"},
                {"method": "direct"},
            )
            record(
                page,
                "license_issued",
                "颁发许可证件",
                {
                    "licence_number": "JY13101180009999",
                    "certificate_name": "食品经营许可证",
                    "valid_from": issued,
                    "valid_to": "2031-12-31",
                    "scope": "预包装食品销售",
                    "issued_on": issued,
                    "summary": "颁发食品经营许可证",
                },
                {"license_type": "general"},
            )
            page.screenshot(path=str(artifacts / "licensing-granted.png"), full_page=True)
            panel = page.locator("#compliance").inner_text()
            assert "十个工作日内颁发许可证件" in panel

            page.goto(base + reverse("licensing:licence_list"))
            page.click("a:has-text('JY13101180009999')")
            page.wait_for_selector("dl.facts")
            assert "预包装食品销售" in page.content()
            page.screenshot(path=str(artifacts / "licensing-licence.png"), full_page=True)
        finally:
            browser.close()
