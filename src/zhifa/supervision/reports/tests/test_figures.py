"""Report figures over a hand-built month where every number is known."""

import datetime
from decimal import Decimal
from typing import Any

import pytest

from zhifa.agencies.models import Agency
from zhifa.evidence.models import SceneExemption, SceneType
from zhifa.publicity.models import PublicationStatus
from zhifa.supervision.reports import display
from zhifa.supervision.reports.figures import compile_figures, empty_figures, sum_figures
from zhifa.supervision.reports.metrics import METRICS
from zhifa.supervision.reports.tests.support import at, case, penalty, publication, remedy, step

MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
TODAY = datetime.date(2026, 4, 20)
D = datetime.date


@pytest.fixture
def march(agency_a: Agency, agency_b: Agency, make_user: Any) -> dict[str, Agency]:
    a, b = agency_a, agency_b

    ordinary = case(a, "penalty_ordinary", D(2026, 3, 2), D(2026, 3, 20))
    step(
        ordinary,
        "penalty_decision",
        at(3, 10),
        penalty(["fine", "illegal_gains_confiscated"], "5000", "1200"),
    )
    warned = case(a, "penalty_summary", D(2026, 3, 5))
    step(warned, "on_the_spot_decision", at(3, 5), penalty(["warning"]))
    # Opened in February; decided at 00:30 on 1 March Shanghai time, still 28 February in UTC.
    early = case(a, "penalty_summary", D(2026, 2, 27))
    step(early, "on_the_spot_decision", at(3, 1, 0, 30), penalty(["fine"], "200"))
    corrected = case(a, "penalty_ordinary", D(2026, 3, 3))
    first = step(corrected, "penalty_decision", at(3, 12), penalty(["fine"], "1000"))
    step(corrected, "penalty_decision", at(3, 15), penalty(["fine"], "800"), corrects=first)
    step(case(a, "penalty_ordinary", D(2026, 3, 6)), "no_penalty_minor", at(3, 20))
    step(case(a, "penalty_ordinary", D(2026, 3, 6)), "transfer_to_judiciary", at(3, 21))
    step(case(a, "licensing", D(2026, 3, 4)), "license_decision", at(3, 11), {"outcome": "granted"})
    step(case(a, "licensing", D(2026, 3, 4)), "license_decision", at(3, 12), {"outcome": "refused"})
    sealed = case(a, "coercive_measure", D(2026, 3, 13))
    sealing = step(sealed, "measure_imposed", at(3, 13), {"kind": "sealing"})
    unrecorded = case(a, "coercive_measure", D(2026, 3, 14))
    step(unrecorded, "measure_imposed", at(3, 14), {"kind": "seizure"})
    step(case(a, "coercive_measure", D(2026, 3, 14)), "deposits_frozen", at(3, 14))
    step(case(a, "levy", D(2026, 3, 2)), "levy_notice", at(3, 14), {"amount": "3456.78"})
    step(
        case(a, "penalty_summary", D(2026, 3, 31)),
        "on_the_spot_decision",
        at(3, 31, 23, 30),
        penalty(["fine"], "50"),
    )
    step(
        case(a, "penalty_summary", D(2026, 4, 1)),
        "on_the_spot_decision",
        at(4, 1, 0, 10),
        penalty(["fine"], "70"),
    )

    # The district scene "查封、扣押" is seeded by the evidence migrations.
    scene = SceneType.objects.get(code="sealing_seizure", agency=None)
    SceneExemption.objects.create(
        case=sealed,
        step=sealing,
        scene=scene,
        reason_kind="flammable",
        reason="易燃仓库",
        recorded_by=make_user("recorder"),
    )

    publication(a, D(2026, 3, 2), D(2026, 3, 10), at(3, 9))
    publication(a, D(2026, 3, 2), D(2026, 3, 10), at(3, 11))
    publication(a, D(2026, 3, 20), D(2026, 3, 31), at(3, 31, 23))
    publication(a, D(2026, 3, 2), D(2026, 3, 10), at(3, 9), status=PublicationStatus.EXCLUDED)
    publication(a, D(2026, 3, 1), D(2026, 3, 20))
    publication(a, D(2026, 3, 5), D(2026, 3, 25), at(4, 2))
    publication(a, D(2026, 3, 20), D(2026, 3, 31))

    inspected = case(b, "inspection", D(2026, 3, 9), D(2026, 3, 16))
    step(inspected, "inspection_result", at(3, 16))
    older = case(b, "penalty_ordinary", D(2026, 1, 5), D(2026, 3, 25))
    step(older, "penalty_decision", at(2, 20), penalty(["fine"], "9000"))
    remedy(older, "reconsideration", "revoked", D(2026, 3, 18))
    remedy(older, "litigation", "upheld", D(2026, 3, 28))
    remedy(ordinary, "reconsideration", "upheld", D(2026, 4, 2))
    return {"a": a, "b": b}


