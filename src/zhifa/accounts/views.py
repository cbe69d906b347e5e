"""Account pages: login, the profile, user and role management, and the audit log."""

import datetime
import logging
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from zhifa.accounts import actions, lockout
from zhifa.accounts.audit import ACTION_LABELS
from zhifa.accounts.forms import (
    ApiTokenForm,
    AuditFilterForm,
    AuditScope,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    RolesForm,
    UserCreateForm,
    UserSearchForm,
)
from zhifa.accounts.models import ApiToken, AuditEntry, User
from zhifa.accounts.roles import Capability, Role
from zhifa.backoffice.mixins import CapabilityRequiredMixin, ScopedQuerysetMixin, scoped_get
from zhifa.core.errors import NotPermitted, ZhifaError

logger = logging.getLogger(__name__)


def _show_error(form: forms.Form, error: ZhifaError) -> None:
    """Attach an action's error to the field it names, or to the whole form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - every caller sits behind a login check
    return user


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        context["idle_minutes"] = settings.SESSION_COOKIE_AGE // 60
        return context


class LogoutView(auth_views.LogoutView):
    """Log out on POST only, so that a link or an image cannot end a session."""


# Profile -------------------------------------------------------------------------------------


class ProfileView(LoginRequiredMixin, View):
    """The user's own account: who they are, their password and their API tokens."""

    template_name = "accounts/profile.html"

    def render_page(
        self,
        request: HttpRequest,
        *,
        password_form: PasswordChangeForm | None = None,
        token_form: ApiTokenForm | None = None,
        new_token_key: str | None = None,
    ) -> HttpResponse:
        user = _current_user(request)
        can_use_api = user.can(Capability.VIEW_BACKOFFICE)
        context = {
            "profile_user": user,
            "password_form": password_form or PasswordChangeForm(user),
            "token_form": token_form or ApiTokenForm(),
            "can_use_api": can_use_api,
            "tokens": ApiToken.objects.filter(user=user) if can_use_api else [],
            "new_token_key": new_token_key,
            "must_change_password": user.must_change_password,
        }
        response = render(request, self.template_name, context)
        if new_token_key:
            # The key is shown this once; no cache may keep the page.
            response["Cache-Control"] = "no-store"
        return response

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request)


class PasswordChangeView(ProfileView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        user = _current_user(request)
        form = PasswordChangeForm(user, request.POST)
        if not form.is_valid():
            return self.render_page(request, password_form=form)
        try:
            actions.change_password(user, form.cleaned_data["new_password1"], request=request)
        except ZhifaError as error:
            _show_error(form, error)
            return self.render_page(request, password_form=form)

        # Changing the password invalidates other sessions but keeps this one.
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改。")
        return redirect("accounts:profile")


class ApiTokenIssueView(ProfileView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        user = _current_user(request)
        if not user.can(Capability.VIEW_BACKOFFICE):
            raise PermissionDenied("您的角色不能使用接口令牌。")
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, token_form=form)
        try:
            _token, key = actions.issue_api_token(
                user, form.cleaned_data["name"], days=form.cleaned_data["days"], request=request
            )
        except NotPermitted as error:
            raise PermissionDenied(error.message) from error
        except ZhifaError as error:
            _show_error(form, error)
            return self.render_page(request, token_form=form)
        return self.render_page(request, new_token_key=key)


class ApiTokenRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = _current_user(request)
        # Only the user's own tokens are found; anyone else's number gives 404.
        token = get_object_or_404(ApiToken, pk=pk, user=user)
        try:
            actions.revoke_api_token(user, token, request=request)
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"令牌“{token.name}”已作废。")
        return redirect("accounts:profile")


# Users and roles (security administrator) ---------------------------------------------------


class UserListView(ScopedQuerysetMixin, ListView):
    required_capability = Capability.GRANT_ROLES
    model = User
    template_name = "accounts/user_list.html"
    context_object_name = "users"
    paginate_by = 30

    def get_queryset(self) -> QuerySet[User]:
        queryset = super().get_queryset().select_related("agency", "judicial_office")
        self.search_form = UserSearchForm(self.request.GET or None)
        if self.search_form.is_valid():
            text = self.search_form.cleaned_data["q"].strip()
            role = self.search_form.cleaned_data["role"]
            if text:
                queryset = queryset.filter(
                    Q(username__icontains=text) | Q(full_name__icontains=text)
                )
            if role:
                queryset = queryset.filter(groups__name=role)
        return queryset.prefetch_related("groups").order_by("-is_active", "username")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["search_form"] = self.search_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class UserCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.GRANT_ROLES
    template_name = "accounts/user_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": UserCreateForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UserCreateForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        data = form.cleaned_data
        try:
            user = actions.create_user(
                _current_user(request),
                username=data["username"],
                full_name=data["full_name"],
                password=data["password1"],
                agency=data["agency"],
                department=data["department"],
                judicial_office=data["judicial_office"],
                request=request,
            )
        except ZhifaError as error:
            _show_error(form, error)
            return render(request, self.template_name, {"form": form})
        messages.success(request, f"账号“{user.username}”已创建，请为其分配角色。")
        return redirect("accounts:user_detail", pk=user.pk)


