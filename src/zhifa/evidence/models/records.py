"""Audio-video records (音像记录), their scenes, sessions, interruptions and exemptions.

An ``AvRecord`` never changes what it recorded: the database rejects changes to its content,
times, device, uploader and note, and rejects DELETE. Only the links an officer may add later
change (the case, party and step, each once from empty, and the session), and so does the
sensitivity marking. Each change is audited and put in the ledger.
"""

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency, Officer
from zhifa.cases.models import Case, CaseStep, Party
from zhifa.evidence.models.content import StoredContent
from zhifa.evidence.models.devices import RecordingDevice


class Requirement(models.TextChoices):
    MANDATORY = "mandatory", "全程音像记录"
    DISCRETIONARY = "discretionary", "视情音像记录"


class SceneType(models.Model):
    """A kind of scene and whether it must be recorded, with its legal source.

    ``agency`` empty means a district-wide rule; agencies add scenes of their own. ``steps``
    lists the case step codes whose occurrence calls for a record of this scene, optionally
    narrowed by a detail (``document_service:method=leaving``).
    """

    SCOPE_PATH = "agency"

    code = models.SlugField("代码", max_length=60)
    name = models.CharField("场景名称", max_length=60)
    requirement = models.CharField("记录要求", max_length=20, choices=Requirement.choices)
    legal_source = models.CharField("依据", max_length=300)
    confirmed = models.BooleanField("依据已核实", default=True)
    steps = models.JSONField("触发的办案环节", default=list, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name="执法主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scene_types",
        help_text="为空表示全区通用",
    )
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["agency", "requirement", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="scene_type_code_unique"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(agency__isnull=True),
                name="scene_type_district_code_unique",
            ),
        ]
        verbose_name = "音像记录场景"
        verbose_name_plural = "音像记录场景"

    def __str__(self) -> str:
        return self.name


class RecordingRules(models.Model):
    """An agency's own recording rules (音像记录制度), one version per row."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="recording_rules"
    )
    version = models.PositiveIntegerField("版本")
    effective_from = models.DateField("施行日期")
    use = models.TextField("设备使用")
    content = models.TextField("记录要素")
    wording = models.TextField("告知用语")
    storage = models.TextField("存储与管理")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="制定人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["agency", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="recording_rules_version")
        ]
        verbose_name = "音像记录制度"
        verbose_name_plural = "音像记录制度"

    def __str__(self) -> str:
        return f"{self.agency} 第{self.version}版"


class MediaKind(models.TextChoices):
    VIDEO = "video", "视频"
    AUDIO = "audio", "音频"
    PHOTO = "photo", "照片"


class RecorderKind(models.TextChoices):
    OFFICER = "officer", "执法人员"
    THIRD_PARTY = "third_party", "委托的第三方"


class TimeSource(models.TextChoices):
    METADATA = "metadata", "读自文件元数据"
    ENTERED = "entered", "人工填写"


class Sensitivity(models.TextChoices):
    """Marking of a record's content. State secrets are refused, never stored here."""

    NORMAL = "normal", "一般"
    TRADE_SECRET = "trade_secret", "含商业秘密"
    PRIVATE = "private", "含个人隐私"


