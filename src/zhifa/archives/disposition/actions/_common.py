"""Helpers of the appraisal and destruction actions: locking rows in the user's scope."""

from zhifa.accounts.models import User
from zhifa.accounts.scope import restrict
from zhifa.archives.disposition.models import Appraisal, AppraisalStatus
from zhifa.core.errors import InvalidTransition, NotFound

EDITABLE = (AppraisalStatus.DRAFT, AppraisalStatus.RETURNED)


def lock_appraisal(user: User, pk: int, *, editable: bool = False) -> Appraisal:
    """Return the appraisal locked for update, or raise ``NotFound`` outside the user's scope.

    With ``editable`` set, an appraisal that was submitted or approved is refused.
    """
    if not restrict(Appraisal.objects.filter(pk=pk), user).exists():
        raise NotFound("鉴定不存在或不在您的管理范围内。")
    appraisal = Appraisal.objects.select_for_update().get(pk=pk)
    if editable and appraisal.status not in EDITABLE:
        raise InvalidTransition(
            f"鉴定处于“{appraisal.get_status_display()}”状态，不能再修改；被负责人退回后才能修改。"
        )
    return appraisal
