"""API of the evidence app: uploads."""

from ninja import Router

router = Router()
