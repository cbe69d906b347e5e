"""The random draw: sample sizes, reproducibility from the seed, verification and who may draw."""

import datetime

import pytest
from django.db import DatabaseError, transaction

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.core.errors import NotPermitted, ValidationFailed
from zhifa.supervision.evaluation import rules
from zhifa.supervision.evaluation.actions import draws
from zhifa.supervision.evaluation.models import Draw
from zhifa.supervision.evaluation.tests.support import closed_case

TODAY = datetime.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("population", "count", "percent", "minimum", "expected"),
    [
        (10, 3, None, 0, 3),
        (2, 3, None, 0, 2),
        (15, None, 10, 0, 2),
        (15, None, 10, 5, 5),
        (3, None, 10, 5, 3),
        (0, None, 50, 2, 0),
    ],
)
def test_sample_size(
    population: int, count: int | None, percent: int | None, minimum: int, expected: int
) -> None:
    assert rules.sample_size(population, count=count, percent=percent, minimum=minimum) == expected


def test_draw_ids_reproducible_and_order_free() -> None:
    ids = [31, 7, 12, 99, 4, 58, 23]

    first = rules.draw_ids("abc", 1, ids, 3)
    again = rules.draw_ids("abc", 1, list(reversed(ids)), 3)

    assert first == again
    assert len(set(first)) == 3
    assert set(first) <= set(ids)


def test_draw_ids_depend_on_seed_and_agency() -> None:
    ids = list(range(1, 200))

    picks = {tuple(rules.draw_ids(seed, agency, ids, 5)) for seed in "ab" for agency in (1, 2)}

    assert len(picks) == 4


@pytest.mark.django_db
def test_draw_records_population_and_picks(
    supervisor_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    cases_a = [closed_case(agency_a) for _ in range(6)]
    closed_case(agency_a, datetime.date(2024, 12, 31))
    closed_case(agency_a, closed=False)
    [closed_case(agency_b) for _ in range(2)]

    draw = draws.make_draw(
        supervisor_user,
        draws.DrawInput(year=2025, count=3, seed="青浦2025"),
        TODAY,
    )

    assert draw.population[str(agency_a.pk)] == sorted(case.pk for case in cases_a)
    picks = draws.stored_picks(draw)
    assert len(picks[agency_a.pk]) == 3
    assert len(picks[agency_b.pk]) == 2
    assert picks[agency_a.pk] == rules.draw_ids(
        "青浦2025", agency_a.pk, draw.population[str(agency_a.pk)], 3
    )


@pytest.mark.django_db
def test_same_seed_and_population_same_draw(supervisor_user: User, agency_a: Agency) -> None:
    [closed_case(agency_a) for _ in range(20)]
    draw = draws.make_draw(
        supervisor_user, draws.DrawInput(year=2025, count=5, seed="固定种子"), TODAY
    )

    recomputed = draws.recompute(draw)

    assert recomputed == dict(draws.stored_picks(draw))


@pytest.mark.django_db
def test_verify_reports_match_and_later_changes(supervisor_user: User, agency_a: Agency) -> None:
    [closed_case(agency_a) for _ in range(5)]
    draw = draws.make_draw(supervisor_user, draws.DrawInput(year=2025, count=2), TODAY)
    late = closed_case(agency_a)

    result = draws.verify_draw(supervisor_user, draw.pk)

    assert result.matches
    assert result.differences == {}
    assert result.added_since == {agency_a.pk: [late.pk]}
    assert len(draw.seed) == 32


@pytest.mark.django_db
def test_second_draw_skips_drawn_cases(supervisor_user: User, agency_a: Agency) -> None:
    [closed_case(agency_a) for _ in range(4)]
    first = draws.make_draw(supervisor_user, draws.DrawInput(year=2025, count=3), TODAY)

    second = draws.make_draw(supervisor_user, draws.DrawInput(year=2025, count=3), TODAY)

    first_ids = set(draws.stored_picks(first)[agency_a.pk])
    second_ids = set(draws.stored_picks(second)[agency_a.pk])
    assert len(second_ids) == 1
    assert not first_ids & second_ids


@pytest.mark.django_db
def test_draw_is_append_only(supervisor_user: User, agency_a: Agency) -> None:
    closed_case(agency_a)
    draw = draws.make_draw(supervisor_user, draws.DrawInput(year=2025, count=1), TODAY)

    with pytest.raises(DatabaseError), transaction.atomic():
        Draw.objects.filter(pk=draw.pk).update(seed="changed")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        (draws.DrawInput(year=2025), "count"),
        (draws.DrawInput(year=2025, count=2, percent=10), "count"),
        (draws.DrawInput(year=2025, percent=120), "percent"),
        (draws.DrawInput(year=2027, count=1), "year"),
        (
            draws.DrawInput(
                year=2025,
                count=1,
                closed_from=datetime.date(2025, 6, 1),
                closed_to=datetime.date(2025, 5, 1),
            ),
            "closed_from",
        ),
        (draws.DrawInput(year=2025, count=1, seed="x" * 65), "seed"),
    ],
)
def test_invalid_draw_rejected(supervisor_user: User, data: draws.DrawInput, field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        draws.make_draw(supervisor_user, data, TODAY)

    assert error.value.field == field
    assert not Draw.objects.exists()


@pytest.mark.django_db
def test_agency_cannot_draw(agency_head_user: User, agency_a: Agency) -> None:
    closed_case(agency_a)

    with pytest.raises(NotPermitted):
        draws.make_draw(agency_head_user, draws.DrawInput(year=2025, count=1), TODAY)
