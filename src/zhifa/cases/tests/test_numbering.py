"""Case numbers taken by ``open_case`` are gap-free, also under rollback and concurrent opening."""

import threading

import pytest
from django.db import connection, transaction

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import build_world, cover_next_year, open_ordinary

THREADS = 8


class Rollback(Exception):
    pass


def test_rolled_back_case_gives_number_back(
    agency_a: Agency, agency_head_user: User, officer_user: User
) -> None:
    world = build_world(agency_a, agency_head_user, officer_user)
    first = open_ordinary(world)

    def open_and_fail() -> None:
        with transaction.atomic():
            open_ordinary(world)
            raise Rollback

    with pytest.raises(Rollback):
        open_and_fail()

    third = open_ordinary(world)
    assert [first.number_sequence, third.number_sequence] == [1, 2]
    assert Case.objects.count() == 2


def test_numbers_are_per_kind_and_agency(
    agency_a: Agency,
    agency_b: Agency,
    agency_head_user: User,
    officer_user: User,
    other_agency_user: User,
) -> None:
    world_a = build_world(agency_a, agency_head_user, officer_user)
    world_b = build_world(agency_b, other_agency_user, other_agency_user, prefix="B")

    assert open_ordinary(world_a).number_sequence == 1
    assert open_ordinary(world_b).number_sequence == 1
    assert open_ordinary(world_a).number_sequence == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks under concurrent transactions need PostgreSQL; SQLite serialises writers",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_openings_get_consecutive_numbers(
    transactional_db: None, agency_a: Agency, agency_head_user: User, officer_user: User
) -> None:
    cover_next_year()
    world = build_world(agency_a, agency_head_user, officer_user)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            barrier.wait(timeout=30)
            open_ordinary(world)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_one) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    sequences = sorted(Case.objects.values_list("number_sequence", flat=True))
    assert sequences == list(range(1, THREADS + 1))
    assert Case.objects.values("number").distinct().count() == THREADS
