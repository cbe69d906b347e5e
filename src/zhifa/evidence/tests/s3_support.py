"""A real S3-compatible server for tests: moto's server in a child process on 127.0.0.1.

The server runs in its own process, so memory measured in the test process is the client's
alone (moto keeps every object in its own memory). Each test gets a fresh bucket.
"""

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from botocore.exceptions import EndpointConnectionError

ACCESS_KEY = "testing"
SECRET_KEY = "testing"
REGION = "us-east-1"
START_TIMEOUT_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )


def _wait_until_up(endpoint: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"moto server exited with code {server.returncode}")
        try:
            client(endpoint).list_buckets()
            return
        except EndpointConnectionError:
            time.sleep(0.2)
    raise RuntimeError(f"moto server at {endpoint} did not start in {START_TIMEOUT_SECONDS} s")


@contextmanager
def s3_server() -> Iterator[str]:
    """Run moto's S3 server on a free loopback port; yield its endpoint URL."""
    port = _free_port()
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    server = subprocess.Popen(  # noqa: S603 (fixed command, no shell)
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(endpoint, server)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def new_bucket(endpoint: str) -> str:
    name = f"zhifa-evidence-{uuid.uuid4().hex[:12]}"
    client(endpoint).create_bucket(Bucket=name)
    return name


def evidence_storage_setting(endpoint: str, bucket: str, **options: Any) -> dict[str, Any]:
    """Return a ``STORAGES["evidence"]`` entry like the production one, against ``endpoint``."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "region_name": REGION,
            "default_acl": "private",
            "querystring_auth": True,
            "location": "evidence",
            "file_overwrite": True,
            **options,
        },
    }
