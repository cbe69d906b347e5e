"""Keep a user whose password was reset on the password page until they change it."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

logger = logging.getLogger(__name__)

# The root URLconf mounts the API here. API requests get a JSON error, not a redirect.
API_PREFIX = "/api/"


class PasswordChangeRequiredMiddleware:
    """Send a logged-in user with ``must_change_password`` to the profile page.

    Only the profile page, the password change, logout and static files stay reachable, so the
    initial password set by the security administrator cannot be used for anything else.
    Requests with an API token are not affected here because the token user is set later, by
    the API itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not self._is_allowed(request.path_info)
        ):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _is_allowed(path: str) -> bool:
        allowed = {
            reverse("accounts:profile"),
            reverse("accounts:password_change"),
            reverse("accounts:logout"),
        }
        return path in allowed or path.startswith(settings.STATIC_URL or "/static/")

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            body = {
                "code": "password_change_required",
                "message": "安全管理员已重置您的密码，请先登录平台修改密码后再调用接口。",
                "field": None,
            }
            return JsonResponse(body, status=403, json_dumps_params={"ensure_ascii": False})
        return redirect(reverse("accounts:profile") + "#password")
