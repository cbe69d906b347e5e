"""The JSON API: one NinjaAPI instance; each app adds its router.

Authentication is the same as the pages (the session cookie, with CSRF) or a bearer token
issued on the user's profile page; scope is applied by the same ``restrict`` function.
"""

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from zhifa.accounts.models import ApiToken, hash_token
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="青浦区行政执法平台接口",
    version="1",
    description=(
        "执法主体、权责清单、执法人员与工作日历的数据接口。登录会话或 Bearer 令牌均可使用。"
    ),
    auth=[SessionAuth(csrf=True), TokenAuth()],
    urls_namespace="api",
)


@api.exception_handler(ZhifaError)
def zhifa_error(request: HttpRequest, error: ZhifaError) -> HttpResponse:
    return api.create_response(request, error.as_dict(), status=error.status)


def _register_routers() -> None:
    from zhifa.agencies.api import router as agencies_router
    from zhifa.catalog.api import router as catalog_router
    from zhifa.core.api import router as core_router

    api.add_router("/calendar", core_router)
    api.add_router("/", agencies_router)
    api.add_router("/power-items", catalog_router)


_register_routers()
