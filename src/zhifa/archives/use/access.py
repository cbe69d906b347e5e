"""Opening an archived case file (档案利用): who may, and the access log row each opening writes.

The agency's archivist opens the agency's case files with a stated purpose. Anyone else needs
an approved use request for that case file that has not expired or been returned: a consult
request (查阅) allows viewing, a borrow request (借阅) allows viewing and downloading copies.
A destroyed case file cannot be opened by anyone.
"""

from django.http import HttpRequest
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.use.models import UseKind, UseRequest, UseStatus
from zhifa.archives.use.requests import checked_purpose, destroyed_message
from zhifa.core.client_address import client_ip
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from zhifa.evidence.access.logging import log_case_file_access
from zhifa.evidence.models import AccessAction, AccessLog

VIEW_ACTIONS = frozenset({AccessAction.VIEW.value, AccessAction.STREAM.value})
ALLOWED_ACTIONS: dict[str, frozenset[str]] = {
    UseKind.CONSULT: VIEW_ACTIONS,
    UseKind.BORROW: VIEW_ACTIONS | {AccessAction.DOWNLOAD.value},
}


def is_agency_archivist(user: User, case_file: CaseFile) -> bool:
    return user.can(Capability.ARCHIVE_CASE_FILES) and user.agency_id == case_file.agency_id


def current_use_request(user: User, case_file: CaseFile) -> UseRequest | None:
    """Return the user's approved, unexpired and unreturned request for ``case_file``.

    When several are current, a borrow request comes first because it allows more.
    """
    current = UseRequest.objects.filter(
        requester=user,
        case_file=case_file,
        status=UseStatus.APPROVED,
        valid_until__gt=timezone.now(),
    )
    requests = sorted(current, key=lambda use: use.kind != UseKind.BORROW)
    return requests[0] if requests else None


def check_action(action: str) -> None:
    if action not in AccessAction.values:
        raise ValidationFailed(f"调阅方式“{action}”无效。", field="action")


def open_case_file(
    user: User,
    case_file: CaseFile,
    action: str,
    purpose: str,
    *,
    http_request: HttpRequest | None = None,
) -> AccessLog:
    """Check that ``user`` may open ``case_file`` for ``action`` now, then log the access.

    The archivist's own ``purpose`` is logged (4 to 300 characters). A requester's
    access logs the purpose of the approved use request and its number, and ``purpose`` is
    ignored. Raises ``InvalidTransition`` for a destroyed case file, ``NotPermitted`` without
    a current request or for an action the request does not allow.
    """
    check_action(action)
    if case_file.status == CaseFileStatus.DESTROYED:
        raise InvalidTransition(destroyed_message(case_file))

    if is_agency_archivist(user, case_file):
        # The case file page calls this field 查看或下载的目的, so the messages use that label.
        text = checked_purpose(purpose, "查看或下载的目的")
    else:
        use = current_use_request(user, case_file)
        if use is None:
            raise NotPermitted("调阅该案卷须先提出档案利用申请，并在批准的有效期内使用。")
        if action not in ALLOWED_ACTIONS[use.kind]:
            raise NotPermitted(
                f"您的申请是“{use.get_kind_display()}”，不允许"
                f"“{AccessAction(action).label}”。需要下载副本请申请借阅。"
            )
        text = f"{use.purpose}（档案利用申请第{use.pk}号）"

    return log_case_file_access(user, case_file, action, text, ip_address=client_ip(http_request))
