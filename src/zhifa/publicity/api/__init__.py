"""The publicity API under /api/publicity."""

from ninja import Router

from zhifa.publicity.api import changes, drafts, exports, redact

router = Router()
router.add_router("", drafts.router)
router.add_router("", redact.router)
router.add_router("", changes.router)
router.add_router("", exports.router)
