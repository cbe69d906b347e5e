"""Demo data of publicity: ex-ante lists, boards, publications and their changes.

It runs after the case demos, whose decisions already have their publication drafts.
"""

import datetime

from zhifa.catalog.lists import demo as lists_demo
from zhifa.publicity.boards import demo as boards_demo
from zhifa.publicity.changes import demo as changes_demo
from zhifa.publicity.drafting import demo as drafting_demo


def load(today: datetime.date) -> dict[str, int]:
    counts: dict[str, int] = {}
    for module in (lists_demo, boards_demo, drafting_demo, changes_demo):
        for key, count in module.load(today).items():
            counts[key] = counts.get(key, 0) + count
    return counts
