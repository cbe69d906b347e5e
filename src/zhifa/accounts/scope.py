"""The one mechanism that limits back-office queries to the agencies in a user's scope.

Each scoped model names the path from itself to its agency in ``SCOPE_PATH`` (``"pk"`` for
the agency itself), or a tuple of paths when a row reaches its agency one way or another (a row
matches when any path leads into the scope). ``restrict`` filters any queryset of such a
model; a model without ``SCOPE_PATH`` is refused, so a new model cannot be shown unscoped by
mistake.

- Supervisors, the archives bureau and the three administrators see every agency.
- A judicial office reviewer sees exactly the towns and street offices the office covers.
- Everyone else sees their own agency; a user with no agency sees nothing.
"""

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from zhifa.accounts.roles import DISTRICT_WIDE_ROLES, Role

ModelT = TypeVar("ModelT", bound=Model)


@dataclass(frozen=True)
class Scope:
    """The agencies one user may see."""

    all_agencies: bool
    agency_ids: frozenset[int]

    def includes(self, agency_id: int | None) -> bool:
        return self.all_agencies or (agency_id is not None and agency_id in self.agency_ids)


def scope_for(user: Any) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope(False, frozenset())
    cached: Scope | None = getattr(user, "_scope_cache", None)
    if cached is not None:
        return cached

    roles = user.roles
    if roles & DISTRICT_WIDE_ROLES:
        scope = Scope(True, frozenset())
    else:
        ids: set[int] = set()
        if Role.JUDICIAL_OFFICE_REVIEWER in roles and user.judicial_office_id:
            ids |= set(user.judicial_office.covers.values_list("pk", flat=True))
        if roles - {Role.JUDICIAL_OFFICE_REVIEWER} and user.agency_id:
            ids.add(user.agency_id)
        scope = Scope(False, frozenset(ids))
    user._scope_cache = scope
    return scope


def restrict(queryset: QuerySet[ModelT], user: Any) -> QuerySet[ModelT]:
    """Return ``queryset`` limited to the user's scope."""
    path = getattr(queryset.model, "SCOPE_PATH", None)
    if path is None:
        raise TypeError(f"{queryset.model.__name__} has no SCOPE_PATH and cannot be scoped")

    scope = scope_for(user)
    if scope.all_agencies:
        return queryset
    paths = path if isinstance(path, tuple) else (path,)
    condition = Q()
    for one in paths:
        lookup = "pk__in" if one == "pk" else f"{one}__in"
        condition |= Q(**{lookup: scope.agency_ids})
    filtered = queryset.filter(condition)
    # A many-to-many path can match one row several times.
    joins = any("__" in one or one == "covers" for one in paths)
    return filtered.distinct() if joins else filtered
