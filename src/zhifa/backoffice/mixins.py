"""What every back-office view shares: login, a capability check and scoped queries.

Views never filter by agency themselves. ``ScopedQuerysetMixin.get_queryset`` passes the
model's queryset through ``zhifa.accounts.scope.restrict``, so an object outside the user's
scope is simply not found (404), and its existence does not leak.
"""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase

from zhifa.accounts.scope import restrict


class CapabilityRequiredMixin(LoginRequiredMixin):
    """Refuse (403) a logged-in user whose roles lack ``required_capability``."""

    required_capability: str | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.required_capability and not request.user.can(self.required_capability):
            raise PermissionDenied("您的角色没有此项权限。")
        return super().dispatch(request, *args, **kwargs)


class ScopedQuerysetMixin(CapabilityRequiredMixin):
    """Limit ``get_queryset`` to the user's scope; list, detail and edit views build on it."""

    model: type[Model]
    request: HttpRequest

    def base_queryset(self) -> QuerySet[Any]:
        return self.model._default_manager.all()

    def get_queryset(self) -> QuerySet[Any]:
        return restrict(self.base_queryset(), self.request.user)


def scoped_get(queryset: QuerySet[Any], user: Any, **lookup: Any) -> Any:
    """Return one object from the user's scope, or raise 404 whether it exists or not."""
    try:
        return restrict(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as error:
        raise Http404("对象不存在或不在您的查看范围内。") from error
