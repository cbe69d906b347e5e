"""Published decisions: the searchable list and the detail page, both from the snapshot."""

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from zhifa.core.errors import ValidationFailed
from zhifa.portal import queries, search
from zhifa.publicity.models import PublicationKind

logger = logging.getLogger(__name__)


# Pages beyond this are not offered; a longer value is not a page a visitor asked for.
MAX_PAGE_DIGITS = 6


def _page_param(request: HttpRequest) -> int:
    """Return the requested page, or 1 when the value is not a plain ASCII number."""
    value = request.GET.get("page", "1")
    if value.isascii() and value.isdigit() and len(value) <= MAX_PAGE_DIGITS:
        return int(value)
    return 1


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_safe
def decision_list(request: HttpRequest) -> HttpResponse:
    """List published decisions, newest first, filtered and searched by the GET parameters."""
    context: dict[str, object] = {
        "params": request.GET,
        "agency_options": queries.agency_options(),
        "kind_options": PublicationKind.choices,
        "party_kind_options": search.PARTY_KINDS,
        "max_query_length": search.MAX_QUERY_LENGTH,
    }
    try:
        query = search.query_from_params(request.GET)
    except ValidationFailed as error:
        context["error"] = error
        return render(request, "portal/decision_list.html", context, status=400)

    page = search.search_decisions(query, _page_param(request))
    context.update(
        {
            "query": query,
            "page": page,
            "decisions": queries.decision_summaries(page.ids),
            "querystring": _querystring_without_page(request),
        }
    )
    return render(request, "portal/decision_list.html", context)


@require_safe
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = queries.decision_detail(pk)
    if decision is None:
        raise Http404("该公示信息不存在，或已因公示期满、信用修复停止公示。")
    return render(request, "portal/decision_detail.html", {"decision": decision})
