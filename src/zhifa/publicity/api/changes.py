"""``POST /api/publicity/credit-repairs``: the credit platform reports a credit repair.

The caller is an authenticated API user (bearer token) whose roles grant 办理公示事项 for the
publishing agency. The report is recorded as a pending request. The agency's approver decides
it like any other request, so the minimum-period and non-removable checks apply the same way.
Sending the same platform reference again returns the request already recorded. The
publication is named by id or 文号; when both are sent they must name the same publication.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from zhifa.publicity.changes import repair
from zhifa.publicity.models import CreditRepair, CreditRepairSource

router = Router(tags=["行政执法公示"])


class PlatformReportIn(Schema):
    reference: str = Field(description="信用平台的修复编号")
    requested_on: datetime.date = Field(description="信用平台受理或推送修复的日期")
    grounds: str = Field(description="修复理由")
    publication_id: int | None = Field(
        None, description="公示事项 id；与决定书文号至少提供一项，两项都提供时须一致"
    )
    document_number: str = Field(
        "", description="行政处罚决定书文号；对应多个公示事项时须改用 publication_id"
    )


class CreditRepairOut(Schema):
    id: int
    publication_id: int
    source: str
    reference: str
    requested_on: datetime.date
    status: str
    status_label: str


def _out(row: CreditRepair) -> dict[str, Any]:
    return {
        "id": row.pk,
        "publication_id": row.publication_id,
        "source": row.source,
        "reference": row.reference,
        "requested_on": row.requested_on,
        "status": row.status,
        "status_label": row.get_status_display(),
    }


@router.post("/credit-repairs", response={201: CreditRepairOut}, summary="信用平台推送信用修复")
def report_credit_repair(request: HttpRequest, data: PlatformReportIn) -> Status:
    user: Any = request.user
    row = repair.record_request(
        user,
        repair.find_publication(user, data.publication_id, data.document_number),
        repair.RepairRequest(
            requested_on=data.requested_on,
            grounds=data.grounds,
            source=CreditRepairSource.CREDIT_PLATFORM,
            reference=data.reference,
        ),
    )
    return Status(201, _out(row))
