import datetime


def load(today: datetime.date) -> dict[str, int]:
    # TODO: not built yet.
    return {}