def test_cases_counted_by_kind(march: dict[str, Agency]) -> None:
    rows = compile_figures([march["a"].pk, march["b"].pk], *MARCH, TODAY)
    a, b = rows[march["a"].pk], rows[march["b"].pk]

    assert a["cases_opened"] == 12
    assert a["cases_opened_penalty_ordinary"] == 4
    assert a["cases_opened_penalty_summary"] == 2
    assert a["cases_opened_licensing"] == 2
    assert a["cases_opened_coercive_measure"] == 3
    assert a["cases_opened_levy"] == 1
    assert a["cases_closed"] == 1
    assert b["cases_opened"] == 1
    assert b["cases_closed"] == 2
    assert b["cases_closed_inspection"] == 1


def test_decisions_by_type_and_amount(march: dict[str, Agency]) -> None:
    a = compile_figures([march["a"].pk], *MARCH, TODAY)[march["a"].pk]

    assert a["penalties_ordinary"] == 2
    assert a["penalties_summary"] == 3
    assert a["penalty_type_fine"] == 4
    assert a["penalty_type_warning"] == 1
    assert a["penalty_type_illegal_gains_confiscated"] == 1
    assert a["fine_total"] == Decimal("6050")
    assert a["confiscation_total"] == Decimal("1200")
    assert a["no_penalty"] == 1
    assert a["transfers_to_judiciary"] == 1
    assert a["licences_granted"] == 1
    assert a["licences_refused"] == 1
    assert a["coercive_sealing"] == 1
    assert a["coercive_seizure"] == 1
    assert a["coercive_freezing"] == 1
    assert a["levies"] == 1
    assert a["levy_amount"] == Decimal("3456.78")
    assert a["decisions_total"] == 13


def test_corrected_decision_counts_once(march: dict[str, Agency]) -> None:
    a = compile_figures([march["a"].pk], D(2026, 3, 12), D(2026, 3, 12), TODAY)[march["a"].pk]

    assert a["penalties_ordinary"] == 0
    assert a["fine_total"] == 0


def test_publications_on_time_and_overdue(march: dict[str, Agency]) -> None:
    a = compile_figures([march["a"].pk], *MARCH, TODAY)[march["a"].pk]

    assert a["publications_published"] == 3
    assert a["publications_on_time"] == 2
    assert a["publications_late"] == 1
    assert a["publications_overdue"] == 2


def test_on_time_rate_counts_overdue(march: dict[str, Agency]) -> None:
    a = compile_figures([march["a"].pk], *MARCH, TODAY)[march["a"].pk]
    rates = {line.label: line.percent for line in display.rates(a)}

    # 2 on time out of 3 published plus 2 still overdue at the end of March.
    assert rates["公示及时率"] == Decimal("40.0")


def test_on_time_rate_zero_when_only_overdue() -> None:
    figures = empty_figures()
    figures["publications_overdue"] = 14
    rates = {line.label: line.percent for line in display.rates(figures)}

    assert rates["公示及时率"] == Decimal("0.0")
    assert rates["全程音像记录覆盖率"] is None


def test_av_duties_and_met(march: dict[str, Agency]) -> None:
    a = compile_figures([march["a"].pk], *MARCH, TODAY)[march["a"].pk]

    assert a["av_mandatory_duties"] == 2
    assert a["av_mandatory_met"] == 1


def test_remedies_by_outcome(march: dict[str, Agency]) -> None:
    b = compile_figures([march["b"].pk], *MARCH, TODAY)[march["b"].pk]

    assert b["remedies_reconsideration"] == 1
    assert b["remedies_litigation"] == 1
    assert b["remedy_outcome_revoked"] == 1
    assert b["remedy_outcome_upheld"] == 1
    assert b["remedy_cases_concluded"] == 1
    assert b["remedy_cases_corrected"] == 1
    assert b["inspections"] == 1


def test_district_total_is_sum(march: dict[str, Agency]) -> None:
    ids = [march["a"].pk, march["b"].pk]
    rows = compile_figures(ids, *MARCH, TODAY)
    together = sum_figures(rows.values())

    for code in METRICS:
        assert together[code] == rows[ids[0]][code] + rows[ids[1]][code], code
    assert together["cases_opened"] == 13


def test_agency_without_data_has_zeros(agency_a: Agency) -> None:
    rows = compile_figures([agency_a.pk], *MARCH, TODAY)

    assert set(rows[agency_a.pk]) == set(METRICS)
    assert all(value == 0 for value in rows[agency_a.pk].values())


def test_query_count_fixed(
    march: dict[str, Agency],
    django_assert_max_num_queries: Any,
) -> None:
    extra = [
        Agency.objects.create(name=f"测试单位{n}", short_name=f"单位{n}", kind="town").pk
        for n in range(5)
    ]
    with django_assert_max_num_queries(16):
        compile_figures([march["a"].pk, march["b"].pk, *extra], *MARCH, TODAY)
