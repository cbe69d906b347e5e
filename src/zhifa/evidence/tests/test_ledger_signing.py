"""Signing keys, SM2 and Ed25519 signatures, and the daily signed tree head."""

import datetime
import io
import stat

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhifa.core.errors import ValidationFailed
from zhifa.evidence.ledger import heads, merkle, signing
from zhifa.evidence.models import TreeHead
from zhifa.evidence.tests.ledger_support import store_content

MESSAGE = signing.tree_head_text("sm3", 3, "ab" * 32, datetime.date(2026, 12, 5))


@pytest.fixture
def key_file(settings, tmp_path):
    settings.ZHIFA_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.key"
    return settings.ZHIFA_LEDGER_KEY_FILE


def new_key(algorithm, tmp_path):
    content, _ = signing.generate_key(algorithm)
    path = tmp_path / f"{algorithm}.key"
    signing.write_key_file(path, content)
    return signing.load_key(algorithm, path)


def test_tree_head_text_is_fixed():
    assert MESSAGE == (
        b"zhifa-ledger-tree-head\nalgorithm=sm3\ntree_size=3\nroot="
        + b"ab" * 32
        + b"\ndate=2026-12-05"
    )


@pytest.mark.parametrize("algorithm", ["sm2", "ed25519"])
def test_signature_round_trip(algorithm, tmp_path):
    key = new_key(algorithm, tmp_path)
    signature = signing.sign(key, MESSAGE)

    assert signing.verify(algorithm, key.public_hex, MESSAGE, signature)
    assert not signing.verify(algorithm, key.public_hex, MESSAGE + b"x", signature)
    assert not signing.verify(algorithm, key.public_hex, MESSAGE, "00" * 64)
    assert not signing.verify(algorithm, key.public_hex, MESSAGE, "not hex")


@pytest.mark.parametrize("algorithm", ["sm2", "ed25519"])
def test_signature_of_other_key_refused(algorithm, tmp_path):
    key = new_key(algorithm, tmp_path)
    _, other_public = signing.generate_key(algorithm)
    signature = signing.sign(key, MESSAGE)

    assert not signing.verify(algorithm, other_public, MESSAGE, signature)


def test_sm2_public_key_with_leading_zero_or_four(tmp_path):
    """gmssl would strip those digits from the key; signing must still verify."""
    for number in range(1, 200):
        private_hex = f"{number:064x}"
        public_hex = signing._sm2_public_hex(private_hex)
        if public_hex[2] in "04":
            break
    else:
        pytest.fail("no small private key with such a public key")
    key = signing.SigningKey("sm2", private_hex, public_hex)

    assert signing.verify("sm2", public_hex, MESSAGE, signing.sign(key, MESSAGE))


def test_sm2_signatures_use_fresh_nonces(tmp_path):
    key = new_key("sm2", tmp_path)
    assert signing.sign(key, MESSAGE) != signing.sign(key, MESSAGE)


def test_keygen_creates_owner_only_file(key_file):
    output = io.StringIO()
    call_command("ledger", "keygen", stdout=output)

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "公钥：04" in output.getvalue()
    assert len(key_file.read_text().strip()) == 64


def test_keygen_refuses_to_overwrite(key_file):
    call_command("ledger", "keygen", stdout=io.StringIO())
    before = key_file.read_bytes()

    with pytest.raises(CommandError, match="已存在，未覆盖"):
        call_command("ledger", "keygen", stdout=io.StringIO())
    assert key_file.read_bytes() == before


def test_keygen_ed25519_writes_pem(key_file, settings):
    settings.ZHIFA_LEDGER_SIGNATURE = "ed25519"
    call_command("ledger", "keygen", stdout=io.StringIO())

    assert key_file.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert signing.load_key().algorithm == "ed25519"


def test_missing_key_file_named(key_file):
    with pytest.raises(signing.SigningKeyError, match="不存在，请先运行 zhifa ledger keygen"):
        signing.load_key()


