"""Post information boards (岗位信息公示牌) of the agencies' active service windows."""

from dataclasses import dataclass

from django.db.models.fields.files import FieldFile

from zhifa.publicity.models import ServiceWindow, WindowPost, WindowSampleForm


@dataclass(frozen=True)
class PublicWindow:
    pk: int
    name: str
    location: str


@dataclass(frozen=True)
class PublicPost:
    pk: int
    name: str
    post: str
    duties: str
    has_photo: bool


@dataclass(frozen=True)
class PublicSampleForm:
    pk: int
    title: str


@dataclass(frozen=True)
class PublicBoard:
    pk: int
    agency_pk: int
    agency_name: str
    name: str
    location: str
    business_scope: str
    opening_hours: str
    progress_lookup: str
    advice_contact: str
    complaint_contact: str
    posts: list[PublicPost]
    sample_forms: list[PublicSampleForm]


@dataclass(frozen=True)
class BoardFile:
    """A stored file of a board and the name to offer when it is downloaded."""

    file: FieldFile
    download_name: str


def windows_of_agency(agency_pk: int) -> list[PublicWindow]:
    windows = ServiceWindow.objects.filter(agency_id=agency_pk, is_active=True).order_by("name")
    return [PublicWindow(window.pk, window.name, window.location) for window in windows]


def window_board(pk: int) -> PublicBoard | None:
    """Return the board of an active window, with its posts in order and its sample forms."""
    window = ServiceWindow.objects.select_related("agency").filter(pk=pk, is_active=True).first()
    if window is None:
        return None
    posts = window.posts.order_by("position", "pk")
    forms = window.sample_forms.order_by("title", "pk")
    return PublicBoard(
        pk=window.pk,
        agency_pk=window.agency_id,
        agency_name=window.agency.name,
        name=window.name,
        location=window.location,
        business_scope=window.business_scope,
        opening_hours=window.opening_hours,
        progress_lookup=window.progress_lookup,
        advice_contact=window.advice_contact,
        complaint_contact=window.complaint_contact,
        posts=[
            PublicPost(post.pk, post.name, post.post, post.duties, bool(post.photo))
            for post in posts
        ],
        sample_forms=[PublicSampleForm(form.pk, form.title) for form in forms],
    )


def post_photo(post_pk: int) -> FieldFile | None:
    """Return the photo of a post on an active window's board, or None."""
    post = WindowPost.objects.filter(pk=post_pk, window__is_active=True).first()
    if post is None or not post.photo:
        return None
    return post.photo


def sample_form(form_pk: int) -> BoardFile | None:
    """Return the file of a sample form on an active window's board, or None."""
    form = WindowSampleForm.objects.filter(pk=form_pk, window__is_active=True).first()
    if form is None or not form.file:
        return None
    extension = form.file.name.rsplit(".", 1)[-1].lower() if "." in form.file.name else ""
    download_name = f"{form.title}.{extension}" if extension else form.title
    return BoardFile(file=form.file, download_name=download_name)
