"""Forms of the account pages; the rules themselves live in actions.py and rules.py."""

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from zhifa.accounts.actions import api_token_day_choices
from zhifa.accounts.audit import ACTION_LABELS
from zhifa.accounts.models import User
from zhifa.accounts.passwords import password_help_text, password_problems
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, Department, JudicialOffice
from zhifa.core.form_errors import LabelledErrorsForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入。连续多次输错，账号将被暂时锁定。",
        "inactive": "该账号已停用，请联系安全管理员。",
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"


class PasswordChangeForm(LabelledErrorsForm):
    old_password = forms.CharField(
        label="原密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label="新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="再次输入新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["new_password1"].help_text = password_help_text()

    def clean_old_password(self) -> str:
        old_password: str = self.cleaned_data["old_password"]
        if not self.user.check_password(old_password):
            raise forms.ValidationError("原密码不正确，请重新输入。")
        return old_password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first = cleaned.get("new_password1")
        second = cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "两次输入的新密码不一致。")
        elif first:
            for problem in password_problems(first, self.user):
                self.add_error("new_password1", problem)
        return cleaned


class ApiTokenForm(LabelledErrorsForm):
    name = forms.CharField(
        label="令牌用途", max_length=60, help_text="例如“市执法系统对接”，便于日后识别和作废。"
    )
    days = forms.TypedChoiceField(
        label="有效期",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="到期后令牌自动失效，需要时请重新签发。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days_field = self.fields["days"]
        assert isinstance(days_field, forms.TypedChoiceField)  # noqa: S101 - declared above
        days_field.choices = [(days, f"{days} 天") for days in api_token_day_choices()]
        days_field.initial = settings.ZHIFA_API_TOKEN_DAYS


class PasswordResetForm(LabelledErrorsForm):
    """The new initial password that the security administrator sets for another account."""

    password1 = forms.CharField(
        label="新的初始密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="再次输入新的初始密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = password_help_text() + "用户下次登录后须先修改密码。"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", "两次输入的初始密码不一致。")
        return cleaned


class UserCreateForm(LabelledErrorsForm):
    username = forms.CharField(label="用户名", max_length=150, help_text="登录用，创建后不能修改。")
    full_name = forms.CharField(label="姓名", max_length=40)
    agency = forms.ModelChoiceField(
        label="所属单位", queryset=Agency.objects.all(), required=False, empty_label="（无）"
    )
    department = forms.ModelChoiceField(
        label="所属部门",
        queryset=Department.objects.select_related("agency"),
        required=False,
        empty_label="（无）",
    )
    judicial_office = forms.ModelChoiceField(
        label="所属司法所",
        queryset=JudicialOffice.objects.all(),
        required=False,
        empty_label="（无）",
        help_text="仅司法所审核人员需要填写。",
    )
    password1 = forms.CharField(
        label="初始密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="再次输入初始密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = password_help_text()
        self.fields["department"].label_from_instance = (  # type: ignore[attr-defined]
            lambda department: f"{department.agency.short_name} - {department.name}"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", "两次输入的初始密码不一致。")
        return cleaned


class RolesForm(LabelledErrorsForm):
    roles = forms.MultipleChoiceField(
        label="角色", choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class UserSearchForm(LabelledErrorsForm):
    q = forms.CharField(label="用户名或姓名", required=False, max_length=150)
    role = forms.ChoiceField(
        label="角色", required=False, choices=[("", "全部角色"), *Role.choices]
    )


class AuditScope:
    ADMINISTRATORS = "admin"
    ALL = "all"


class AuditFilterForm(LabelledErrorsForm):
    scope = forms.ChoiceField(
        label="范围",
        required=False,
        choices=[(AuditScope.ADMINISTRATORS, "仅管理员操作"), (AuditScope.ALL, "全部操作")],
    )
    action = forms.ChoiceField(
        label="操作",
        required=False,
        choices=[("", "全部操作类型"), *sorted(ACTION_LABELS.items())],
    )
    user = forms.CharField(label="账号", required=False, max_length=150)
    date_from = forms.DateField(
        label="起始日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label="截止日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: datetime.date | None = cleaned.get("date_from")
        end: datetime.date | None = cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return cleaned
