"""Pages of an agency's ex-ante lists, its legal review catalog and its officers."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from zhifa.portal import queries


def _agency_or_404(pk: int) -> queries.PublicAgency:
    agency = queries.find_agency(pk)
    if agency is None:
        raise Http404("执法主体不存在。")
    return agency


@require_safe
def agency_list_kind(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Show the agency's list of ``kind`` as in force today, each entry linked to its history."""
    today = timezone.localdate()
    public_list = queries.list_in_force(pk, kind, today)
    if public_list is None:
        raise Http404("执法主体或清单不存在。")
    context = {"list": public_list, "today": today}
    return render(request, "portal/list_in_force.html", context)


@require_safe
def list_entry_history(request: HttpRequest, pk: int, kind: str, entry_pk: int) -> HttpResponse:
    history = queries.list_entry_history(pk, kind, entry_pk, timezone.localdate())
    if history is None:
        raise Http404("清单条目不存在。")
    return render(request, "portal/list_entry_history.html", {"history": history})


@require_safe
def review_catalog(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency_or_404(pk)
    today = timezone.localdate()
    context = {
        "agency": agency,
        "catalog": queries.review_catalog_in_force(agency.pk, today),
        "today": today,
    }
    return render(request, "portal/review_catalog.html", context)


@require_safe
def officers(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency_or_404(pk)
    today = timezone.localdate()
    context = {
        "agency": agency,
        "officers": queries.officers_with_valid_credentials(agency.pk, today),
        "today": today,
    }
    return render(request, "portal/officers.html", context)
