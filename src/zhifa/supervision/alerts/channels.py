"""Outbound channels for alerts besides email: an SMS or government messaging gateway.

``settings.ZHIFA_ALERT_CHANNELS`` lists the dotted paths of ``Channel`` subclasses. Each is
created once per sweep and gets one ``ChannelMessage`` per user concerned. A channel reports a
failure by raising; the sweep logs it and goes on with the other channels.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChannelMessage:
    """The alerts of one sweep for one user, as Chinese text."""

    user_id: int
    username: str
    full_name: str
    email: str
    subject: str
    body: str
    alert_ids: tuple[int, ...]


class Channel:
    """Base class of outbound channels; subclasses implement ``send``."""

    def send(self, message: ChannelMessage) -> None:
        raise NotImplementedError


class LogChannel(Channel):
    """The default channel: writes one log line per message and sends nothing."""

    def send(self, message: ChannelMessage) -> None:
        logger.info(
            "alert message for %s: %s (%d alerts)",
            message.username,
            message.subject,
            len(message.alert_ids),
            extra={"user_id": message.user_id},
        )


def channel_path(channel: Channel) -> str:
    kind = type(channel)
    return f"{kind.__module__}.{kind.__qualname__}"


def load_channels() -> tuple[list[Channel], dict[str, str]]:
    """Create the configured channels; return them and the paths that failed to load, with why."""
    channels: list[Channel] = []
    failures: dict[str, str] = {}
    for path in settings.ZHIFA_ALERT_CHANNELS:
        try:
            channel = import_string(path)()
        except Exception as error:
            logger.exception("alert channel %s could not be loaded", path)
            failures[path] = f"{type(error).__name__}: {error}"
            continue
        if not isinstance(channel, Channel):
            logger.error("alert channel %s is not a Channel subclass", path)
            failures[path] = "不是 Channel 的子类"
            continue
        channels.append(channel)
    return channels, failures
