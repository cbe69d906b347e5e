"""Public pages of legal education (以案释法); they read only the published snapshots."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from zhifa.supervision.guidance.models import ExplainedCase

EXPLAINED_PER_PAGE = 20
MAX_PAGE_DIGITS = 6


def _public() -> QuerySet[ExplainedCase]:
    return ExplainedCase.objects.filter(unpublished_at__isnull=True)


@require_safe
def explained_list(request: HttpRequest) -> HttpResponse:
    value = request.GET.get("page", "1")
    plain = value.isascii() and value.isdigit() and len(value) <= MAX_PAGE_DIGITS
    number = int(value) if plain else 1
    page = Paginator(_public(), EXPLAINED_PER_PAGE).get_page(number)
    return render(request, "guidance/portal/explained_list.html", {"page": page})


@require_safe
def explained_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = ExplainedCase.objects.filter(pk=pk, unpublished_at__isnull=True).first()
    if item is None:
        raise Http404("该案例不存在或已撤下。")
    return render(request, "guidance/portal/explained_detail.html", {"item": item})
