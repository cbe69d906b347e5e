"""Measure a large AV upload through the resumable protocol against a live server process.

Run: .venv/bin/python benchmarks/bench_upload.py [--size 2G] [--size 256M ...]
For each size it writes a valid MP4 of that size in /tmp: a 2-second clip followed by a
``free`` box of random bytes, which content sniffing and ffprobe accept. It then starts
``zhifa runserver --noreload`` on 127.0.0.1 in a throw-away data folder with development
settings, SQLite and a local evidence folder. The immediate task backend makes the finishing
task run in the server process. The file goes up in 8 MiB chunks over HTTP in a logged-in
session and is then completed. The script prints the time of the chunk transfer and the time
of the finishing step (SM3 hashing, type and metadata checks, copy to the content store). It
then prints the end-to-end throughput and its ratio to ``sha256sum`` and ``openssl dgst -sm3``
on the same file in the same run, and the server process's peak resident memory (VmHWM from
/proc). Nothing is asserted. It needs ffmpeg, sha256sum and openssl on PATH, and about three
times the file size free in /tmp.
"""

# The script runs fixed commands (ffmpeg, sha256sum, openssl, zhifa) without a shell.
# ruff: noqa: S603, S607

import argparse
import http.client
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
CHUNK = 8 * 1024 * 1024
MIB = 1024 * 1024
SERVER_START_SECONDS = 60
PASSWORD = "Bench-upload-2026!"  # noqa: S105 (of a throw-away account on loopback)

SETUP = """
import django, json, sys
django.setup()
from django.contrib.auth.models import Group
from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, Officer
from zhifa.core.identifiers import id_check_char
from zhifa.evidence.models import RecordingDevice

agency = Agency.objects.create(name="基准测试执法主体", short_name="基准", kind="town")
user = User.objects.create_user(username="bench", password=sys.argv[1], agency=agency)
user.groups.add(Group.objects.get(name=Role.OFFICER))
officers = []
for n in (1, 2):
    first17 = f"31011819850312{n:02d}1"
    officers.append(Officer.objects.create(
        agency=agency, full_name=f"执法{n}", gender="male",
        id_number=first17 + id_check_char(first17),
    ).pk)
device = RecordingDevice.objects.create(agency=agency, serial_number="BENCH-1", model_name="基准")
json.dump({"officers": officers, "device": device.pk}, sys.stdout)
"""


def parse_size(text: str) -> int:
    units = {"K": 1024, "M": MIB, "G": 1024 * MIB}
    suffix = text[-1].upper()
    return int(float(text[:-1]) * units[suffix]) if suffix in units else int(text)


def make_media(path: Path, size: int) -> None:
    """Write a real MP4 clip padded with a ``free`` box of random bytes to ``size`` bytes."""
    clip = path.with_suffix(".clip.mp4")
    subprocess.run(
        [
            "ffmpeg",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=64x64:rate=10:duration=2",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-movflags",
            "+faststart",
            "-metadata",
            "creation_time=2026-12-05T14:03:20Z",
            str(clip),
        ],
        check=True,
    )
    head = clip.read_bytes()
    clip.unlink()
    padding = size - len(head)
    with path.open("wb") as handle:
        handle.write(head)
        handle.write(struct.pack(">I4sQ", 1, b"free", padding))
        remaining = padding - 16
        while remaining > 0:
            block = os.urandom(min(MIB, remaining))
            handle.write(block)
            remaining -= len(block)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def server_environment(data_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhifa.settings",
        "ZHIFA_DATA_DIR": data_dir,
        "ZHIFA_LOG_LEVEL": "WARNING",
        "ZHIFA_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }


def prepare(environment: dict[str, str]) -> dict[str, object]:
    zhifa = str(ROOT / ".venv" / "bin" / "zhifa")
    subprocess.run([zhifa, "migrate", "-v", "0"], env=environment, check=True)
    output = subprocess.run(
        [str(PYTHON), "-c", SETUP, PASSWORD], env=environment, check=True, capture_output=True
    ).stdout
    loaded: dict[str, object] = json.loads(output)
    return loaded


def start_server(environment: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    zhifa = str(ROOT / ".venv" / "bin" / "zhifa")
    server = subprocess.Popen(
        [zhifa, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"runserver did not listen on port {port} within {SERVER_START_SECONDS} s")


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM not found in /proc status")


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";")[0]
    return found


def log_in(connection: http.client.HTTPConnection) -> dict[str, str]:
    """Log in through the login page; return the headers that authenticate later requests.

    The session cookie with CSRF is used because the API tries session authentication first,
    and its CSRF check rejects a write that carries only a bearer token.
    """
    connection.request("GET", "/accounts/login/")
    page = connection.getresponse()
    html = page.read().decode()
    cookies = _cookies(page)
    form_token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    form = urllib.parse.urlencode(
        {"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": form_token}
    )
    connection.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
        },
    )
    answer = connection.getresponse()
    answer.read()
    cookies.update(_cookies(answer))
    if "sessionid" not in cookies:
        raise RuntimeError(f"login failed: HTTP {answer.status}")
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return {"Cookie": cookie, "X-CSRFToken": cookies["csrftoken"]}


