"""Checking the whole ledger (``zhifa ledger verify``) in one streaming pass.

For each entry in position order: the positions run 0, 1, 2, … without gaps; the leaf hash is
H(0x00 || payload); the chain hash is H(previous chain hash || leaf). Unless ``chain_only``,
the payload is derived again from the current row of the record, and the files of content and
final-document entries are hashed again. Every signed tree head must have the Merkle root of its
first ``tree_size`` leaves and a valid signature. Finally, every record that should be in the
ledger and is not is reported as 未记入账本, and every file in the evidence storage that no
stored-content row names is listed as 存储中有账本之外的文件. Those files do not fail the check: an
ingest in flight stores its content before its transaction commits.

Files destroyed after an approved appraisal are named by tombstone entries (销毁记录). Before the
main pass one query collects them; such a file that is absent is listed as 已按鉴定销毁 and does
not fail the check, unless a live record still refers to its digest, which is reported as a
missing file. Any other missing or altered file is reported as before.

After a failed chain check the pass continues from the stored chain hash, so one changed entry
is reported once instead of making every later entry fail too.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.storage import storages
from django.db.models import Max

from zhifa.evidence.ledger import chain, heads, merkle, orphans, rows
from zhifa.evidence.models import LedgerEntry, TreeHead

logger = logging.getLogger(__name__)

BATCH = 2000
FIELDS = ("position", "kind", "ref", "payload", "leaf_hash", "chain_hash")
Entry = tuple[int, str, str, str, str, str]


@dataclass(frozen=True)
class Problem:
    position: int | None
    ref: str
    message: str


@dataclass
class Report:
    entries: int = 0
    heads: int = 0
    files: int = 0
    bytes_hashed: int = 0
    problems: list[Problem] = field(default_factory=list)
    unledgered: list[tuple[str, str]] = field(default_factory=list)
    orphan_files: list[str] = field(default_factory=list)
    # Stored names of files absent because a tombstone covers them (已按鉴定销毁).
    destroyed_files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unledgered


class _Pass:
    """State of one verification pass; ``run`` drives it over the entries."""

    def __init__(self, chain_only: bool, progress: Callable[[int], None] | None) -> None:
        self.name = chain.algorithm()
        self.chain_only = chain_only
        self.progress = progress
        self.report = Report()
        self.builder = merkle.RootBuilder(self.name)
        self.previous: bytes | None = chain.GENESIS
        self.expected = 0
        self.batch: list[Entry] = []
        self.seen: dict[str, set[str]] = {kind: set() for kind in rows.SOURCES}
        self.pending_heads = list(TreeHead.objects.order_by("tree_size", "signed_on"))
        self.latest_links: dict[str, int] = {}
        self.tombstoned = rows.Tombstoned()
        # Destroyed files by digest, with the entry that named them, checked after the pass.
        self.destroyed: dict[str, list[tuple[int, str, str]]] = {}
        if not chain_only:
            self.tombstoned = rows.tombstoned_files()
            self.latest_links = dict(
                LedgerEntry.objects.filter(ref__startswith="av_record_links:")
                .values("ref")
                .annotate(last=Max("position"))
                .values_list("ref", "last")
            )

    def fail(self, position: int | None, ref: str, message: str) -> None:
        self.report.problems.append(Problem(position, ref, message))

    def run(self) -> Report:
        self.check_signatures()
        self.check_heads_reached()
        entries = LedgerEntry.objects.order_by("position").values_list(*FIELDS)
        for entry in entries.iterator(chunk_size=heads.CHUNK_SIZE):
            self.check_entry(entry)
            if not self.chain_only:
                self.batch.append(entry)
                if len(self.batch) >= BATCH:
                    self.check_records()
            if self.progress and self.report.entries % 100000 == 0:
                self.progress(self.report.entries)
        self.check_records()
        for head in self.pending_heads:
            self.fail(
                None,
                f"tree_head:{head.signed_on}",
                f"签名树头覆盖 {head.tree_size} 条，账本只有 {self.builder.size} 条可核对的条目",
            )
        if not self.chain_only:
            self.check_destroyed()
            self.find_unledgered()
            self.report.orphan_files = list(orphans.orphan_names(storages["evidence"]))
        return self.report

    def check_signatures(self) -> None:
        for head in self.pending_heads:
            self.report.heads += 1
            ref = f"tree_head:{head.signed_on}"
            if head.hash_algorithm != self.name:
                self.fail(None, ref, f"树头摘要算法为 {head.hash_algorithm}，账本为 {self.name}")
            if not heads.signature_valid(head):
                self.fail(None, ref, "树头签名验证失败")

    def check_entry(self, entry: Entry) -> None:
        position, _, ref, payload, stored_leaf, stored_chain = entry
        self.report.entries += 1
        if position != self.expected:
            missing = (
                f"{self.expected}"
                if position == self.expected + 1
                else (f"{self.expected}–{position - 1}")
            )
            self.fail(self.expected, "", f"序号 {missing} 的条目缺失（已被删除或序号被改动）")
            self.previous = None
        self.expected = position + 1

        leaf = chain.leaf_hash(payload, self.name)
        if leaf.hex() != stored_leaf:
            self.fail(position, ref, "叶子摘要与账本内容不符（内容或叶子摘要被改动）")
        if self.previous is not None and chain.chain_hash(self.previous, leaf, self.name).hex() != (
            stored_chain
        ):
            self.fail(position, ref, "链摘要不符（条目被改动、删除或调换了顺序）")
        try:
            self.previous = bytes.fromhex(stored_chain)
        except ValueError:
            self.previous = None

        self.builder.add(leaf)
        self.check_heads_reached()

    def check_heads_reached(self) -> None:
        while self.pending_heads and self.pending_heads[0].tree_size == self.builder.size:
            head = self.pending_heads.pop(0)
            if self.builder.root().hex() != head.root_hash:
                self.fail(
                    None,
                    f"tree_head:{head.signed_on}",
                    f"前 {head.tree_size} 条的默克尔树根与签名树头不符（已签名的条目被改动）",
                )

    def check_records(self) -> None:
        if not self.batch:
            return
        refs = [rows.split_ref(entry[2]) for entry in self.batch]
        found = rows.rows_of(refs)
        for entry, (kind, pk) in zip(self.batch, refs, strict=True):
            self.check_record(entry, kind, pk, found.get(kind, {}))
        self.batch = []

    def check_record(self, entry: Entry, kind: str, pk: str, found: dict[str, object]) -> None:
        position, _, ref, payload, _, _ = entry
        if kind not in rows.SOURCES:
            self.fail(position, ref, f"无法识别的记录类型“{kind}”")
            return
        self.seen[kind].add(pk)
        recorded = rows.parse_payload(payload)
        if recorded is None:
            self.fail(position, ref, "账本内容不是有效的 JSON 对象（条目被改动）")
            return
        row = found.get(pk)
        if row is None:
            self.fail(position, ref, "记录已被删除")
        elif kind != "av_record_links" or self.latest_links.get(ref) == position:
            # Earlier link entries are history: only the latest one must match the row now.
            problem = rows.payload_problem(kind, row, payload, recorded)
            if problem:
                self.fail(position, ref, problem)
        if kind in ("content", "document", "document_original"):
            checked = rows.file_problems(kind, recorded, self.tombstoned)
            self.report.files += 1
            self.report.bytes_hashed += checked.bytes_read
            for problem in checked.problems:
                self.fail(position, ref, problem)
            for name, digest in checked.destroyed:
                self.destroyed.setdefault(digest, []).append((position, ref, name))

    def check_destroyed(self) -> None:
        """Accept absent tombstoned files unless a live record still needs their content."""
        live = rows.live_digests(set(self.destroyed))
        for digest, found in self.destroyed.items():
            for position, ref, name in found:
                if digest in live:
                    self.fail(
                        position,
                        ref,
                        f"存储的文件 {name} 已缺失（销毁记录包含此内容，但仍有在用记录引用它）",
                    )
                else:
                    self.report.destroyed_files.append(name)

    def find_unledgered(self) -> None:
        for kind in rows.SOURCES:
            for pk in rows.missing_rows(kind, self.seen[kind]):
                self.report.unledgered.append((kind, pk))


def verify_ledger(
    *, chain_only: bool = False, progress: Callable[[int], None] | None = None
) -> Report:
    """Check the whole ledger; ``chain_only`` skips the records and files behind the entries."""
    report = _Pass(chain_only, progress).run()
    logger.info(
        "ledger verified: %d entries, %d problems, %d records not in the ledger, "
        "%d stored files without a content row, %d files destroyed by appraisal",
        report.entries,
        len(report.problems),
        len(report.unledgered),
        len(report.orphan_files),
        len(report.destroyed_files),
    )
    return report
