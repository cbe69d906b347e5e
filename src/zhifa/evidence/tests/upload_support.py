"""Helpers of the upload, import and content store tests: an agency ready to upload records."""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.test import Client

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, Officer
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import build_world, open_ordinary
from zhifa.evidence.models import DeviceClock, RecordingDevice

CHUNK = 8 * 1024 * 1024


@dataclass
class UploadWorld:
    agency: Agency
    officer_user: User
    officers: list[Officer]
    device: RecordingDevice
    case: Case

    def metadata(self, **overrides: Any) -> dict[str, Any]:
        """Return complete record facts for an upload; ``overrides`` replace or add fields."""
        data: dict[str, Any] = {
            "scene": "on_site_inspection",
            "case": self.case.pk,
            "device": self.device.pk,
            "officers": [officer.pk for officer in self.officers],
            "place": "朱家角镇新风路1号门前",
            "party_informed": True,
        }
        data.update(overrides)
        return data


def upload_world(agency: Agency, head: User, officer_user: User, prefix: str = "") -> UploadWorld:
    world = build_world(agency, head, officer_user, prefix)
    device = RecordingDevice.objects.create(
        agency=agency,
        serial_number=f"{prefix}DSJ-0001",
        model_name="测试型执法记录仪",
        clock=DeviceClock.LOCAL,
    )
    return UploadWorld(agency, officer_user, world.officers, device, open_ordinary(world))


def sm3_of(path: Path) -> str:
    return "sm3:" + hashlib.new("sm3", path.read_bytes()).hexdigest()


def api_create(client: Client, path: Path, metadata: dict[str, Any], **fields: Any) -> Any:
    body = {
        "filename": path.name,
        "size": path.stat().st_size,
        "declared_type": "",
        "client_digest": "",
        "metadata": metadata,
    }
    body.update(fields)
    return client.post("/api/evidence/uploads", body, content_type="application/json")


def api_send(client: Client, upload_id: str, offset: int, data: bytes) -> Any:
    return client.put(
        f"/api/evidence/uploads/{upload_id}/content",
        data,
        content_type="application/offset+octet-stream",
        headers={"Upload-Offset": str(offset)},
    )


def api_upload(
    client: Client, capture: Any, path: Path, metadata: dict[str, Any], **fields: Any
) -> Any:
    """Upload ``path`` in 8 MiB chunks and complete it; return the final status response.

    ``capture`` is pytest-django's ``django_capture_on_commit_callbacks``: the finishing task
    is queued on commit, which a test transaction never reaches by itself.
    """
    created = api_create(client, path, metadata, **fields)
    assert created.status_code == 201, created.json()
    upload_id = created.json()["id"]
    data = path.read_bytes()
    for offset in range(0, len(data), CHUNK):
        sent = api_send(client, upload_id, offset, data[offset : offset + CHUNK])
        assert sent.status_code == 200, sent.json()
    with capture(execute=True):
        completed = client.post(f"/api/evidence/uploads/{upload_id}/complete")
    assert completed.status_code == 200, completed.json()
    return client.get(f"/api/evidence/uploads/{upload_id}")
