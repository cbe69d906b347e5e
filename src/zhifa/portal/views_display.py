"""The large-print mode for the self-service terminals in agency halls."""

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

LARGE_PRINT_COOKIE = "zhifa_large_print"
# A terminal keeps its setting for a year; a visitor's phone the same.
LARGE_PRINT_MAX_AGE = 365 * 24 * 60 * 60


@require_safe
def large_print(request: HttpRequest) -> HttpResponseRedirect:
    """Switch large print on (``?on=1``) or off, then return to the page in ``next``.

    The setting is a display preference kept only in the visitor's cookie; the base
    template adds the ``large-print`` class when the cookie is set.
    """
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")

    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(
            LARGE_PRINT_COOKIE,
            "1",
            max_age=LARGE_PRINT_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(LARGE_PRINT_COOKIE, samesite="Lax")
    return response
