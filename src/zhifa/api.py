"""The JSON API: one NinjaAPI instance; each app adds its router.

Authentication is the same as the pages (the session cookie, with CSRF) or a bearer token
issued on the user's profile page; scope is applied by the same ``restrict`` function.
"""

import json
import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth

from zhifa.accounts.models import ApiToken, hash_token
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        """Accept a token that is neither revoked nor expired, of an active account."""
        now = timezone.now()
        found = (
            ApiToken.objects.select_related("user")
            .filter(
                digest=hash_token(token),
                revoked_at__isnull=True,
                expires_at__gt=now,
                user__is_active=True,
            )
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class ReadableJSONRenderer(JSONRenderer):
    """JSON with Chinese characters written as they are, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="青浦区行政执法平台接口",
    version="1",
    description=(
        "执法主体、权责清单、执法人员与工作日历的数据接口。登录会话或 Bearer 令牌均可使用。"
    ),
    # The token goes first: the session check enforces CSRF even on a request with no cookie.
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    urls_namespace="api",
    renderer=ReadableJSONRenderer(),
)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    body = {
        "code": "not_authenticated",
        "message": (
            "未登录或令牌无效：请先登录，或在 Authorization 请求头中提供有效的 Bearer 令牌。"
        ),
        "field": None,
    }
    return api.create_response(request, body, status=401)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    body = {"code": "not_found", "message": "对象不存在或不在您的查看范围内。", "field": None}
    return api.create_response(request, body, status=404)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    fields = [".".join(str(part) for part in item.get("loc", [])[1:]) for item in error.errors]
    named = "、".join(name for name in fields if name) or "请求内容"
    body = {
        "code": "validation_failed",
        "message": f"请求参数无效：{named}。请按接口文档填写后重试。",
        "field": fields[0] if fields else None,
        "errors": error.errors,
    }
    return api.create_response(request, body, status=422)


# The start of the message of django-ninja 1.7's HttpError for an unreadable request body.
BODY_PARSE_FAILED = "Cannot parse request body"


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """Return a body that is not valid JSON as a validation failure in the house shape.

    django-ninja 1.7 raises ``HttpError(400, "Cannot parse request body")`` from the parser's
    exception when a body is not valid JSON; it has no ``ParseError`` class.
    """
    cause = error.__cause__
    if str(error).startswith(BODY_PARSE_FAILED) and cause is not None:
        body = {
            "code": "validation_failed",
            "message": f"请求内容不是有效的 JSON：{_parse_problem(cause)}。请检查后重新提交。",
            "field": None,
        }
        return api.create_response(request, body, status=400)
    # Other errors (throttling, authorisation) keep ninja's default body.
    return api.create_response(request, {"detail": str(error)}, status=error.status_code)


def _parse_problem(cause: BaseException) -> str:
    if isinstance(cause, json.JSONDecodeError):
        return f"第 {cause.lineno} 行第 {cause.colno} 列有误"
    if isinstance(cause, UnicodeDecodeError):
        return "内容不是 UTF-8 编码"
    return "无法解析"


@api.exception_handler(ZhifaError)
def zhifa_error(request: HttpRequest, error: ZhifaError) -> HttpResponse:
    return api.create_response(request, error.as_dict(), status=error.status)


def _register_routers() -> None:
    from zhifa.agencies.api import router as agencies_router
    from zhifa.cases.api import router as cases_router
    from zhifa.catalog.api import router as catalog_router
    from zhifa.catalog.lists.api import router as lists_router
    from zhifa.core.api import router as core_router
    from zhifa.evidence.api import router as evidence_router
    from zhifa.publicity.api import router as publicity_router
    from zhifa.remedies.api import router as remedies_router
    from zhifa.review.api import router as review_router

    api.add_router("/calendar", core_router)
    api.add_router("/", agencies_router)
    api.add_router("/power-items", catalog_router)
    api.add_router("/", cases_router)
    api.add_router("/", remedies_router)
    api.add_router("/evidence", evidence_router)
    api.add_router("/review", review_router)
    api.add_router("/lists", lists_router)
    api.add_router("/publicity", publicity_router)


_register_routers()
