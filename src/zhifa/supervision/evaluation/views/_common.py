"""Helpers shared by the evaluation pages: the acting user, bureau checks and running actions."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.core.errors import ZhifaError


def acting_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def is_bureau(user: User) -> bool:
    """Return whether the user sees every agency's evaluations: the bureau's supervisors."""
    return user.can(Capability.EVALUATE_CASE_FILES) or user.can(Capability.VIEW_SUPERVISION)


def require_bureau(user: User) -> None:
    if not is_bureau(user):
        raise PermissionDenied("只有区司法局可以查看此页面。")


def run_action(
    request: HttpRequest,
    call: Callable[[], Any],
    success: str | Callable[[Any], str],
    back: str,
    **url_args: Any,
) -> HttpResponse:
    """Run an action, show its outcome as a message and go back to ``back``.

    ``success`` is the message, or a function that builds it from the action's return value.
    A rejected action leaves nothing written, so the page shows the error and the data as
    they were.
    """
    try:
        result = call()
    except ZhifaError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(back, **url_args)


def post_int(request: HttpRequest, name: str) -> int | None:
    value = (request.POST.get(name) or "").strip()
    return int(value) if value.isdigit() else None
