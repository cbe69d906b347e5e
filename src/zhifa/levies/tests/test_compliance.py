"""The compliance panel, header deadlines and step plugins of a housing expropriation."""

import pytest

from zhifa.cases import plugins
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.compliance import MET, MISSING, deadlines, evaluate, facts_for
from zhifa.cases.documents.registry import DOC_TYPES
from zhifa.levies.documents import SPECS
from zhifa.levies.plugins import PLUGINS
from zhifa.levies.tests import support
from zhifa.levies.tests.support import VALUE, D, agree, at, decide_for, office

pytestmark = pytest.mark.django_db


def statuses(case: object) -> dict[str, str]:
    return {item.label: item.status for item in evaluate(facts_for(case), CALENDAR)}  # type: ignore[arg-type]


def test_preconditions_met_after_decision(announced: support.ExpropriationProject) -> None:
    items = statuses(announced.case)
    assert items["补偿方案征求意见不少于三十日（第十条）"] == MET
    assert items["补偿费用足额到位、专户存储（第十二条）"] == MET
    assert items["房屋征收决定公告，载明补偿方案和救济权利（第十三条）"] == MET


def test_results_missing_until_published(
    gov: support.Bureau, announced: support.ExpropriationProject
) -> None:
    label = "分户补偿情况在征收范围内公布（第二十九条）"
    agree(gov, announced, "001", VALUE)
    assert statuses(announced.case)[label] == MISSING
    from zhifa.levies.actions import households

    households.publish_results(
        gov.user,
        announced.case,
        office("compensation_results_published", at(4, 20)),
        published_on=D(2026, 4, 20),
        places="公告栏",
    )
    assert statuses(announced.case)[label] == MET


def test_court_window_deadline(
    gov: support.Bureau, announced: support.ExpropriationProject
) -> None:
    decide_for(gov, announced, "002", D(2026, 4, 10))
    rows = {row.label: row for row in deadlines(facts_for(announced.case), CALENDAR)}
    window = rows["户号002申请法院强制执行期限（复议、诉讼期限届满后三个月内）"]
    assert window.due_on == D(2027, 1, 13)
    assert "2026年10月13日" in window.note


def test_plugin_schema_and_perform(gov: support.Bureau) -> None:
    project = support.new_project(gov, support.housing_bureau())
    support.record_preconditions(
        gov.user,
        project.case,
        skip=frozenset({"compensation_plan_consultation", "consultation_results_published"}),
    )
    plugin = plugins.step_plugin("compensation_plan_consultation")
    assert plugin is not None
    values = plugin.schema(
        published_on="2026-01-15", closes_on="2026-02-14", plan_summary="方案"
    ).model_dump()
    row = plugin.perform(
        gov.user, project.case, office("compensation_plan_consultation", at(1, 15)), values
    )
    assert row.details["comment_days"] == 30
    assert set(plugin.form_fields()) == {"published_on", "closes_on", "plan_summary"}


def test_every_plugin_and_document_registered() -> None:
    assert all(plugins.step_plugin(plugin.code) is plugin for plugin in PLUGINS)
    assert all(DOC_TYPES[spec.code] is spec for spec in SPECS)
    assert all((spec.template_dir / spec.file_name).exists() for spec in SPECS if spec.template_dir)
