"""Merkle Tree Hash, inclusion proofs and consistency proofs over ledger leaves (RFC 6962 §2.1).

Everything here is a pure function over leaf hashes (already H(0x00 || payload)), so the same
code serves the database, the tests and the benchmark. Proofs are built in two steps. First,
the ranges of leaves whose subtree roots make up the proof follow from the index and the tree
sizes alone. Then the roots of those ranges are computed in one streaming pass over the
leaves, so memory stays O(log n) whatever the number of leaves.

Verification follows the algorithms of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2
(consistency). ``name`` is the hash algorithm; None means the configured ledger algorithm.
"""

from collections.abc import Iterable, Iterator, Sequence

from zhifa.evidence.ledger.chain import hash_bytes, node_hash

Range = tuple[int, int]


def split_point(size: int) -> int:
    """Return the largest power of two smaller than ``size`` (``size`` must be at least 2)."""
    return 1 << ((size - 1).bit_length() - 1)


class RootBuilder:
    """Merkle Tree Hash of a growing list of leaves, kept as a stack of complete subtrees.

    The stack contains (leaf count, root) of perfect subtrees in decreasing size, so it never
    has more than log2(n) + 1 items. ``root()`` folds them right to left without changing them, so
    the root of every prefix can be read while leaves are still being added.
    """

    def __init__(self, name: str | None = None) -> None:
        self.name = name
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []

    def add(self, leaf: bytes) -> None:
        count, value = 1, leaf
        while self._stack and self._stack[-1][0] == count:
            left_count, left = self._stack.pop()
            count, value = left_count + count, node_hash(left, value, self.name)
        self._stack.append((count, value))
        self.size += 1

    def root(self) -> bytes:
        """Return the Merkle Tree Hash of the leaves added so far (H() of nothing when empty)."""
        if not self._stack:
            return hash_bytes(b"", self.name)
        value = self._stack[-1][1]
        for _, left in reversed(self._stack[:-1]):
            value = node_hash(left, value, self.name)
        return value


def root(leaves: Iterable[bytes], size: int | None = None, name: str | None = None) -> bytes:
    """Return the Merkle Tree Hash of the first ``size`` leaves (all of them when None)."""
    builder = RootBuilder(name)
    for leaf in leaves:
        if size is not None and builder.size >= size:
            break
        builder.add(leaf)
    if size is not None and builder.size < size:
        raise ValueError(f"tree size {size} exceeds the {builder.size} leaves available")
    return builder.root()


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """List the leaf ranges whose roots form the audit path PATH(index, D[size]), in order."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    path: list[Range] = []
    start, end = 0, size
    # Walk down from the root; each sibling subtree is prepended, so the leaf's sibling ends first.
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            path.insert(0, (start + k, end))
            end = start + k
        else:
            path.insert(0, (start, start + k))
            start = start + k
    return path


def consistency_ranges(old_size: int, new_size: int) -> list[Range]:
    """List the leaf ranges whose roots form PROOF(old_size, D[new_size]) (RFC 6962 §2.1.2)."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to size {new_size}")
    if old_size in (0, new_size):
        return []
    proof: list[Range] = []
    start, end, m = 0, new_size, old_size
    complete = True  # RFC 6962's flag b: the old tree is a complete subtree seen so far
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            proof.insert(0, (start + k, end))
            end = start + k
        else:
            proof.insert(0, (start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        proof.insert(0, (start, end))
    return proof


def range_roots(
    leaves: Iterable[bytes], ranges: Sequence[Range], name: str | None = None
) -> list[bytes]:
    """Compute the root of each of the disjoint ``ranges`` in one pass over ``leaves``."""
    ordered = sorted(range(len(ranges)), key=lambda i: ranges[i][0])
    roots: list[bytes] = [b""] * len(ranges)
    pending: Iterator[int] = iter(ordered)
    current = next(pending, None)
    builder = RootBuilder(name)
    for position, leaf in enumerate(leaves):
        if current is None:
            break
        start, end = ranges[current]
        if position < start:
            continue
        builder.add(leaf)
        if position == end - 1:
            roots[current] = builder.root()
            builder = RootBuilder(name)
            current = next(pending, None)
    if current is not None:
        raise ValueError(f"leaf range {ranges[current]} extends past the leaves available")
    return roots


def inclusion_proof(
    leaves: Iterable[bytes], index: int, size: int, name: str | None = None
) -> list[bytes]:
    return range_roots(leaves, inclusion_ranges(index, size), name)


def consistency_proof(
    leaves: Iterable[bytes], old_size: int, new_size: int, name: str | None = None
) -> list[bytes]:
    return range_roots(leaves, consistency_ranges(old_size, new_size), name)


def _shift_until_odd_or_zero(fn: int, sn: int) -> tuple[int, int]:
    while fn and not fn & 1:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def root_from_inclusion(
    index: int, size: int, leaf: bytes, path: Sequence[bytes], name: str | None = None
) -> bytes | None:
    """Return the root an audit path leads to (RFC 9162 §2.1.3.2), or None if it cannot fit."""
    if not 0 <= index < size:
        return None
    fn, sn = index, size - 1
    value = leaf
    for sibling in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            value = node_hash(sibling, value, name)
            if not fn & 1:
                fn, sn = _shift_until_odd_or_zero(fn, sn)
        else:
            value = node_hash(value, sibling, name)
        fn, sn = fn >> 1, sn >> 1
    return value if sn == 0 else None


def verify_inclusion(
    index: int,
    size: int,
    leaf: bytes,
    path: Sequence[bytes],
    expected_root: bytes,
    name: str | None = None,
) -> bool:
    """Check an audit path by RFC 9162 §2.1.3.2."""
    return root_from_inclusion(index, size, leaf, path, name) == expected_root


def verify_consistency(
    old_size: int,
    new_size: int,
    old_root: bytes,
    new_root: bytes,
    proof: Sequence[bytes],
    name: str | None = None,
) -> bool:
    """Check a consistency proof by RFC 9162 §2.1.4.2.

    The RFC leaves out the trivial sizes, which take an empty proof here. An empty old tree is
    consistent with any tree, and equal sizes are consistent when the roots are equal.
    """
    if not 0 <= old_size <= new_size:
        return False
    if old_size == 0 or old_size == new_size:
        return not proof and (old_size == 0 or old_root == new_root)
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    old_value = new_value = path[0]
    for sibling in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            old_value = node_hash(sibling, old_value, name)
            new_value = node_hash(sibling, new_value, name)
            if not fn & 1:
                fn, sn = _shift_until_odd_or_zero(fn, sn)
        else:
            new_value = node_hash(new_value, sibling, name)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and old_value == old_root and new_value == new_root
