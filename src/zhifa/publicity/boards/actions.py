"""Actions on post information boards (岗位信息公示牌): windows, staff posts, sample forms.

Each action checks ``MANAGE_SERVICE_WINDOWS`` and the agency scope, and writes one
``service_window_saved`` audit entry whose ``detail["change"]`` names the change. The portal
shows the board of every active window, so what is saved here is public at once.
"""

import logging
import uuid
from dataclasses import dataclass, fields

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import scope_for
from zhifa.agencies.models import Agency, Officer
from zhifa.core import digests
from zhifa.core.errors import NotPermitted, ValidationFailed
from zhifa.publicity.boards import uploads
from zhifa.publicity.models import ServiceWindow, WindowPost, WindowSampleForm

logger = logging.getLogger(__name__)

COMMAND_LINE_USERNAME = "命令行"


@dataclass(frozen=True)
class WindowInput:
    """The editable fields of a service window; lengths follow ``ServiceWindow``."""

    name: str
    location: str
    business_scope: str
    progress_lookup: str
    advice_contact: str
    complaint_contact: str
    opening_hours: str = ""
    is_active: bool = True


@dataclass(frozen=True)
class PostInput:
    """One staff post; ``photo`` replaces the stored photo, ``remove_photo`` drops it."""

    name: str
    post: str
    duties: str
    position: int = 1
    officer_id: int | None = None
    photo: UploadedFile | None = None
    remove_photo: bool = False


# (field, Chinese label, maximum length or 0 for unlimited text, required)
WINDOW_FIELDS = (
    ("name", "窗口名称", 100, True),
    ("location", "窗口位置", 200, True),
    ("business_scope", "办理事项", 0, True),
    ("opening_hours", "办公时间", 100, False),
    ("progress_lookup", "办理进度查询方式", 200, True),
    ("advice_contact", "咨询电话", 100, True),
    ("complaint_contact", "投诉举报电话", 100, True),
)
POST_FIELDS = (
    ("name", "姓名", 60, True),
    ("post", "岗位", 60, True),
    ("duties", "岗位职责", 0, True),
)
# Maximum length of free text such as business scope and duties, in characters.
MAX_TEXT_LENGTH = 2000
MAX_FORM_TITLE_LENGTH = 100


def _require_manage(user: User | None, agency_id: int) -> None:
    if user is None:
        return
    if not user.can(Capability.MANAGE_SERVICE_WINDOWS):
        raise NotPermitted(f"您的角色没有“{Capability.MANAGE_SERVICE_WINDOWS.label}”权限。")
    if not scope_for(user).includes(agency_id):
        raise NotPermitted("您不能维护其他执法主体的服务窗口。")


def _clean_text(values: dict[str, object], specs: tuple[tuple[str, str, int, bool], ...]) -> None:
    """Strip each text value in place and raise for a missing or overlong one."""
    for name, label, max_length, required in specs:
        text = str(values.get(name) or "").strip()
        limit = max_length or MAX_TEXT_LENGTH
        if required and not text:
            raise ValidationFailed(f"请填写“{label}”。", field=name)
        if len(text) > limit:
            raise ValidationFailed(f"“{label}”不能超过{limit}个字，请缩短。", field=name)
        values[name] = text


def _record(
    user: User | None,
    window: ServiceWindow,
    change: str,
    request: HttpRequest | None,
    target: Model | None = None,
    **detail: object,
) -> None:
    audit.record(
        "service_window_saved",
        actor=user,
        target=target or window,
        agency_id=window.agency_id,
        username=COMMAND_LINE_USERNAME,
        request=request,
        detail={"window": window.pk, "change": change, **detail},
    )


def save_window(
    user: User | None,
    agency: Agency,
    data: WindowInput,
    *,
    window: ServiceWindow | None = None,
    request: HttpRequest | None = None,
) -> ServiceWindow:
    """Create a service window of ``agency``, or update ``window`` with ``data``."""
    if window is not None:
        agency = window.agency
    _require_manage(user, agency.pk)
    values: dict[str, object] = {item.name: getattr(data, item.name) for item in fields(data)}
    _clean_text(values, WINDOW_FIELDS)

    with transaction.atomic():
        duplicate = ServiceWindow.objects.filter(agency=agency, name=values["name"])
        if window is not None:
            duplicate = duplicate.exclude(pk=window.pk)
        if duplicate.exists():
            raise ValidationFailed(
                f"本单位已有名为“{values['name']}”的窗口，请换一个名称。", field="name"
            )
        if window is None:
            window = ServiceWindow.objects.create(agency=agency, **values)
            changed = list(values)
            change = "window_created"
        else:
            window = ServiceWindow.objects.select_for_update(of=("self",)).get(pk=window.pk)
            changed = [name for name, value in values.items() if getattr(window, name) != value]
            if not changed:
                return window
            for name in changed:
                setattr(window, name, values[name])
            window.save(update_fields=[*changed, "updated_at"])
            change = "window_updated"
        _record(user, window, change, request, changed=changed)
    logger.info("service window %s saved (%s)", window.pk, change)
    return window


