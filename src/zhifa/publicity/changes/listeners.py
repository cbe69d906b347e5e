"""Receivers that connect publications to outcomes recorded elsewhere.

``connect`` is called once from ``zhifa.publicity.plugins.connect`` when the app is ready.
"""

import datetime
import logging
from typing import Any

from zhifa.cases.models import Case
from zhifa.publicity.changes import withdrawal
from zhifa.remedies.models import Remedy
from zhifa.remedies.signals import decision_corrected

logger = logging.getLogger(__name__)

DISPATCH_UID = "zhifa.publicity.changes.withdraw_corrected_decision"


def on_decision_corrected(
    sender: type[Remedy],
    *,
    case: Case,
    remedy: Remedy,
    withdraw_by: datetime.date,
    **kwargs: Any,
) -> None:
    """Withdraw the case's published decisions at once after a correcting outcome.

    The signal is sent after the outcome commits, so a failure here cannot undo the outcome.
    It is logged, and the daily sweep retries it through ``withdrawal.withdraw_corrected``.
    """
    try:
        count = withdrawal.withdraw_for_remedy(remedy, withdraw_by)
    except Exception:
        logger.exception(
            "withdrawal after remedy %s of case %s failed; the sweep retries it",
            remedy.pk,
            case.pk,
        )
        return
    logger.info("remedy %s of case %s withdrew %s publications", remedy.pk, case.pk, count)


def connect() -> None:
    decision_corrected.connect(on_decision_corrected, dispatch_uid=DISPATCH_UID)
