"""Stored content (存证内容) and the ledger (防删改存证账本) over every stored record.

Content is stored once per digest in the evidence storage; ``StoredContent`` names it. The
ledger is an append-only hash chain: each entry contains the canonical text of what it records,
its leaf hash (RFC 6962: H(0x00 || payload)) and the chain hash H(previous chain || leaf).
A Merkle tree over the leaf hashes gives inclusion and consistency proofs, and a signed tree
head is produced daily. The database refuses UPDATE and DELETE on all three tables.
"""

from django.db import models


class StoredContent(models.Model):
    """One stored file, named by its digest; the same bytes are stored once."""

    digest = models.CharField("摘要值", max_length=80, primary_key=True)
    size = models.PositiveBigIntegerField("大小（字节）")
    storage_name = models.CharField("存储位置", max_length=300)
    stored_at = models.DateTimeField("存储时间", auto_now_add=True)

    class Meta:
        verbose_name = "存证内容"
        verbose_name_plural = "存证内容"

    def __str__(self) -> str:
        return self.digest


class LedgerKind(models.TextChoices):
    CONTENT = "content", "存证内容"
    CASE_STEP = "case_step", "办案环节文字记录"
    DOCUMENT = "document", "执法文书版本"
    AV_RECORD = "av_record", "音像记录"
    INTERRUPTION = "interruption", "中断说明"
    EXEMPTION = "exemption", "免予音像记录说明"
    ACCESS = "access", "调阅记录"
    ARCHIVE = "archive", "归档案卷"
    TOMBSTONE = "tombstone", "销毁记录"


class LedgerEntry(models.Model):
    """One entry of the ledger; ``position`` is its leaf index in the Merkle tree (from 0)."""

    position = models.PositiveBigIntegerField("序号", unique=True)
    kind = models.CharField("类型", max_length=20, choices=LedgerKind.choices)
    ref = models.CharField("所记录的对象", max_length=80, db_index=True)
    payload = models.TextField("规范化内容")
    leaf_hash = models.CharField("叶子摘要", max_length=64)
    chain_hash = models.CharField("链摘要", max_length=64)
    recorded_at = models.DateTimeField("记入时间", auto_now_add=True)

    class Meta:
        ordering = ["position"]
        verbose_name = "存证账本条目"
        verbose_name_plural = "存证账本条目"

    def __str__(self) -> str:
        return f"#{self.position} {self.ref}"


class TreeHead(models.Model):
    """A signed tree head (签名树头): the Merkle root of the first ``tree_size`` entries."""

    tree_size = models.PositiveBigIntegerField("条目数")
    root_hash = models.CharField("树根摘要", max_length=64)
    hash_algorithm = models.CharField("摘要算法", max_length=10)
    signature_algorithm = models.CharField("签名算法", max_length=10)
    public_key = models.TextField("验签公钥")
    signature = models.TextField("签名")
    signed_on = models.DateField("日期", unique=True)
    signed_at = models.DateTimeField("签名时间", auto_now_add=True)

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = "签名树头"
        verbose_name_plural = "签名树头"

    def __str__(self) -> str:
        return f"{self.signed_on} #{self.tree_size}"
