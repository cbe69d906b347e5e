"""API of the evidence app: access."""

from ninja import Router

router = Router()
