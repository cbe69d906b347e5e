"""Post information boards (岗位信息公示牌) of the agencies' service windows."""

from django.db import models

from zhifa.agencies.models import Agency, Officer


class ServiceWindow(models.Model):
    """A service window of an agency hall, with the contacts its board shows."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="service_windows"
    )
    name = models.CharField("窗口名称", max_length=100)
    location = models.CharField("窗口位置", max_length=200)
    business_scope = models.TextField("办理事项")
    opening_hours = models.CharField("办公时间", max_length=100, blank=True)
    progress_lookup = models.CharField(
        "办理进度查询方式", max_length=200, help_text="例如查询电话、网址或自助终端位置"
    )
    advice_contact = models.CharField("咨询电话", max_length=100)
    complaint_contact = models.CharField("投诉举报电话", max_length=100)
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="service_window_name_unique")
        ]
        verbose_name = "服务窗口"
        verbose_name_plural = "服务窗口"

    def __str__(self) -> str:
        return f"{self.agency.short_name} {self.name}"


class WindowPost(models.Model):
    """One staff post shown on a window's board."""

    SCOPE_PATH = "window__agency"

    window = models.ForeignKey(
        ServiceWindow, verbose_name="服务窗口", on_delete=models.CASCADE, related_name="posts"
    )
    position = models.PositiveSmallIntegerField("顺序", default=1)
    name = models.CharField("姓名", max_length=60)
    officer = models.ForeignKey(
        Officer,
        verbose_name="执法人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="window_posts",
    )
    post = models.CharField("岗位", max_length=60)
    duties = models.TextField("岗位职责")
    photo = models.ImageField("照片", upload_to="boards/photos/", max_length=300, blank=True)

    class Meta:
        ordering = ["window", "position", "pk"]
        verbose_name = "窗口岗位"
        verbose_name_plural = "窗口岗位"

    def __str__(self) -> str:
        return f"{self.post} {self.name}"


class WindowSampleForm(models.Model):
    """A sample application form (申请书示范文本) shown on a window's board."""

    SCOPE_PATH = "window__agency"

    window = models.ForeignKey(
        ServiceWindow,
        verbose_name="服务窗口",
        on_delete=models.CASCADE,
        related_name="sample_forms",
    )
    title = models.CharField("名称", max_length=100)
    file = models.FileField("文件", upload_to="boards/forms/", max_length=300)
    digest = models.CharField("摘要值", max_length=80)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["window", "title"]
        verbose_name = "申请表示范文本"
        verbose_name_plural = "申请表示范文本"

    def __str__(self) -> str:
        return self.title
