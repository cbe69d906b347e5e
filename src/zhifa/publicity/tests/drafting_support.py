"""Helpers of the publication tests: a penalty case decided through the real case actions."""

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import World, advance_to_service, build_world, open_ordinary
from zhifa.publicity.models import Publication


def decided_case(agency: Agency, head: User, officer: User) -> tuple[World, Case, Publication]:
    """Open a penalty case and issue its decision on 2026-11-05; return its publication draft."""
    world = build_world(agency, head, officer)
    case = open_ordinary(world)
    advance_to_service(world, case)
    return world, case, Publication.objects.get(case=case)
