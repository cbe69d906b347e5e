"""Loading a record for a change: in scope, locked, with the capability checked."""

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases.actions._common import require
from zhifa.core.errors import NotFound
from zhifa.evidence.models import AvRecord


def lock_record(user: User, record: AvRecord | int) -> AvRecord:
    """Return the record locked for update, or raise ``NotFound`` outside the user's scope."""
    require(user, Capability.MANAGE_CASES)
    pk = record.pk if isinstance(record, AvRecord) else record
    if not restrict(AvRecord.objects.filter(pk=pk), user).exists():
        raise NotFound("音像记录不存在或不在您的管理范围内。", field="record")
    return AvRecord.objects.select_for_update().get(pk=pk)