def _officer_of(window: ServiceWindow, officer_id: int | None) -> Officer | None:
    if officer_id is None:
        return None
    officer = Officer.objects.filter(pk=officer_id, agency_id=window.agency_id).first()
    if officer is None:
        raise ValidationFailed(
            "所选执法人员不属于该窗口所在的执法主体，请重新选择或留空。", field="officer"
        )
    return officer


def _store_photo(post: WindowPost, upload: UploadedFile, extension: str) -> None:
    # A random name keeps the uploader's file name (often the person's name) out of storage.
    post.photo.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)


def _delete_after_commit(storage: object, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))  # type: ignore[attr-defined]


def save_post(
    user: User | None,
    window: ServiceWindow,
    data: PostInput,
    *,
    post: WindowPost | None = None,
    request: HttpRequest | None = None,
) -> WindowPost:
    """Add a staff post to ``window``, or update ``post``; a new photo replaces the old one."""
    if post is not None:
        window = post.window
    _require_manage(user, window.agency_id)
    values: dict[str, object] = {"name": data.name, "post": data.post, "duties": data.duties}
    _clean_text(values, POST_FIELDS)
    if data.position < 1 or data.position > 99:
        raise ValidationFailed("“顺序”应为1到99之间的整数。", field="position")
    extension = uploads.check_photo(data.photo) if data.photo else ""

    with transaction.atomic():
        officer = _officer_of(window, data.officer_id)
        post = post or WindowPost(window=window)
        old_photo = post.photo.name or ""
        for name, value in values.items():
            setattr(post, name, value)
        post.position = data.position
        post.officer = officer
        if data.photo:
            # NOTE: a photo stored here stays in storage if the transaction rolls back.
            _store_photo(post, data.photo, extension)
        elif data.remove_photo:
            post.photo = None
        created = post.pk is None
        post.save()
        if old_photo and old_photo != (post.photo.name or ""):
            _delete_after_commit(post.photo.storage, old_photo)
        change = "post_added" if created else "post_updated"
        _record(user, window, change, request, target=post, post=post.pk)
    logger.info("post %s of window %s saved (%s)", post.pk, window.pk, change)
    return post


def remove_post(user: User | None, post: WindowPost, *, request: HttpRequest | None = None) -> None:
    """Take a staff post off its window's board and delete its photo."""
    window = post.window
    _require_manage(user, window.agency_id)
    with transaction.atomic():
        photo = post.photo.name or ""
        storage = post.photo.storage
        label = str(post)
        post_pk = post.pk
        post.delete()
        if photo:
            _delete_after_commit(storage, photo)
        _record(user, window, "post_removed", request, post=post_pk, label=label)
    logger.info("post %s removed from window %s", post_pk, window.pk)


def add_sample_form(
    user: User | None,
    window: ServiceWindow,
    title: str,
    upload: UploadedFile,
    *,
    request: HttpRequest | None = None,
) -> WindowSampleForm:
    """Attach a sample application form (PDF or Word) to ``window``, with its digest."""
    _require_manage(user, window.agency_id)
    title = (title or "").strip()
    if not title:
        raise ValidationFailed("请填写示范文本的“名称”。", field="title")
    if len(title) > MAX_FORM_TITLE_LENGTH:
        raise ValidationFailed(
            f"“名称”不能超过{MAX_FORM_TITLE_LENGTH}个字，请缩短。", field="title"
        )
    extension = uploads.check_sample_form(upload)
    upload.seek(0)
    digest = digests.of_file(upload)
    upload.seek(0)

    with transaction.atomic():
        form = WindowSampleForm(window=window, title=title, digest=digest)
        # NOTE: a file stored here stays in storage if the transaction rolls back.
        form.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
        form.save()
        _record(user, window, "sample_form_added", request, target=form, digest=digest)
    logger.info("sample form %s added to window %s", form.pk, window.pk)
    return form


def remove_sample_form(
    user: User | None, form: WindowSampleForm, *, request: HttpRequest | None = None
) -> None:
    """Take a sample form off its window's board and delete its file."""
    window = form.window
    _require_manage(user, window.agency_id)
    with transaction.atomic():
        name = form.file.name or ""
        storage = form.file.storage
        form_pk = form.pk
        title, digest = form.title, form.digest
        form.delete()
        if name:
            _delete_after_commit(storage, name)
        _record(
            user, window, "sample_form_removed", request, form=form_pk, title=title, digest=digest
        )
    logger.info("sample form %s removed from window %s", form_pk, window.pk)
