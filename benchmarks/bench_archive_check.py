"""Measure the periodic four-property check (四性检测) over a generated archive.

Run: .venv/bin/python benchmarks/bench_archive_check.py [--files 10000] [--total-gb 20]
Try it small first: --files 200 --total-gb 0.2. It builds a throw-away SQLite installation
and evidence folder in a temporary folder (or under --dir), with N archived case files whose
items hold real bytes: a table of contents and a step record in XML, a decision PDF, a scanned
PDF that carries most of the bytes, a JPEG photo and an MP4 recording (the demo files, so the
photo and video are stored once and read once per case file). Every item is in the ledger.

Then, in a fresh child process so that its peak memory is the check's alone, it hashes every
item's bytes with ``sha256sum`` (the baseline, run first, over the same files in the same
order) and runs ``zhifa archives check``'s runner over all case files. It prints both
throughputs, their ratio and the child's peak resident memory. Nothing is asserted. The data
is deleted at the end unless --keep is given.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def configure(data_dir: Path) -> None:
    os.environ["ZHIFA_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    os.environ.setdefault("ZHIFA_LOG_LEVEL", "WARNING")
    os.environ["ZHIFA_ARCHIVE_VIRUS_SCANNER"] = ""
    import django

    django.setup()


def build(files: int, total_bytes: int) -> int:
    """Create ``files`` archived case files of about ``total_bytes`` in all; return their items."""
    import random

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from zhifa.demo.people import load_demo
    from zhifa.demo.reference import load_reference

    call_command("migrate", verbosity=0)
    load_reference()
    load_demo(timezone.localdate())
    generator = random.Random(20261205)  # noqa: S311 - made-up content, not security
    per_file = max(total_bytes // files, 64 * 1024)
    item_total = 0
    for start in range(0, files, 100):
        with transaction.atomic():
            for number in range(start, min(start + 100, files)):
                item_total += _case_file(number, per_file, generator)
        print(f"  built {min(start + 100, files)}/{files} case files", flush=True)
    return item_total


def _case_file(number: int, per_file: int, generator: object) -> int:
    from zhifa.accounts.models import User
    from zhifa.agencies.models import Agency
    from zhifa.archives.casefiles.models import ItemSource
    from zhifa.archives.checks.tests import builders
    from zhifa.archives.tests import support

    agency = Agency.objects.order_by("pk").first()
    user = User.objects.get(username="officer")
    decision = support.minimal_pdf(f"Decision {number}")
    fixed = support.default_files()
    scan_bytes = max(per_file - sum(len(row[1]) for row in fixed) - 2000, 1024)
    payload = generator.randbytes(scan_bytes)  # type: ignore[attr-defined]
    files = [
        builders.contents_item(),
        ("行政处罚决定书", decision, "pdf", "application/pdf", ItemSource.DOCUMENT),
        ("询问笔录扫描件", _pdf_with_stream(payload), "pdf", "application/pdf", ItemSource.OTHER),
        *fixed[1:],
    ]
    builders.build(agency, user, files, number=f"青罚〔2026〕B{number}号")
    return len(files)


def _pdf_with_stream(payload: bytes) -> bytes:
    """Return a valid one-page PDF whose page carries ``payload`` as an image-like stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(payload) + payload + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % index + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def measure() -> None:
    """Run the baseline and the check in this (child) process and print the figures."""
    import resource

    from zhifa.archives import items as item_store
    from zhifa.archives.casefiles.models import CaseFile, CaseFileItem
    from zhifa.archives.checks.models import Trigger
    from zhifa.archives.checks.runner import run_check

    rows = CaseFileItem.objects.order_by("case_file_id", "sequence").only("storage", "storage_name")
    paths = [item_store.storage_of(item).path(item.storage_name) for item in rows.iterator(5000)]
    listing = Path(os.environ["ZHIFA_DATA_DIR"]) / "paths.txt"
    listing.write_text("\0".join(paths))

    started = time.perf_counter()
    with listing.open("rb") as names:
        subprocess.run(
            ["/usr/bin/xargs", "-0", "/usr/bin/sha256sum"],
            stdin=names,
            stdout=subprocess.DEVNULL,
            check=True,
        )
    baseline_seconds = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    started = time.perf_counter()
    run = run_check(CaseFile.objects.all(), Trigger.SCHEDULED)
    check_seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    gib = run.bytes_read / 2**30
    print(f"case files checked:        {run.case_files:,} ({run.failed_case_files} failed)")
    print(f"items read:                {run.items:,}, {gib:.2f} GiB")
    print(
        f"sha256sum baseline:        {baseline_seconds:8.1f} s  {gib / baseline_seconds:6.3f} GiB/s"
    )
    print(f"four-property check:       {check_seconds:8.1f} s  {gib / check_seconds:6.3f} GiB/s")
    print(f"check / sha256sum time:    {check_seconds / baseline_seconds:8.2f}x")
    print(f"peak RSS before the check: {rss_before / 1024:8.1f} MiB")
    print(f"peak RSS after the check:  {rss_after / 1024:8.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="case files to build")
    parser.add_argument("--total-gb", type=float, default=20.0, help="bytes in all, in GB (10^9)")
    parser.add_argument("--dir", type=Path, help="parent folder of the data (default: system temp)")
    parser.add_argument("--keep", action="store_true", help="keep the data folder afterwards")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.measure:
        configure(options.measure)
        measure()
        return

    data_dir = Path(tempfile.mkdtemp(prefix="zhifa-bench-check-", dir=options.dir))
    try:
        configure(data_dir)
        started = time.perf_counter()
        items = build(options.files, int(options.total_gb * 10**9))
        seconds = time.perf_counter() - started
        print(f"built {options.files:,} case files, {items:,} items in {seconds:.0f} s")
        # A fresh process, so the check's peak memory does not include the build's.
        subprocess.run(  # noqa: S603 - this script with fixed arguments
            [sys.executable, __file__, "--measure", str(data_dir)], check=True
        )
    finally:
        if options.keep:
            print(f"data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
