"""Double-random spot checks (双随机一公开): the list of entities, and each recorded draw.

A draw picks entities at random from an agency's spot-check list and, for each entity, a team
of officers at random from those eligible on the day. The seed and both candidate pools are
stored with the result, so anyone can rerun the draw and get the same assignments
(``zhifa.cases.spotcheck.reproduce``). Draw rows are append-only in the database.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhifa.agencies.models import Agency, Officer
from zhifa.cases.models.party import Party
from zhifa.catalog.models import PowerItem


class SpotCheckList(models.Model):
    """An agency's list of entities subject to spot checks (随机抽查对象名录) for one year."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="spot_check_lists"
    )
    name = models.CharField("名录名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["agency", "-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name", "year"], name="spot_check_list_unique"
            )
        ]
        verbose_name = "随机抽查对象名录"
        verbose_name_plural = "随机抽查对象名录"

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"


class SpotCheckEntity(models.Model):
    """One entity on a spot-check list, linked to its party in the district register."""

    SCOPE_PATH = "spot_check_list__agency"

    spot_check_list = models.ForeignKey(
        SpotCheckList, verbose_name="名录", on_delete=models.PROTECT, related_name="entities"
    )
    party = models.ForeignKey(
        Party, verbose_name="当事人", on_delete=models.PROTECT, related_name="spot_check_entries"
    )
    name = models.CharField("名称", max_length=200)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    # A withdrawn entity stays in the table, because earlier draws refer to it.
    is_active = models.BooleanField("在名录中", default=True)
    added_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["spot_check_list", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["spot_check_list", "party"], name="spot_check_entity_unique"
            ),
            models.CheckConstraint(
                condition=~Q(id_number="") | ~Q(uscc=""), name="spot_check_entity_identified"
            ),
        ]
        verbose_name = "随机抽查对象"
        verbose_name_plural = "随机抽查对象"

    def __str__(self) -> str:
        return self.name

    @property
    def identifier(self) -> str:
        return self.uscc or self.id_number


class SpotCheckDraw(models.Model):
    """One recorded draw; with ``seed`` and the two pools it can be rerun exactly."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="spot_check_draws"
    )
    spot_check_list = models.ForeignKey(
        SpotCheckList, verbose_name="名录", on_delete=models.PROTECT, related_name="draws"
    )
    power_item = models.ForeignKey(
        PowerItem, verbose_name="检查事项", on_delete=models.PROTECT, related_name="+"
    )
    entity_count = models.PositiveSmallIntegerField("抽取对象数")
    officers_per_entity = models.PositiveSmallIntegerField("每个对象的执法人员数")
    # 128 random bits from ``secrets``, as 32 hexadecimal digits.
    seed = models.CharField("随机种子", max_length=32)
    algorithm = models.CharField("抽取算法版本", max_length=20)
    drawn_on = models.DateField("抽取日期", help_text="按此日期判断执法证件是否有效")
    # Primary keys of the candidates in ascending order, as they were at the draw.
    entity_pool = models.JSONField("候选对象")
    officer_pool = models.JSONField("候选执法人员")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="抽取人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        ordering = ["-drawn_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(officers_per_entity__gte=2), name="spot_check_draw_two_officers"
            ),
            models.CheckConstraint(
                condition=Q(entity_count__gte=1), name="spot_check_draw_one_entity"
            ),
        ]
        verbose_name = "双随机抽取记录"
        verbose_name_plural = "双随机抽取记录"

    def __str__(self) -> str:
        return f"{self.spot_check_list} 第{self.pk}次抽取"

    def assignments(self) -> list["SpotCheckAssignment"]:
        """Return the drawn entities in draw order, each with its officers prefetched in order."""
        return list(
            self.assignment_rows.select_related("entity")
            .prefetch_related("members__officer")
            .order_by("position")
        )


class SpotCheckAssignment(models.Model):
    """One drawn entity of a draw; ``position`` is its place in the draw order."""

    SCOPE_PATH = "draw__agency"

    draw = models.ForeignKey(
        SpotCheckDraw,
        verbose_name="抽取记录",
        on_delete=models.PROTECT,
        related_name="assignment_rows",
    )
    position = models.PositiveSmallIntegerField("顺序")
    entity = models.ForeignKey(
        SpotCheckEntity, verbose_name="抽查对象", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "position"], name="spot_check_assignment_position_unique"
            ),
            models.UniqueConstraint(
                fields=["draw", "entity"], name="spot_check_assignment_entity_unique"
            ),
        ]
        verbose_name = "抽中的对象"
        verbose_name_plural = "抽中的对象"

    def __str__(self) -> str:
        return f"{self.position}. {self.entity}"

    def officers(self) -> list[Officer]:
        """Return the team in draw order."""
        return [member.officer for member in sorted(self.members.all(), key=lambda m: m.position)]


class SpotCheckTeamMember(models.Model):
    """One officer drawn for one entity; ``position`` keeps the draw order."""

    SCOPE_PATH = "assignment__draw__agency"

    assignment = models.ForeignKey(
        SpotCheckAssignment,
        verbose_name="抽中的对象",
        on_delete=models.PROTECT,
        related_name="members",
    )
    position = models.PositiveSmallIntegerField("顺序")
    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["assignment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "position"], name="spot_check_member_position_unique"
            ),
            models.UniqueConstraint(
                fields=["assignment", "officer"], name="spot_check_member_officer_unique"
            ),
        ]
        verbose_name = "抽中的执法人员"
        verbose_name_plural = "抽中的执法人员"

    def __str__(self) -> str:
        return str(self.officer)
