"""Merkle Tree Hash and proofs, checked against the RFC 6962 definitions without a database."""

import hashlib

import pytest

from zhifa.evidence.ledger import merkle
from zhifa.evidence.ledger.chain import LEAF_PREFIX, NODE_PREFIX


def sm3(data: bytes) -> bytes:
    return hashlib.new("sm3", data).digest()


def leaf(index: int) -> bytes:
    return sm3(LEAF_PREFIX + f"entry {index}".encode())


def node(left: bytes, right: bytes) -> bytes:
    return sm3(NODE_PREFIX + left + right)


def reference_root(leaves: list[bytes]) -> bytes:
    """MTH written the way RFC 6962 §2.1 defines it, recursively."""
    if not leaves:
        return sm3(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node(reference_root(leaves[:k]), reference_root(leaves[k:]))


LEAVES = [leaf(i) for i in range(41)]


@pytest.fixture(autouse=True)
def sm3_ledger(settings):
    settings.ZHIFA_LEDGER_ALGORITHM = "sm3"


def test_root_of_small_trees_by_hand():
    a, b, c, d, e = LEAVES[:5]
    assert merkle.root([]) == sm3(b"")
    assert merkle.root([a]) == a
    assert merkle.root([a, b]) == node(a, b)
    assert merkle.root([a, b, c]) == node(node(a, b), c)
    assert merkle.root([a, b, c, d]) == node(node(a, b), node(c, d))
    assert merkle.root([a, b, c, d, e]) == node(node(node(a, b), node(c, d)), e)


def test_root_of_prefix_stops_early():
    assert merkle.root(iter(LEAVES), size=5) == reference_root(LEAVES[:5])


def test_root_of_prefix_longer_than_leaves_rejected():
    with pytest.raises(ValueError, match="exceeds"):
        merkle.root(LEAVES[:3], size=4)


@pytest.mark.parametrize("size", range(1, 41))
def test_root_matches_recursive_definition(size):
    assert merkle.root(LEAVES[:size]) == reference_root(LEAVES[:size])


def test_root_builder_reads_every_prefix():
    builder = merkle.RootBuilder()
    for size in range(1, 41):
        builder.add(LEAVES[size - 1])
        assert builder.root() == reference_root(LEAVES[:size])


# The seven-leaf tree of RFC 6962 §2.1.3: leaves d0..d6; a proof is a list of leaf ranges.
RFC_EXAMPLES_INCLUSION = [
    (0, 7, [(1, 2), (2, 4), (4, 7)]),
    (3, 7, [(2, 3), (0, 2), (4, 7)]),
    (4, 7, [(5, 6), (6, 7), (0, 4)]),
    (6, 7, [(4, 6), (0, 4)]),
    (0, 1, []),
]

RFC_EXAMPLES_CONSISTENCY = [
    (3, 7, [(2, 3), (3, 4), (0, 2), (4, 7)]),
    (4, 7, [(4, 7)]),
    (6, 7, [(4, 6), (6, 7), (0, 4)]),
    (7, 7, []),
    (0, 7, []),
]


@pytest.mark.parametrize(("index", "size", "expected"), RFC_EXAMPLES_INCLUSION)
def test_inclusion_ranges_of_rfc_example(index, size, expected):
    assert merkle.inclusion_ranges(index, size) == expected


@pytest.mark.parametrize(("old", "new", "expected"), RFC_EXAMPLES_CONSISTENCY)
def test_consistency_ranges_of_rfc_example(old, new, expected):
    assert merkle.consistency_ranges(old, new) == expected


def test_inclusion_proof_by_hand():
    a, b, c = LEAVES[:3]
    assert merkle.inclusion_proof(LEAVES, 2, 3) == [node(a, b)]
    assert merkle.inclusion_proof(LEAVES, 0, 3) == [b, c]


def test_consistency_proof_by_hand():
    a, b, c, d = LEAVES[:4]
    assert merkle.consistency_proof(LEAVES, 2, 3) == [c]
    assert merkle.consistency_proof(LEAVES, 3, 4) == [c, d, node(a, b)]


def test_inclusion_outside_tree_rejected():
    with pytest.raises(ValueError, match="outside"):
        merkle.inclusion_ranges(3, 3)


def test_consistency_to_smaller_tree_rejected():
    with pytest.raises(ValueError, match="no consistency proof"):
        merkle.consistency_ranges(5, 4)


def test_range_beyond_leaves_rejected():
    with pytest.raises(ValueError, match="past the leaves"):
        merkle.inclusion_proof(LEAVES[:4], 0, 8)


def test_inclusion_for_every_leaf_up_to_40():
    for size in range(1, 41):
        tree_root = reference_root(LEAVES[:size])
        for index in range(size):
            path = merkle.inclusion_proof(LEAVES, index, size)
            assert merkle.verify_inclusion(index, size, LEAVES[index], path, tree_root), (
                index,
                size,
            )


def test_inclusion_refused_when_anything_differs():
    for size in range(2, 41):
        tree_root = reference_root(LEAVES[:size])
        for index in range(size):
            path = merkle.inclusion_proof(LEAVES, index, size)
            other = (index + 1) % size
            assert not merkle.verify_inclusion(other, size, LEAVES[index], path, tree_root)
            assert not merkle.verify_inclusion(index, size, LEAVES[40], path, tree_root)
            wider_root = reference_root(LEAVES[: size + 1])
            assert not merkle.verify_inclusion(index, size + 1, LEAVES[index], path, wider_root)
            if path:
                broken = [*path[:-1], LEAVES[40]]
                assert not merkle.verify_inclusion(index, size, LEAVES[index], broken, tree_root)
                assert not merkle.verify_inclusion(index, size, LEAVES[index], path[:-1], tree_root)


def test_inclusion_index_outside_tree_refused():
    assert not merkle.verify_inclusion(3, 3, LEAVES[0], [], LEAVES[0])


def test_consistency_for_every_pair_up_to_40():
    roots = [reference_root(LEAVES[:size]) for size in range(41)]
    for new in range(1, 41):
        for old in range(1, new + 1):
            proof = merkle.consistency_proof(LEAVES, old, new)
            assert merkle.verify_consistency(old, new, roots[old], roots[new], proof), (old, new)


def test_consistency_refused_when_anything_differs():
    roots = [reference_root(LEAVES[:size]) for size in range(41)]
    for new in range(2, 41):
        for old in range(1, new):
            proof = merkle.consistency_proof(LEAVES, old, new)
            assert not merkle.verify_consistency(old, new, roots[old - 1], roots[new], proof)
            assert not merkle.verify_consistency(old, new, roots[old], roots[new - 1], proof)
            assert not merkle.verify_consistency(old, new, roots[old], roots[new], proof[:-1])
            broken = [*proof[:-1], LEAVES[40]]
            assert not merkle.verify_consistency(old, new, roots[old], roots[new], broken)


def test_consistency_trivial_sizes():
    root = reference_root(LEAVES[:5])
    assert merkle.verify_consistency(0, 5, b"", root, [])
    assert merkle.verify_consistency(5, 5, root, root, [])
    assert not merkle.verify_consistency(5, 5, root, LEAVES[0], [])
    assert not merkle.verify_consistency(6, 5, root, root, [])
