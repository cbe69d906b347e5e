"""The access log (调阅记录): every view, stream, download and export of a record.

Each row is appended together with its ledger entry, so the log itself is tamper-evident.
"""

from django.db import transaction
from django.http import HttpRequest

from zhifa.accounts.models import User
from zhifa.core.client_address import client_ip
from zhifa.evidence.access import policy
from zhifa.evidence.access.requests import clean_purpose
from zhifa.evidence.ledger import entries
from zhifa.evidence.models import AccessLog, AccessRequest, AvRecord


def log_access(
    user: User,
    record: AvRecord,
    action: str,
    purpose: str,
    *,
    request: AccessRequest | None = None,
    ip_address: str | None = None,
) -> AccessLog:
    with transaction.atomic():
        row = AccessLog.objects.create(
            record=record,
            user=user,
            action=action,
            purpose=purpose[:300],
            request=request,
            ip_address=ip_address,
        )
        entries.access_logged(row)
    return row


def open_record(
    user: User,
    record: AvRecord,
    action: str,
    purpose: str,
    *,
    http_request: HttpRequest | None = None,
) -> AccessLog:
    """Check that ``user`` may open ``record`` now, then log the access.

    A sensitive record is opened under the user's approved request, whose purpose is logged.
    Other records need the purpose the user gave, at least four characters long.
    """
    approval = policy.approved_request(user, record)
    text = approval.purpose if approval is not None else clean_purpose(purpose)
    return log_access(
        user, record, action, text, request=approval, ip_address=client_ip(http_request)
    )
