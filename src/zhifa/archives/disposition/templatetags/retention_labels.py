"""Template filter that shows a retention period as people write it (10 年, 6 个月, 永久)."""

from django import template

from zhifa.archives import periods

register = template.Library()


@register.filter
def period_label(months: int | None) -> str:
    return periods.label(months)