def test_malformed_sm2_key_refused(key_file):
    key_file.parent.mkdir(parents=True)
    key_file.write_text("not a key\n")
    with pytest.raises(signing.SigningKeyError, match="64 位十六进制"):
        signing.load_key("sm2")


def test_pem_of_wrong_kind_refused(key_file):
    key_file.parent.mkdir(parents=True)
    key_file.write_text("0" * 63 + "1\n")
    with pytest.raises(signing.SigningKeyError, match="PEM"):
        signing.load_key("ed25519")


def test_unknown_signature_setting_refused(settings):
    settings.ZHIFA_LEDGER_SIGNATURE = "rsa"
    with pytest.raises(signing.SigningKeyError, match="sm2 或 ed25519"):
        signing.configured_algorithm()


def test_sign_head_signs_current_root(key_file, db):
    call_command("ledger", "keygen", stdout=io.StringIO())
    store_content(b"first")
    store_content(b"second")
    output = io.StringIO()

    call_command("ledger", "sign-head", stdout=output)

    head = TreeHead.objects.get()
    assert head.signed_on == timezone.localdate()
    assert head.tree_size == 2
    assert head.root_hash == merkle.root(heads.leaf_hashes()).hex()
    assert head.signature_algorithm == "sm2"
    assert heads.signature_valid(head)
    assert "2 条" in output.getvalue()


def test_sign_head_once_per_day(key_file, db):
    call_command("ledger", "keygen", stdout=io.StringIO())
    call_command("ledger", "sign-head", stdout=io.StringIO())
    today = timezone.localdate()

    with pytest.raises(
        CommandError, match=f"{today.year}年{today.month}月{today.day}日的签名树头已经生成"
    ):
        call_command("ledger", "sign-head", stdout=io.StringIO())
    assert TreeHead.objects.count() == 1


def test_sign_head_of_empty_ledger(key_file, db):
    call_command("ledger", "keygen", stdout=io.StringIO())
    head = heads.sign_tree_head()
    assert head.tree_size == 0
    assert head.root_hash == merkle.root([]).hex()


def test_sign_head_future_date_refused(key_file, db):
    call_command("ledger", "keygen", stdout=io.StringIO())
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationFailed, match="晚于今天"):
        heads.sign_tree_head(tomorrow)


def test_sign_head_before_latest_refused(key_file, db):
    call_command("ledger", "keygen", stdout=io.StringIO())
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    heads.sign_tree_head(today)

    with pytest.raises(CommandError, match="不能再为更早的"):
        call_command("ledger", "sign-head", "--date", yesterday.isoformat(), stdout=io.StringIO())
    assert not TreeHead.objects.filter(signed_on=yesterday).exists()


def test_sign_head_past_date_accepted(key_file, db):
    call_command("ledger", "keygen", stdout=io.StringIO())
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    call_command("ledger", "sign-head", "--date", yesterday.isoformat(), stdout=io.StringIO())
    assert TreeHead.objects.get().signed_on == yesterday


def test_sign_head_without_key_refused(key_file, db):
    with pytest.raises(CommandError, match="zhifa ledger keygen"):
        call_command("ledger", "sign-head", stdout=io.StringIO())
    assert not TreeHead.objects.exists()


def test_sign_head_with_gap_refused(key_file, db):
    from zhifa.evidence.models import LedgerEntry
    from zhifa.evidence.tests.ledger_support import run_sql, triggers_dropped

    call_command("ledger", "keygen", stdout=io.StringIO())
    first = store_content(b"first")
    store_content(b"second")
    table = LedgerEntry._meta.db_table
    with triggers_dropped(table):
        run_sql(f"DELETE FROM {table} WHERE ref = %s", [f"content:{first.pk}"])  # noqa: S608

    with pytest.raises(CommandError, match="序号不连续，未签名"):
        call_command("ledger", "sign-head", stdout=io.StringIO())
    assert not TreeHead.objects.exists()
