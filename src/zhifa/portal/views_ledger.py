"""The public page of signed tree heads (存证公告): anyone can read and keep them."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from zhifa.evidence.models import TreeHead

HEADS_PER_PAGE = 30


@require_safe
def ledger_heads(request: HttpRequest) -> HttpResponse:
    """List the signed tree heads, newest first; reads nothing but ``TreeHead``."""
    heads = TreeHead.objects.order_by("-signed_on").only(
        "signed_on",
        "tree_size",
        "root_hash",
        "hash_algorithm",
        "signature_algorithm",
        "public_key",
        "signature",
    )
    page = Paginator(heads, HEADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/ledger_heads.html", {"page": page})
