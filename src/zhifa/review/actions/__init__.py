"""Actions of the review loop: flags, submissions, opinions and objections.

Each action takes the acting user first, checks the capability, loads within the user's
scope, validates with Chinese messages naming the field, and writes inside
``transaction.atomic`` together with the audit entry.
"""

from zhifa.review.actions.flags import clear_flag, set_flag
from zhifa.review.actions.objections import decide_objection, object_to_opinion
from zhifa.review.actions.opinions import ChecklistResult, OpinionInput, issue_opinion
from zhifa.review.actions.requests import (
    MaterialInput,
    SubmissionInput,
    extend,
    is_overdue,
    submit,
    withdraw,
)

__all__ = [
    "ChecklistResult",
    "MaterialInput",
    "OpinionInput",
    "SubmissionInput",
    "clear_flag",
    "decide_objection",
    "extend",
    "is_overdue",
    "issue_opinion",
    "object_to_opinion",
    "set_flag",
    "submit",
    "withdraw",
]
