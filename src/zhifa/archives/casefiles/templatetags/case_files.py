"""Template helpers of the case file panel on the case page."""

from typing import Any

from django import template

from zhifa.accounts.roles import Capability

register = template.Library()


@register.filter
def can_view_archives(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.VIEW_ARCHIVES))
