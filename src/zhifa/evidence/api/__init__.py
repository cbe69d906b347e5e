"""The evidence API router, made of one router per area."""

from ninja import Router

from zhifa.evidence.api import access, records, uploads

router = Router(tags=["音像记录与存证"])
router.add_router("/uploads", uploads.router)
router.add_router("/records", records.router)
router.add_router("/access", access.router)
