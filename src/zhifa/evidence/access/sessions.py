"""Playback sessions (播放会话): one access-log entry for the many requests of one player.

A <video> element fetches its file in many range requests while the user seeks, and logging
each would bury the log. So the player page logs ONE entry when it is shown, after the purpose
is given and the access rules passed. It puts a signed token naming that entry in the stream
and download URLs. The stream view checks the token on every request and logs nothing more.
Each download through the token is logged on its own, with the session's purpose.
"""

from dataclasses import dataclass

from django.core import signing

from zhifa.accounts.models import User
from zhifa.core.errors import NotPermitted
from zhifa.evidence.models import AccessLog, AvRecord

SALT = "zhifa.evidence.playback"
# A session outlives the longest body-worn camera file (about 30 minutes) with room for pauses.
MAX_AGE_SECONDS = 4 * 60 * 60


@dataclass(frozen=True)
class PlaybackSession:
    user_id: int
    record_id: int
    log_id: int


def issue_token(entry: AccessLog) -> str:
    """Return the signed token of the playback session opened by ``entry``."""
    return signing.dumps({"u": entry.user_id, "r": entry.record_id, "l": entry.pk}, salt=SALT)


def read_token(token: str, user: User, record: AvRecord) -> PlaybackSession:
    """Return the session of ``token``, or raise ``NotPermitted`` if it is not this user's."""
    expired = NotPermitted("播放会话已过期或无效，请重新打开播放页面并填写调阅事由。")
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature as error:
        raise expired from error
    session = PlaybackSession(int(data["u"]), int(data["r"]), int(data["l"]))
    if session.user_id != user.pk or session.record_id != record.pk:
        raise expired
    return session


def session_entry(session: PlaybackSession) -> AccessLog:
    return AccessLog.objects.select_related("request").get(pk=session.log_id)
