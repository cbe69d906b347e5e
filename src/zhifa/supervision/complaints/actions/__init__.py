"""Actions on complaints and ratings; pages, commands and the demo call these and nothing else."""

from zhifa.supervision.complaints.actions.handling import (
    accept_complaint,
    reject_complaint,
    reply_to_complaint,
    route_complaint,
    transfer_complaint,
)
from zhifa.supervision.complaints.actions.hotline import (
    HotlineImportReport,
    import_hotline_file,
)
from zhifa.supervision.complaints.actions.intake import ComplaintInput, submit_complaint
from zhifa.supervision.complaints.actions.ratings import rate_agency

__all__ = [
    "ComplaintInput",
    "HotlineImportReport",
    "accept_complaint",
    "import_hotline_file",
    "rate_agency",
    "reject_complaint",
    "reply_to_complaint",
    "route_complaint",
    "submit_complaint",
    "transfer_complaint",
]
