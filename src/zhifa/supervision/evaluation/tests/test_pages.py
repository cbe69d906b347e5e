"""The evaluation and assessment pages: what each role can open and what it is denied."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.supervision.evaluation.actions import assessment, standards
from zhifa.supervision.evaluation.models import Draw, Evaluation, EvaluationState, Rectification
from zhifa.supervision.evaluation.tests.support import closed_case, draw_all, evaluate

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_bureau_draws_and_scores_through_pages(supervisor_user: User, agency_a: Agency) -> None:
    [closed_case(agency_a) for _ in range(3)]
    client = client_for(supervisor_user)

    response = client.post(
        reverse("evaluation:draw_create"),
        {"year": "2025", "count": "2", "seed": "页面种子", "agency_ids": [str(agency_a.pk)]},
    )

    draw = Draw.objects.get()
    assert response.status_code == 302
    assert draw.seed == "页面种子"
    page = client.get(reverse("evaluation:draw_detail", kwargs={"pk": draw.pk}))
    assert "页面种子" in page.content.decode()
    verify = client.post(reverse("evaluation:draw_verify", kwargs={"pk": draw.pk}))
    assert "核验一致" in verify.content.decode()

    drawn = draw.drawn_cases.first()
    assert drawn is not None
    client.post(reverse("evaluation:evaluation_start", kwargs={"pk": drawn.pk}))
    evaluation = Evaluation.objects.get()
    item = draw.standard.items.get(code="SH-1")
    detail = reverse("evaluation:evaluation_detail", kwargs={"pk": evaluation.pk})
    client.post(detail, {f"deduction_{item.pk}": "5", f"finding_{item.pk}": "未经法制审核"})
    client.post(reverse("evaluation:evaluation_finalise", kwargs={"pk": evaluation.pk}))

    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.FINAL
    assert str(evaluation.total) == "95.0"


def test_missing_finding_shows_message(supervisor_user: User, agency_a: Agency) -> None:
    draw = draw_all(supervisor_user, agency_a, 1)
    [evaluation] = evaluate(supervisor_user, draw, {}, finalise=False)
    item = draw.standard.items.get(code="SH-1")
    detail = reverse("evaluation:evaluation_detail", kwargs={"pk": evaluation.pk})

    response = client_for(supervisor_user).post(detail, {f"deduction_{item.pk}": "5"}, follow=True)

    assert "请填写评查意见" in response.content.decode()
    assert not evaluation.scores.exists()


def test_agency_sees_only_own_final_results(
    supervisor_user: User, agency_head_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    [own] = evaluate(supervisor_user, draw_all(supervisor_user, agency_a, 1, seed="a"), {})
    [other] = evaluate(supervisor_user, draw_all(supervisor_user, agency_b, 1, seed="b"), {})
    client = client_for(agency_head_user)

    home = client.get(reverse("evaluation:evaluation_home") + "?year=2025")

    assert home.status_code == 200
    assert list(home.context["evaluations"]) == [own]
    assert agency_b.name not in home.content.decode()
    url = reverse("evaluation:evaluation_detail", kwargs={"pk": other.pk})
    assert client.get(url).status_code == 404
    draw = Draw.objects.first()
    assert draw is not None
    assert client.get(reverse("evaluation:draw_detail", kwargs={"pk": draw.pk})).status_code == 403


def test_agency_draft_evaluation_hidden(
    supervisor_user: User, agency_head_user: User, agency_a: Agency
) -> None:
    [draft] = evaluate(supervisor_user, draw_all(supervisor_user, agency_a, 1), {}, finalise=False)

    url = reverse("evaluation:evaluation_detail", kwargs={"pk": draft.pk})

    assert client_for(agency_head_user).get(url).status_code == 404


def test_agency_rectifies_through_page(
    supervisor_user: User, agency_head_user: User, agency_a: Agency
) -> None:
    [evaluation] = evaluate(supervisor_user, draw_all(supervisor_user, agency_a, 1), {"JL-1": "2"})
    finding = evaluation.scores.get()
    url = reverse(
        "evaluation:rectification_submit", kwargs={"pk": evaluation.pk, "score_id": finding.pk}
    )

    client_for(agency_head_user).post(url, {"text": "已补正笔录"})

    assert Rectification.objects.get().text == "已补正笔录"


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("evaluation:draw_create", {}),
        ("evaluation:standard_create", {}),
        ("evaluation:assessment_action", {"year": 2025, "operation": "compute"}),
    ],
)
def test_agency_refused_bureau_actions(
    agency_head_user: User, name: str, kwargs: dict[str, object]
) -> None:
    response = client_for(agency_head_user).post(reverse(name, kwargs=kwargs), {"year": "2025"})

    assert response.status_code == 403


def test_standard_total_message_on_page(supervisor_user: User) -> None:
    draft = standards.create_standard(supervisor_user, name="新标准")
    standards.save_item(
        supervisor_user, draft.pk, standards.ItemInput("A", "review", "procedure", "内容", "99")
    )
    url = reverse("evaluation:standard_change", kwargs={"pk": draft.pk, "operation": "in_force"})

    response = client_for(supervisor_user).post(url, follow=True)

    assert "比100分少1分" in response.content.decode()


def test_assessment_pages(
    supervisor_user: User, agency_head_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    today = datetime.date(2026, 3, 1)
    assessment.set_weights(supervisor_user, 2025, {"evaluation_score": "100"}, today)
    assessment.compute_assessment(supervisor_user, 2025, today)
    detail = reverse("evaluation:assessment_detail", kwargs={"year": 2025})

    bureau_page = client_for(supervisor_user).get(detail)
    agency_before = client_for(agency_head_user).get(detail)
    assessment.finalise_assessment(supervisor_user, 2025)
    agency_after = client_for(agency_head_user).get(detail)
    listing = client_for(agency_head_user).get(reverse("evaluation:assessment_list"))

    assert bureau_page.status_code == 200
    assert len(bureau_page.context["results"]) == 2
    assert agency_before.status_code == 404
    assert [row.agency for row in agency_after.context["results"]] == [agency_a]
    assert listing.status_code == 200


def test_rejected_scores_keep_input(supervisor_user: User, agency_a: Agency) -> None:
    draw = draw_all(supervisor_user, agency_a, 1)
    [evaluation] = evaluate(supervisor_user, draw, {}, finalise=False)
    worth_six = draw.standard.items.get(code="GS-1")
    other = draw.standard.items.get(code="SH-1")
    detail = reverse("evaluation:evaluation_detail", kwargs={"pk": evaluation.pk})

    response = client_for(supervisor_user).post(
        detail,
        {
            f"deduction_{worth_six.pk}": "7",
            f"finding_{worth_six.pk}": "未出示执法证件",
            f"deduction_{other.pk}": "5",
            f"finding_{other.pk}": "未经法制审核",
            "summary": "案卷总体规范",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "“GS-1扣分”7超过该项分值6分" in page
    assert f'id="deduction_{worth_six.pk}-error"' in page
    assert f'aria-describedby="deduction_{worth_six.pk}-error"' in page
    assert f'name="deduction_{worth_six.pk}" value="7"' in page
    assert f'name="deduction_{other.pk}" value="5"' in page
    assert "未出示执法证件" in page
    assert "未经法制审核" in page
    assert "案卷总体规范" in page
    assert not evaluation.scores.exists()


def test_in_force_message_names_versions(supervisor_user: User) -> None:
    previous = standards.in_force()
    assert previous is not None
    draft = standards.create_standard(
        supervisor_user, name="青浦区评查标准", copy_from_id=previous.pk
    )
    url = reverse("evaluation:standard_change", kwargs={"pk": draft.pk, "operation": "in_force"})

    response = client_for(supervisor_user).post(url, follow=True)

    page = response.content.decode()
    assert f"{draft}已施行" in page
    assert f"原现行版本{previous}已停用" in page


def fully_deducted(supervisor_user: User, agency: Agency) -> None:
    """Finalise one evaluation of ``agency`` that deducts every point, so it scores 0."""
    draw = draw_all(supervisor_user, agency, 1)
    evaluate(
        supervisor_user, draw, {item.code: str(item.points) for item in draw.standard.items.all()}
    )


def test_zero_scores_shown_as_numbers(
    supervisor_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    today = datetime.date(2026, 3, 1)
    fully_deducted(supervisor_user, agency_a)
    assessment.set_weights(supervisor_user, 2025, {"evaluation_score": "100"}, today)
    assessment.compute_assessment(supervisor_user, 2025, today)
    detail = reverse("evaluation:assessment_detail", kwargs={"year": 2025})

    page = client_for(supervisor_user).get(detail).content.decode()

    assert f"<td>1</td><td>{agency_a.name}</td><td>0.00</td>" in page
    assert f"<td>不排名</td><td>{agency_b.name}</td><td>—</td>" in page
    assert "评查案卷：0；" in page
    assert "平均分：—；" in page
    assert "评查案卷：1；" in page
    assert "平均分：0.0；" in page


def test_zero_scores_on_home_and_list(
    supervisor_user: User, agency_head_user: User, agency_a: Agency
) -> None:
    today = datetime.date(2026, 3, 1)
    fully_deducted(supervisor_user, agency_a)
    assessment.set_weights(supervisor_user, 2025, {"evaluation_score": "100"}, today)
    assessment.compute_assessment(supervisor_user, 2025, today)
    assessment.finalise_assessment(supervisor_user, 2025)
    home = reverse("evaluation:evaluation_home") + "?year=2025"

    summary = client_for(supervisor_user).get(home).content.decode()
    listing = client_for(agency_head_user).get(reverse("evaluation:assessment_list"))

    assert f"<td>{agency_a.name}</td><td>1</td><td>0.0</td>" in summary
    assert "<td>已定稿</td><td>0.0</td>" in summary
    assert "<td>0.00</td><td>1</td>" in listing.content.decode()
