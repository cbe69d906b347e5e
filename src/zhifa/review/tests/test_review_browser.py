"""One legal review from submission to approval after one resubmission, in Debian's chromium.

Run with ``pytest -m browser``. Without /usr/bin/chromium the test is skipped, unless
ZHIFA_REQUIRE_BROWSER=1 makes it fail instead. Screenshots go to test-artifacts/.
"""

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.cases.models import CaseStep
from zhifa.cases.tests.steps_support import cover_next_year
from zhifa.cases.tests.test_browser_case import (
    CHROMIUM,
    CHROMIUM_ARGS,
    _require_chromium,
    artifacts,
    record_step,
)
from zhifa.conftest import PASSWORD
from zhifa.review.lists import checklist_for
from zhifa.review.models import RequestState, ReviewRequest
from zhifa.review.tests.support import (
    LEGALITY,
    REASONABLENESS,
    ReviewWorld,
    review_world,
)

__all__ = ["artifacts", "review_world"]  # fixtures used by name


def log_in(browser: Any, base: str, user: User) -> Any:
    """Return a page of a fresh browser context logged in as ``user``."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + reverse("backoffice:home"))
    return page


def submit_from_case(page: Any, base: str, case_id: int, correction: str = "") -> None:
    page.goto(base + reverse("cases:case_detail", args=[case_id]) + "#legal-review")
    page.click("#legal-review a.button:has-text('送审')")
    page.wait_for_selector("form.submit-form")
    page.fill("textarea[name=summary]", "拟对当事人罚款2000元，事实清楚，请予审核。")
    if correction:
        page.fill("textarea[name=correction_summary]", correction)
    for box in page.locator("form.submit-form input[type=checkbox]").all():
        box.check()
    page.click("form.submit-form button[type=submit]")
    page.wait_for_selector("#opinion-heading")
    errors = page.locator(".errorlist, .message.error").all_inner_texts()
    assert "审核中" in page.content(), errors


def give_opinion(
    page: Any, base: str, review_url: str, conclusion: str, failed: dict[str, str]
) -> None:
    page.goto(base + review_url)
    page.click("a.button:has-text('出具审核意见')")
    page.wait_for_selector("form.opinion-form")
    for radio in page.locator("form.opinion-form input[type=radio][value=pass]").all():
        radio.check()
    for code, note in failed.items():
        page.check(f"input[name=check_{code}_result][value=fail]")
        page.fill(f"input[name=check_{code}_note]", note)
    page.check(f"input[name=conclusion][value={conclusion}]")
    page.fill("textarea[name=legality]", LEGALITY)
    page.fill("textarea[name=reasonableness]", REASONABLENESS)
    if conclusion != "approved":
        page.fill("textarea[name=corrections]", "请补充当事人陈述申辩的复核记录后重新送审。")
    page.click("form.opinion-form button[type=submit]")
    page.wait_for_selector("#opinion-heading")
    errors = page.locator(".errorlist, .message.error").all_inner_texts()
    assert "已出具法制审核意见" in page.content(), errors


@pytest.mark.browser
# A transactional test empties the tables when it ends; serialized_rollback restores the rows
# that data migrations made (role groups, the calendar, rule parameters, review lists).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_review_returned_resubmitted_approved(
    live_server: Any, transactional_db: None, review_world: ReviewWorld, artifacts: Path
) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # Database work happens before Playwright starts, whose event loop blocks ORM calls here.
    cover_next_year()
    case = review_world.case
    first_item = checklist_for("penalty")[0]
    base = live_server.url
    list_url = reverse("review:request_list")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            officer = log_in(browser, base, review_world.officer_user)
            reviewer = log_in(browser, base, review_world.reviewer_user)
            head = log_in(browser, base, review_world.head)

            submit_from_case(officer, base, case.pk)
            round_one = officer.url.removeprefix(base)

            reviewer.goto(base + list_url)
            assert case.number in reviewer.content()
            give_opinion(
                reviewer,
                base,
                round_one,
                "revise_and_resubmit",
                {first_item.code: "未见陈述申辩复核记录"},
            )
            returned_page = reviewer.content()

            submit_from_case(officer, base, case.pk, correction="已补充陈述申辩复核记录")
            round_two = officer.url.removeprefix(base)
            comparison = officer.content()

            give_opinion(reviewer, base, round_two, "approved", {})
            reviewer.screenshot(path=str(artifacts / "review-approved.png"), full_page=True)

            head.goto(base + reverse("cases:case_detail", args=[case.pk]))
            case_page = head.content()
            record_step(
                head,
                "penalty_decision",
                "行政处罚决定",
                {
                    "facts_and_evidence": "现场检查笔录、现场照片证明当事人占用道路堆物",
                    "fine": "2000",
                    "penalty_basis": "《上海市市容环境卫生管理条例》第四十九条",
                    "summary": "作出罚款二千元的行政处罚决定",
                },
                ["input[name=penalty_types][value=fine]"],
            )
            head.screenshot(path=str(artifacts / "review-case-decided.png"), full_page=True)
        finally:
            browser.close()

    assert "建议修改后提交" in returned_page
    assert "与第1轮相比的变化" in comparison
    assert "已补充陈述申辩复核记录" in comparison
    assert "法制审核通过" in case_page
    assert "review-blocker" not in case_page
    states = list(
        ReviewRequest.objects.filter(case=case)
        .order_by("round_number")
        .values_list("state", flat=True)
    )
    assert states == [RequestState.RESUBMITTED, RequestState.APPROVED]
    assert CaseStep.objects.filter(case=case, step="penalty_decision").exists()