class UserDetailView(ScopedQuerysetMixin, View):
    """One account, with its lockout state, the role and password forms and status buttons."""

    required_capability = Capability.GRANT_ROLES
    model = User
    template_name = "accounts/user_detail.html"

    def get_user(self, pk: int) -> User:
        queryset = User.objects.select_related("agency", "department", "judicial_office")
        target: User = scoped_get(queryset, self.request.user, pk=pk)
        return target

    def render_page(
        self,
        request: HttpRequest,
        target: User,
        roles_form: RolesForm | None = None,
        reset_form: PasswordResetForm | None = None,
    ) -> HttpResponse:
        context = {
            "target": target,
            "roles_form": roles_form or RolesForm(initial={"roles": sorted(target.roles)}),
            "reset_form": reset_form or PasswordResetForm(),
            "is_locked_out": lockout.is_locked_out(target.username),
            "is_own_account": target.pk == request.user.pk,
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request, self.get_user(pk))


class UserRolesView(UserDetailView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = self.get_user(pk)
        form = RolesForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, target, form)
        try:
            actions.set_roles(
                _current_user(request), target, form.cleaned_data["roles"], request=request
            )
        except ZhifaError as error:
            _show_error(form, error)
            return self.render_page(request, target, form)
        messages.success(request, f"已更新“{target}”的角色。")
        return redirect("accounts:user_detail", pk=target.pk)


class UserDeactivateView(UserDetailView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = self.get_user(pk)
        try:
            actions.deactivate_user(_current_user(request), target, request=request)
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"账号“{target.username}”已停用。")
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[target.pk]))


class UserReactivateView(UserDetailView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = self.get_user(pk)
        try:
            actions.reactivate_user(_current_user(request), target, request=request)
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"账号“{target.username}”已重新启用。")
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[target.pk]))


class UserUnlockView(UserDetailView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = self.get_user(pk)
        try:
            actions.unlock_user(_current_user(request), target, request=request)
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"账号“{target.username}”的登录锁定已解除。")
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[target.pk]))


class UserPasswordResetView(UserDetailView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = self.get_user(pk)
        form = PasswordResetForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, target, reset_form=form)
        try:
            actions.reset_password(
                _current_user(request), target, form.cleaned_data["password1"], request=request
            )
        except ZhifaError as error:
            _show_error(form, error)
            return self.render_page(request, target, reset_form=form)
        messages.success(
            request,
            f"已为“{target.username}”设置新的初始密码，请告知本人；其登录后须先修改密码。",
        )
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[target.pk]))


# Audit log (audit administrator) ------------------------------------------------------------


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _role_labels(codes: str) -> str:
    valid = set(Role.values)
    return "、".join(Role(code).label for code in codes.split(",") if code in valid)


class AuditLogView(ScopedQuerysetMixin, ListView):
    """The audit log, read-only: this view handles GET and HEAD and nothing else."""

    http_method_names = ["get", "head"]
    required_capability = Capability.READ_AUDIT_LOG
    model = AuditEntry
    template_name = "accounts/audit_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[AuditEntry]:
        queryset = super().get_queryset()
        # Without a submitted form the page shows administrator actions, the default view.
        self.filter_form = AuditFilterForm(self.request.GET or {"scope": AuditScope.ADMINISTRATORS})
        if not self.filter_form.is_valid():
            return queryset.filter(is_administrator_action=True)

        data = self.filter_form.cleaned_data
        if data["scope"] != AuditScope.ALL:
            queryset = queryset.filter(is_administrator_action=True)
        if data["action"]:
            queryset = queryset.filter(action=data["action"])
        if data["user"].strip():
            queryset = queryset.filter(actor_username__iexact=data["user"].strip())
        if data["date_from"]:
            queryset = queryset.filter(at__gte=_start_of_day(data["date_from"]))
        if data["date_to"]:
            next_day = data["date_to"] + datetime.timedelta(days=1)
            queryset = queryset.filter(at__lt=_start_of_day(next_day))
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["rows"] = [
            {
                "entry": entry,
                "action_label": ACTION_LABELS.get(entry.action, entry.action),
                "roles_label": _role_labels(entry.actor_roles),
            }
            for entry in context["entries"]
        ]
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context
