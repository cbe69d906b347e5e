"""Audit entries for logins, logouts, failed attempts and lockouts."""

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from zhifa.accounts import audit
from zhifa.accounts.models import User


@receiver(user_logged_in)
def audit_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit.record("login", actor=user, request=request, agency_id=user.agency_id)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit.record("logout", actor=user, request=request, agency_id=user.agency_id)


@receiver(user_login_failed)
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.record("login_failed", actor=None, username=username, request=request)


@receiver(user_locked_out)
def audit_login_locked(
    sender: Any,
    request: HttpRequest | None,
    username: str | None,
    ip_address: str | None,
    **kwargs: Any,
) -> None:
    """Record a lockout by django-axes.

    Axes sends the signal when it locks the account and again for each attempt refused during
    the lockout, so every refused attempt has its own entry.
    """
    name = str(username or "")[:150]
    audit.record(
        "login_locked",
        actor=None,
        username=name,
        request=request,
        detail={"failure_limit": settings.AXES_FAILURE_LIMIT},
    )
