"""Drafts of housing expropriation decisions: the compensation decision names one owner."""

import pytest

from zhifa.levies.models import ExpropriationProject
from zhifa.levies.tests import support
from zhifa.levies.tests.conftest import announced, gov  # noqa: F401 - fixtures
from zhifa.levies.tests.support import D, decide_for
from zhifa.publicity.models import Publication, PublicationKind

pytestmark = pytest.mark.django_db


def test_compensation_decision_names_owner(
    gov: support.Bureau,  # noqa: F811 - fixture
    announced: ExpropriationProject,  # noqa: F811 - fixture
) -> None:
    decide_for(gov, announced, "002", D(2026, 4, 6))
    owner = announced.households.get(number="002").owner.name

    publication = Publication.objects.get(step__step="compensation_decision")
    names = [row["name"] for row in publication.original["parties"]]
    assert publication.kind == PublicationKind.EXPROPRIATION
    assert names == [owner]
    assert "cash" not in publication.original["text"]
