"""Pages of the public portal; every read goes through ``zhifa.portal.queries``."""

import logging

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from zhifa.core import ratelimit
from zhifa.portal import queries

logger = logging.getLogger(__name__)

# Publications listed on the home page, newest first.
LATEST_ON_HOME = 10

# Fixed window of the credential search limit, in seconds.
SEARCH_WINDOW_SECONDS = 60 * 60

# Photos are stored by the officer pages as JPEG, PNG or WebP; nothing else is served.
PHOTO_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


# English codes of Credential.validity_label, so the log stays machine-readable.
STATE_CODES = {
    "有效": "valid",
    "已过期": "expired",
    "已暂扣": "suspended",
    "已注销": "revoked",
    "尚未核发": "not_issued",
    "尚未生效": "not_yet_valid",
}


def _state_code(label: str) -> str:
    return STATE_CODES.get(label, "other")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "groups": queries.agency_groups(),
        "latest": queries.latest_decisions(LATEST_ON_HOME),
    }
    return render(request, "portal/home.html", context)


@require_safe
def agency_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/agency_list.html", {"groups": queries.agency_groups()})


@require_safe
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = queries.find_agency(pk)
    if agency is None:
        raise Http404("执法主体不存在。")
    today = timezone.localdate()
    context = {
        "agency": agency,
        "power_items": queries.power_items_in_force(agency.pk, today),
        "list_kinds": queries.list_kinds(agency.pk, today),
        "review_catalog": queries.review_catalog_in_force(agency.pk, today),
        "windows": queries.windows_of_agency(agency.pk),
        "today": today,
    }
    return render(request, "portal/agency_detail.html", context)


@require_safe
def power_item_history(request: HttpRequest, agency_pk: int, item_pk: int) -> HttpResponse:
    history = queries.power_item_history(agency_pk, item_pk, timezone.localdate())
    if history is None:
        raise Http404("权责事项不存在。")
    return render(request, "portal/power_item_history.html", {"history": history})


@require_safe
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Show the credential that a card's QR code links to, with its state today."""
    credential = queries.credential_by_token(token, timezone.localdate())
    if credential is None:
        logger.info("credential verification by token: not found")
        return render(request, "portal/credential_not_found.html", status=404)
    logger.info("credential verification by token: %s", _state_code(credential.validity_label))
    return render(request, "portal/credential_result.html", {"credential": credential})


@require_safe
def verify_photo(request: HttpRequest, token: str) -> FileResponse:
    """Serve the photo of the officer whose credential has ``token``, and no other file."""
    photo = queries.credential_photo(token)
    if photo is None:
        raise Http404("照片不存在。")
    name = photo.name or ""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = PHOTO_TYPES.get(extension)
    if content_type is None:
        logger.warning("officer photo with unexpected type %r not served", extension)
        raise Http404("照片不存在。")
    response = FileResponse(photo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    return response


def _count_lookup(request: HttpRequest) -> int:
    """Count one lookup from the client's address and return the count in this window."""
    key = f"portal:credential-search:{ratelimit.address_digest(request)}"
    return ratelimit.count_hit(key, SEARCH_WINDOW_SECONDS)


@require_safe
def credential_search(request: HttpRequest) -> HttpResponse:
    """Find one credential by its exact number; a partial number finds nothing."""
    number = queries.normalise_credential_number(request.GET.get("number", ""))[:40]
    context: dict[str, object] = {"number": number}
    if not number:
        return render(request, "portal/credential_search.html", context)

    limit = settings.ZHIFA_CREDENTIAL_SEARCH_LIMIT
    if _count_lookup(request) > limit:
        logger.info("credential search rejected: hourly limit of %s reached", limit)
        context["limit"] = limit
        return render(request, "portal/credential_search.html", context, status=429)

    credential = queries.credential_by_number(number, timezone.localdate())
    if credential is None:
        logger.info("credential verification by number: not found")
        context["not_found"] = True
        return render(request, "portal/credential_search.html", context)

    logger.info("credential verification by number: %s", _state_code(credential.validity_label))
    context["credential"] = credential
    return render(request, "portal/credential_result.html", context)
