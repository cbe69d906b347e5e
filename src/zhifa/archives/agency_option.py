"""The ``--agency`` option of the ``zhifa archives`` subcommands: an agency by id or name."""

from django.db.models import Q

from zhifa.agencies.models import Agency
from zhifa.core.errors import ValidationFailed


def agency_named(text: str) -> Agency:
    """Return the agency whose internal id, full name or short name is ``text``.

    Raises ``ValidationFailed`` naming --agency when no agency or several agencies match.
    """
    value = text.strip()
    if value.isdigit():
        found = list(Agency.objects.filter(pk=int(value)))
    else:
        found = list(Agency.objects.filter(Q(name=value) | Q(short_name=value)).order_by("pk"))
    if not found:
        raise ValidationFailed(
            f"找不到单位“{value}”：--agency 请填写单位全称、简称或编号，例如 区市场监管局。",
            field="agency",
        )
    if len(found) > 1:
        names = "、".join(f"{agency.name}（编号{agency.pk}）" for agency in found)
        raise ValidationFailed(
            f"“{value}”对应多个单位：{names}；--agency 请改填全称或编号。", field="agency"
        )
    return found[0]
