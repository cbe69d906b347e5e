"""Connect legal review to the case machinery: the decision gate, the 较大数额 table, the
exchange check and the opinion document type."""


def register() -> None:
    """Register the review app's hooks; called once from ``ReviewConfig.ready``."""
    from zhifa.cases import hooks, stages
    from zhifa.cases.exchange import hooks as exchange_hooks
    from zhifa.review import documents, exchange, gate, thresholds

    hooks.register_legal_review_checker(gate.decision_blocker)
    hooks.register_hearing_threshold_source(thresholds.hearing_threshold_source)
    exchange_hooks.register_exchanged_decision_check(exchange.exchanged_decision_check)
    documents.register()
    stages.reserve_step(
        "legal_review",
        "“法制审核”环节由出具的法制审核意见自动记录，不能手工登记；请在案件页面“法制审核”栏送审。",
    )
