"""API of the evidence app: records."""

from ninja import Router

router = Router()
