"""The address of the client that sent a request, also behind trusted reverse proxies.

The audit log, the login lockout (django-axes, through ``AXES_CLIENT_IP_CALLABLE``) and the
public credential search limit all call ``client_ip``, so they agree on who the client is.
"""

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def _valid_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    """Return the client's IP address, or None if the request carries none.

    With ``ZHIFA_TRUSTED_PROXY_COUNT`` = N > 0, each of the N trusted proxies appended the
    address it received the request from to X-Forwarded-For, so the entry N places from the
    right is the address the first trusted proxy saw. Entries further left were written by
    the client and are ignored, because the client can put anything there. Without the
    header, or with fewer than N entries, the request did not pass through all proxies and
    REMOTE_ADDR is used.
    """
    if request is None:
        return None
    remote = _valid_address(str(request.META.get("REMOTE_ADDR") or "").strip())

    proxy_count: int = getattr(settings, "ZHIFA_TRUSTED_PROXY_COUNT", 0)
    if proxy_count <= 0:
        return remote

    header = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    entries = [entry.strip() for entry in header.split(",") if entry.strip()]
    if len(entries) < proxy_count:
        return remote

    forwarded = entries[-proxy_count]
    address = _valid_address(forwarded)
    if address is None:
        logger.warning(
            "X-Forwarded-For entry %r is not an IP address; using REMOTE_ADDR", forwarded
        )
        return remote
    return address