def call(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    auth: dict[str, str],
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, object]:
    connection.request(method, path, body=body, headers={**auth, **(headers or {})})
    response = connection.getresponse()
    answer: dict[str, object] = json.loads(response.read() or b"{}")
    if response.status >= 300:
        raise RuntimeError(f"{method} {path}: HTTP {response.status} {answer}")
    return answer


def upload(port: int, fixture: dict[str, object], path: Path) -> tuple[float, float, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    auth = log_in(connection)
    size = path.stat().st_size
    metadata = {
        "scene": "on_site_inspection",
        "device": fixture["device"],
        "officers": fixture["officers"],
        "place": "基准测试地点",
        "party_informed": True,
    }
    created = call(
        connection,
        "POST",
        "/api/evidence/uploads",
        auth,
        json.dumps({"filename": path.name, "size": size, "metadata": metadata}).encode(),
        {"Content-Type": "application/json"},
    )
    upload_id = created["id"]

    start = time.perf_counter()
    with path.open("rb") as handle:
        offset = 0
        while chunk := handle.read(CHUNK):
            headers = {
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
            }
            call(
                connection,
                "PUT",
                f"/api/evidence/uploads/{upload_id}/content",
                auth,
                chunk,
                headers,
            )
            offset += len(chunk)
    transferred = time.perf_counter()

    call(connection, "POST", f"/api/evidence/uploads/{upload_id}/complete", auth)
    status = call(connection, "GET", f"/api/evidence/uploads/{upload_id}", auth)
    while status["status"] == "verifying":
        time.sleep(0.5)
        status = call(connection, "GET", f"/api/evidence/uploads/{upload_id}", auth)
    finished = time.perf_counter()
    return transferred - start, finished - transferred, status


def run(size: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="zhifa-bench-upload-", dir="/tmp"))
    media = work / "现场录像.mp4"
    try:
        make_media(media, size)
        timed(["cat", str(media)])  # Bring the file into the page cache for every reader.
        sha256_seconds = timed(["sha256sum", str(media)])
        sm3_seconds = timed(["openssl", "dgst", "-sm3", str(media)])
        environment = server_environment(str(work / "data"))
        fixture = prepare(environment)
        port = free_port()
        server = start_server(environment, port)
        try:
            transfer, finishing, status = upload(port, fixture, media)
            peak = peak_rss_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        report(size, transfer, finishing, status, peak, sha256_seconds, sm3_seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(
    size: int,
    transfer: float,
    finishing: float,
    status: dict,
    peak: float,
    sha256_seconds: float,
    sm3_seconds: float,
) -> None:
    total = transfer + finishing
    mib = size / MIB
    print(f"file {mib:.0f} MiB: upload status {status['status']} {status.get('error') or ''}")
    print(f"  chunks sent in {transfer:.2f} s ({mib / transfer:.0f} MiB/s)")
    print(f"  finishing (hash, checks, store) {finishing:.2f} s")
    print(f"  end to end {total:.2f} s = {mib / total:.0f} MiB/s")
    print(
        f"  sha256sum {sha256_seconds:.2f} s ({mib / sha256_seconds:.0f} MiB/s): "
        f"upload takes {total / sha256_seconds:.1f}x as long"
    )
    print(
        f"  openssl dgst -sm3 {sm3_seconds:.2f} s ({mib / sm3_seconds:.0f} MiB/s): "
        f"upload takes {total / sm3_seconds:.1f}x as long"
    )
    print(f"  server peak RSS (VmHWM) {peak:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size",
        action="append",
        help="file size, such as 256M or 2G (repeatable; default 2G)",
    )
    arguments = parser.parse_args()
    for text in arguments.size or ["2G"]:
        run(parse_size(text))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
