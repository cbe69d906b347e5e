"""The legal review API under /api/review, one module per area."""

from ninja import Router

from zhifa.review.api import catalogs, checks, figures, requests

router = Router(tags=["法制审核"])
router.add_router("/", checks.router)
router.add_router("/catalogs", catalogs.router)
router.add_router("/requests", requests.router)
router.add_router("/cases", requests.cases_router)
router.add_router("/figures", figures.router)
