"""Measure ``zhifa ledger verify`` over a large ledger, against bare hashing of the same bytes.

Run: .venv/bin/python benchmarks/bench_ledger.py [--entries 1000000]
It builds a throw-away SQLite installation in a temporary folder. When DATABASE_URL is set it
uses that database instead, which must be an empty PostgreSQL database. It bulk-inserts
synthetic ``case_step`` entries with a precomputed hash chain and signs a tree head over them.
The entries have no rows behind them, so verify runs with ``chain_only``: positions, leaf
hashes, the chain, the Merkle tree and the signed head. The baseline hashes H(0x00 || payload)
for the same payloads in a tight loop in this process, copying a fresh hasher as the ledger
code does. It also times signing a tree head and one inclusion proof at full size. It prints
entries per second and the ratio; nothing is asserted.
"""

import argparse
import datetime
import hashlib
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator

data_dir = tempfile.mkdtemp(prefix="zhifa-bench-ledger-")
os.environ["ZHIFA_DATA_DIR"] = data_dir
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
os.environ.setdefault("ZHIFA_LOG_LEVEL", "WARNING")

import django  # noqa: E402 - settings must be configured by the environment above first

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from zhifa.evidence.ledger import chain, heads, proofs  # noqa: E402
from zhifa.evidence.ledger.verify import verify_ledger  # noqa: E402
from zhifa.evidence.models import LedgerEntry, LedgerKind  # noqa: E402

BATCH = 10000
START = datetime.datetime(2026, 1, 5, 1, 30, tzinfo=datetime.UTC)


def payloads(count: int) -> Iterator[str]:
    """Yield synthetic case step payloads, shaped like real ones (about 390 bytes each)."""
    for index in range(count):
        occurred = START + datetime.timedelta(minutes=index)
        yield chain.canonical(
            {
                "case": index // 10 + 1,
                "sequence": index % 10 + 1,
                "stage": "investigation",
                "step": "inspection_record",
                "occurred_at": occurred.isoformat(),
                "place": "朱家角镇新风路1号门前",
                "summary": f"现场检查发现当事人在道路上堆放建筑材料（生成的记录 {index}）",
                "details": {},
                "on_site": True,
                "corrects": None,
                "correction_reason": "",
                "recorded_by": 1,
                "recorded_at": occurred.isoformat(),
            }
        )


def generate(count: int) -> float:
    """Bulk-insert ``count`` entries with a correct chain; return the seconds it took."""
    started = time.perf_counter()
    name = chain.algorithm()
    previous = chain.GENESIS
    rows: list[LedgerEntry] = []
    with transaction.atomic():
        for position, text in enumerate(payloads(count)):
            leaf = chain.leaf_hash(text, name)
            previous = chain.chain_hash(previous, leaf, name)
            rows.append(
                LedgerEntry(
                    position=position,
                    kind=LedgerKind.CASE_STEP,
                    ref=f"case_step:{position + 1}",
                    payload=text,
                    leaf_hash=leaf.hex(),
                    chain_hash=previous.hex(),
                )
            )
            if len(rows) == BATCH:
                LedgerEntry.objects.bulk_create(rows)
                rows = []
                if (position + 1) % 100000 == 0:
                    print(f"  {position + 1} entries written", file=sys.stderr)
        LedgerEntry.objects.bulk_create(rows)
    return time.perf_counter() - started


def baseline(count: int) -> tuple[float, int]:
    """Time H(0x00 || payload) over the same payloads; generating them is not timed."""
    prototype = hashlib.new(chain.algorithm())
    seconds, total = 0.0, 0
    batch: list[bytes] = []
    for text in payloads(count):
        batch.append(chain.LEAF_PREFIX + text.encode("utf-8"))
        if len(batch) == BATCH or total + len(batch) == count:
            started = time.perf_counter()
            for data in batch:
                hasher = prototype.copy()
                hasher.update(data)
                hasher.digest()
            seconds += time.perf_counter() - started
            total += len(batch)
            batch = []
    return seconds, total


def main() -> None:
    parser = argparse.ArgumentParser(description="测量存证账本全量核验的速度")
    parser.add_argument("--entries", type=int, default=1_000_000, help="生成的账本条目数")
    options = parser.parse_args()

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; data folder {data_dir}; algorithm {chain.algorithm()}")
    # DEBUG keeps the text of every query; the bulk inserts alone would hold hundreds of MB.
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    seconds = generate(options.entries)
    print(f"generated {options.entries} entries in {seconds:.1f} s")

    settings.ZHIFA_LEDGER_KEY_FILE = os.path.join(data_dir, "keys", "ledger.key")
    call_command("ledger", "keygen", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.perf_counter()
    head = heads.sign_tree_head()
    sign_seconds = time.perf_counter() - started

    started = time.perf_counter()
    report = verify_ledger(chain_only=True)
    verify_seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"verify reported {len(report.problems)} problems on a clean ledger")

    started = time.perf_counter()
    proofs.inclusion_document(options.entries // 2, head.tree_size)
    prove_seconds = time.perf_counter() - started

    hash_seconds, hashed = baseline(options.entries)
    payload_bytes = sum(len(text.encode("utf-8")) + 1 for text in payloads(options.entries))
    verify_rate = report.entries / verify_seconds
    hash_rate = hashed / hash_seconds
    print()
    print("| 测量 | 用时 | 每秒条目数 |")
    print("|---|---|---|")
    print(f"| zhifa ledger verify --chain-only | {verify_seconds:.1f} 秒 | {verify_rate:,.0f} |")
    print(f"| 基准：同一进程内逐条计算 H(0x00‖内容) | {hash_seconds:.1f} 秒 | {hash_rate:,.0f} |")
    print(f"| 签名树头（全部 {head.tree_size} 条的树根 + SM2 签名） | {sign_seconds:.1f} 秒 | |")
    print(f"| 出具一条包含证明（树的大小 {head.tree_size}） | {prove_seconds:.1f} 秒 | |")
    print()
    print(f"verify is {verify_seconds / hash_seconds:.1f}x the time of hashing the payloads")
    per_entry = payload_bytes / report.entries
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole process (generation included): {peak_mb:.0f} MB")
    print(f"payload bytes: {payload_bytes / 1e6:.0f} MB ({per_entry:.0f} per entry)")


if __name__ == "__main__":
    main()
