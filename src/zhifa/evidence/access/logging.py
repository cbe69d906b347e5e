"""The access log (调阅记录): every view, stream, download and export of a record or case file.

Each row is appended together with its ledger entry, so the log itself is tamper-evident.
"""

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest

from zhifa.accounts.models import User
from zhifa.core.client_address import client_ip
from zhifa.evidence.access import policy
from zhifa.evidence.access.requests import clean_purpose
from zhifa.evidence.ledger import entries
from zhifa.evidence.models import AccessLog, AccessRequest, AvRecord

if TYPE_CHECKING:
    from zhifa.archives.casefiles.models import CaseFile


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


def log_case_file_access(
    user: User,
    case_file: "CaseFile",
    action: str,
    purpose: str,
    *,
    ip_address: str | None = None,
) -> AccessLog:
    """Append one look at an archived case file (档案利用) and its ledger entry.

    The caller has checked the permission (``zhifa.archives.use.access``).
    """
    with transaction.atomic():
        row = AccessLog.objects.create(
            case_file=case_file,
            user=user,
            action=action,
            purpose=purpose[:300],
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
