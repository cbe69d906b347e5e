"""Back-office pages of the post information boards (岗位信息公示牌)."""

import logging
import mimetypes
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.db.models.fields.files import FieldFile
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views import View

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.core.errors import ZhifaError
from zhifa.publicity.boards import actions
from zhifa.publicity.boards.forms import PostForm, SampleFormForm, WindowCreateForm, WindowForm
from zhifa.publicity.models import ServiceWindow, WindowPost, WindowSampleForm

logger = logging.getLogger(__name__)

# Folders the ImageField and FileField of the board models store into; nothing else is served.
PHOTO_FOLDER = "boards/photos/"
FORM_FOLDER = "boards/forms/"


def _show_error(form: Form, error: ZhifaError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _agencies(request: HttpRequest) -> QuerySet[Agency]:
    return restrict(Agency.objects.all(), request.user).order_by("sort_order", "name")


def _can_manage(request: HttpRequest) -> bool:
    return bool(request.user.can(Capability.MANAGE_SERVICE_WINDOWS))  # type: ignore[union-attr]


def _window(request: HttpRequest, pk: int) -> ServiceWindow:
    window: ServiceWindow = scoped_get(
        ServiceWindow.objects.select_related("agency"), request.user, pk=pk
    )
    return window


class WindowListView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        windows = (
            restrict(ServiceWindow.objects.select_related("agency"), request.user)
            .annotate(post_count=Count("posts", distinct=True))
            .annotate(form_count=Count("sample_forms", distinct=True))
            .order_by("agency__sort_order", "agency__name", "name")
        )
        agency_id = request.GET.get("agency", "")
        if agency_id.isdigit():
            windows = windows.filter(agency_id=int(agency_id))
        context = {
            "windows": windows,
            "agencies": _agencies(request),
            "agency_id": agency_id,
            "can_manage": _can_manage(request),
        }
        return render(request, "publicity/boards/window_list.html", context)


class WindowCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_SERVICE_WINDOWS
    template_name = "publicity/boards/window_create.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = WindowCreateForm(agencies=_agencies(request))
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = WindowCreateForm(request.POST, agencies=_agencies(request))
        if form.is_valid():
            try:
                window = actions.save_window(
                    request.user,  # type: ignore[arg-type]
                    form.cleaned_data["agency"],
                    form.to_input(),
                    request=request,
                )
            except ZhifaError as error:
                _show_error(form, error)
            else:
                messages.success(request, f"已新增服务窗口“{window.name}”，请继续添加岗位人员。")
                return redirect("publicity:window_edit", pk=window.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class WindowEditView(CapabilityRequiredMixin, View):
    """One window: its board fields, its posts and its sample forms, each with its own form."""

    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "publicity/boards/window_edit.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        window = _window(request, pk)
        form = WindowForm(initial=WindowForm.initial_for(window))
        return self._render(request, window, window_form=form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not _can_manage(request):
            raise PermissionDenied("您的角色没有“维护岗位信息公示牌”权限。")
        window = _window(request, pk)
        form = WindowForm(request.POST)
        if form.is_valid():
            try:
                actions.save_window(
                    request.user,  # type: ignore[arg-type]
                    window.agency,
                    form.to_input(),
                    window=window,
                    request=request,
                )
            except ZhifaError as error:
                _show_error(form, error)
            else:
                messages.success(request, "窗口信息已保存。")
                return redirect("publicity:window_edit", pk=window.pk)
        return self._render(request, window, window_form=form, status=400)

    def _render(
        self,
        request: HttpRequest,
        window: ServiceWindow,
        *,
        window_form: WindowForm | None = None,
        post_form: PostForm | None = None,
        sample_form: SampleFormForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "window": window,
            "window_form": window_form or WindowForm(initial=WindowForm.initial_for(window)),
            "post_form": post_form or PostForm(window=window, initial={"position": _next(window)}),
            "sample_form": sample_form or SampleFormForm(),
            "posts": window.posts.select_related("officer").order_by("position", "pk"),
            "sample_forms": window.sample_forms.order_by("title", "pk"),
            "can_manage": _can_manage(request),
        }
        return render(request, self.template_name, context, status=status)


def _next(window: ServiceWindow) -> int:
    last = window.posts.order_by("-position").values_list("position", flat=True).first()
    return min((last or 0) + 1, 99)


class PostAddView(WindowEditView):
    required_capability = Capability.MANAGE_SERVICE_WINDOWS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("publicity:window_edit", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        window = _window(request, pk)
        form = PostForm(request.POST, request.FILES, window=window)
        if form.is_valid():
            try:
                post = actions.save_post(
                    request.user,  # type: ignore[arg-type]
                    window,
                    form.to_input(),
                    request=request,
                )
            except ZhifaError as error:
                _show_error(form, error)
            else:
                messages.success(request, f"已添加岗位“{post.post} {post.name}”。")
                return redirect("publicity:window_edit", pk=window.pk)
        return self._render(request, window, post_form=form, status=400)


class SampleFormAddView(WindowEditView):
    required_capability = Capability.MANAGE_SERVICE_WINDOWS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("publicity:window_edit", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        window = _window(request, pk)
        form = SampleFormForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                sample = actions.add_sample_form(
                    request.user,  # type: ignore[arg-type]
                    window,
                    form.cleaned_data["title"],
                    form.cleaned_data["file"],
                    request=request,
                )
            except ZhifaError as error:
                _show_error(form, error)
            else:
                messages.success(request, f"已上传示范文本“{sample.title}”。")
                return redirect("publicity:window_edit", pk=window.pk)
        return self._render(request, window, sample_form=form, status=400)


class PostEditView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_SERVICE_WINDOWS
    template_name = "publicity/boards/post_edit.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        post = self._post(request, pk)
        form = PostForm(initial=PostForm.initial_for(post), window=post.window)
        return render(request, self.template_name, {"post": post, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        post = self._post(request, pk)
        form = PostForm(request.POST, request.FILES, window=post.window)
        if form.is_valid():
            try:
                actions.save_post(
                    request.user,  # type: ignore[arg-type]
                    post.window,
                    form.to_input(),
                    post=post,
                    request=request,
                )
            except ZhifaError as error:
                _show_error(form, error)
            else:
                messages.success(request, "岗位信息已保存。")
                return redirect("publicity:window_edit", pk=post.window_id)
        return render(request, self.template_name, {"post": post, "form": form}, status=400)

    @staticmethod
    def _post(request: HttpRequest, pk: int) -> WindowPost:
        post: WindowPost = scoped_get(
            WindowPost.objects.select_related("window__agency"), request.user, pk=pk
        )
        return post


class PostRemoveView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_SERVICE_WINDOWS

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        post = scoped_get(WindowPost.objects.select_related("window__agency"), request.user, pk=pk)
        window_pk = post.window_id
        try:
            actions.remove_post(request.user, post, request=request)  # type: ignore[arg-type]
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已移除岗位“{post.post} {post.name}”。")
        return redirect("publicity:window_edit", pk=window_pk)


class SampleFormRemoveView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_SERVICE_WINDOWS

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        sample = scoped_get(
            WindowSampleForm.objects.select_related("window__agency"), request.user, pk=pk
        )
        window_pk = sample.window_id
        try:
            actions.remove_sample_form(request.user, sample, request=request)  # type: ignore[arg-type]
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已删除示范文本“{sample.title}”。")
        return redirect("publicity:window_edit", pk=window_pk)


def _file_response(field: FieldFile, folder: str, download_name: str, inline: bool) -> FileResponse:
    """Serve a stored board file after the caller's scope check; refuse any unexpected name."""
    name = field.name or ""
    if not name.startswith(folder) or ".." in name or "\\" in name:
        if name:
            logger.warning("board file with unexpected name %r not served", name)
        raise Http404("文件不存在。")
    try:
        handle = field.storage.open(name, "rb")
    except FileNotFoundError:
        logger.error("board file %s is missing from storage", name)
        raise Http404("文件缺失，请重新上传。") from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(download_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class PostPhotoView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        post = scoped_get(WindowPost.objects.all(), request.user, pk=pk)
        if not post.photo:
            raise Http404("该岗位没有照片。")
        extension = post.photo.name[post.photo.name.rfind(".") :]
        return _file_response(post.photo, PHOTO_FOLDER, f"{post.name}{extension}", inline=True)


class SampleFormFileView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        sample = scoped_get(WindowSampleForm.objects.all(), request.user, pk=pk)
        extension = sample.file.name[sample.file.name.rfind(".") :]
        return _file_response(sample.file, FORM_FOLDER, f"{sample.title}{extension}", inline=False)


urlpatterns: list[URLPattern] = [
    path("windows/", WindowListView.as_view(), name="window_list"),
    path("windows/new/", WindowCreateView.as_view(), name="window_create"),
    path("windows/<int:pk>/", WindowEditView.as_view(), name="window_edit"),
    path("windows/<int:pk>/posts/", PostAddView.as_view(), name="window_post_add"),
    path("windows/<int:pk>/forms/", SampleFormAddView.as_view(), name="window_form_add"),
    path("windows/posts/<int:pk>/", PostEditView.as_view(), name="window_post_edit"),
    path("windows/posts/<int:pk>/remove/", PostRemoveView.as_view(), name="window_post_remove"),
    path("windows/posts/<int:pk>/photo/", PostPhotoView.as_view(), name="window_post_photo"),
    path(
        "windows/forms/<int:pk>/remove/", SampleFormRemoveView.as_view(), name="window_form_remove"
    ),
    path("windows/forms/<int:pk>/file/", SampleFormFileView.as_view(), name="window_form_file"),
]