class RecordingSession(models.Model):
    """The files one device produced in one continuous recording, split or interrupted."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="recording_sessions"
    )
    device = models.ForeignKey(
        RecordingDevice,
        verbose_name="执法记录仪",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "录制过程"
        verbose_name_plural = "录制过程"

    def __str__(self) -> str:
        return f"录制过程 {self.pk}"


class AvRecord(models.Model):
    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="av_records"
    )
    case = models.ForeignKey(
        Case,
        verbose_name="案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="av_records",
    )
    party = models.ForeignKey(
        Party,
        verbose_name="当事人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="av_records",
    )
    step = models.ForeignKey(
        CaseStep,
        verbose_name="记录的办案环节",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="av_records",
    )
    scene = models.ForeignKey(
        SceneType, verbose_name="场景", on_delete=models.PROTECT, related_name="records"
    )
    session = models.ForeignKey(
        RecordingSession,
        verbose_name="录制过程",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    device = models.ForeignKey(
        RecordingDevice,
        verbose_name="执法记录仪",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    officers = models.ManyToManyField(Officer, verbose_name="执法人员", related_name="av_records")
    media_kind = models.CharField("类型", max_length=10, choices=MediaKind.choices)
    content = models.ForeignKey(
        StoredContent, verbose_name="存证内容", on_delete=models.PROTECT, related_name="records"
    )
    filename = models.CharField("原始文件名", max_length=255)
    mime_type = models.CharField("文件格式", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    duration_seconds = models.FloatField("时长（秒）", null=True, blank=True)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    time_source = models.CharField("时间来源", max_length=10, choices=TimeSource.choices)
    place = models.CharField("地点", max_length=200)
    party_informed = models.BooleanField("已告知当事人正在录音录像")
    recorder_kind = models.CharField(
        "记录人", max_length=20, choices=RecorderKind.choices, default=RecorderKind.OFFICER
    )
    third_party_name = models.CharField("第三方名称", max_length=200, blank=True)
    sensitivity = models.CharField(
        "内容标记", max_length=20, choices=Sensitivity.choices, default=Sensitivity.NORMAL
    )
    note = models.CharField("说明", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["agency", "started_at"], name="av_record_agency_start")]
        verbose_name = "音像记录"
        verbose_name_plural = "音像记录"

    def __str__(self) -> str:
        return f"{self.get_media_kind_display()} {self.filename}"


class InterruptionSource(models.TextChoices):
    STATED = "stated", "已在录音录像中说明"
    WRITTEN = "written", "事后书面说明"


class Interruption(models.Model):
    """Why a recording stopped and restarted (中断说明): one row per gap in a session."""

    SCOPE_PATH = "session__agency"

    session = models.ForeignKey(
        RecordingSession,
        verbose_name="录制过程",
        on_delete=models.PROTECT,
        related_name="interruptions",
    )
    resumed_record = models.ForeignKey(
        AvRecord,
        verbose_name="中断后的记录",
        on_delete=models.PROTECT,
        related_name="interruptions_before",
    )
    gap_started_at = models.DateTimeField("中断开始")
    gap_ended_at = models.DateTimeField("恢复录制")
    source = models.CharField("说明方式", max_length=10, choices=InterruptionSource.choices)
    explanation = models.TextField("中断原因")
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="说明人", on_delete=models.PROTECT, related_name="+"
    )
    explained_at = models.DateTimeField("说明时间", auto_now_add=True)

    class Meta:
        ordering = ["session", "gap_started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "resumed_record"], name="interruption_once_per_gap"
            )
        ]
        verbose_name = "中断说明"
        verbose_name_plural = "中断说明"

    def __str__(self) -> str:
        return f"{self.session} 中断 {self.gap_started_at:%H:%M:%S}"


class ExemptionReason(models.TextChoices):
    FLAMMABLE = "flammable", "易燃场所"
    EXPLOSIVE = "explosive", "易爆场所"
    STERILE = "sterile", "无菌等洁净场所"
    OTHER_HIGH_RISK = "other_high_risk", "其他高风险场所"


class SceneExemption(models.Model):
    """A recorded reason why a mandatory scene of a case could not be recorded."""

    SCOPE_PATH = "case__agency"

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="av_exemptions"
    )
    step = models.ForeignKey(
        CaseStep,
        verbose_name="办案环节",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="av_exemptions",
    )
    scene = models.ForeignKey(
        SceneType, verbose_name="场景", on_delete=models.PROTECT, related_name="exemptions"
    )
    reason_kind = models.CharField("场所类型", max_length=20, choices=ExemptionReason.choices)
    reason = models.TextField("具体理由")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["case", "recorded_at"]
        verbose_name = "免予音像记录说明"
        verbose_name_plural = "免予音像记录说明"

    def __str__(self) -> str:
        return f"{self.case} {self.scene}"
