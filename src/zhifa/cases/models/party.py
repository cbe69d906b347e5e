"""The district-wide register of parties (执法对象, 集中储存).

One ID number or one unified social credit code is one party across all agencies, so every
case of a party is found from its page; each user still sees only the cases in their scope.
"""

import datetime

from django.db import models
from django.db.models import Q

from zhifa.core.identifiers import check_id_number, mask_id_number


class PartyKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    LEGAL_PERSON = "legal_person", "法人"
    OTHER_ORGANIZATION = "other_organization", "非法人组织"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"


class OtherIdType(models.TextChoices):
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident", "外国人永久居留身份证"
    OTHER = "other", "其他"


class Party(models.Model):
    """A citizen or organisation that enforcement acts are aimed at (行政相对人)."""

    # A party is visible through the cases that involve it.
    SCOPE_PATH = "case_links__case__agency"

    kind = models.CharField("当事人类型", max_length=32, choices=PartyKind.choices)
    name = models.CharField("姓名或名称", max_length=200)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    other_id_type = models.CharField(
        "其他证件类型", max_length=32, choices=OtherIdType.choices, blank=True
    )
    other_id_number = models.CharField("其他证件号码", max_length=40, blank=True)
    legal_representative = models.CharField("法定代表人或负责人", max_length=60, blank=True)
    address = models.CharField("住所或地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~Q(id_number=""), name="party_id_number_unique"
            ),
            models.UniqueConstraint(
                fields=["uscc"], condition=~Q(uscc=""), name="party_uscc_unique"
            ),
        ]
        verbose_name = "当事人"
        verbose_name_plural = "当事人"

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else ""

    def birth_date(self) -> datetime.date | None:
        if not self.id_number:
            return None
        return check_id_number(self.id_number).birth_date

    def age_on(self, day: datetime.date) -> int | None:
        """Return the party's age in whole years on ``day``, if the ID number gives a birth date."""
        born = self.birth_date()
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
