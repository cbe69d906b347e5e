"""Connect legal review to the case machinery: the decision gate and the case panel."""


def register() -> None:
    """Register the review app's hooks; called once from ``ReviewConfig.ready``."""
    from zhifa.cases import hooks
    from zhifa.review import gate

    hooks.register_legal_review_checker(gate.decision_blocker)
