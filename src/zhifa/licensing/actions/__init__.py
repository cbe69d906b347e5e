"""Actions of licensing cases and of later decisions on a licence.

Each action takes the acting user, the case and the ``StepInput`` of what every step records,
then the step's own values by name, so the page form and the API call it the same way.
"""

from zhifa.licensing.actions.application import (
    decide_acceptance,
    extend_decision_period,
    record_application,
    record_excluded_period,
    record_review,
    request_supplement,
)
from zhifa.licensing.actions.decision import (
    decide_license,
    issue_licence,
    link_follow_up,
    serve_license_decision,
)
from zhifa.licensing.actions.disposal import decide_disposal, select_licence
from zhifa.licensing.actions.hearing import (
    announce_hearing,
    notify_hearing_right,
    record_license_hearing,
    request_license_hearing,
    schedule_license_hearing,
)
from zhifa.licensing.actions.withdrawal import withdraw_application

__all__ = [
    "announce_hearing",
    "decide_acceptance",
    "decide_disposal",
    "decide_license",
    "extend_decision_period",
    "issue_licence",
    "link_follow_up",
    "notify_hearing_right",
    "record_application",
    "record_excluded_period",
    "record_license_hearing",
    "record_review",
    "request_license_hearing",
    "request_supplement",
    "schedule_license_hearing",
    "select_licence",
    "serve_license_decision",
    "withdraw_application",
]
