from ninja import Router

router = Router(tags=["行政执法公示"])
