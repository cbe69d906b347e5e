"""Values every template needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"district_name": settings.ZHIFA_DISTRICT_NAME}
