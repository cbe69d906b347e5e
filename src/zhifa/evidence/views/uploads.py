"""The upload page of AV records: the record's facts and the file, sent by ``uploader.js``.

The page itself stores nothing. The script sends the facts and the file in chunks to the upload
API (``zhifa.evidence.api.uploads``), which checks everything again.
"""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.views.generic import TemplateView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency, Officer
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.cases.models import Case, CaseStatus
from zhifa.core.form_errors import LabelledErrorsForm
from zhifa.evidence.models import (
    DeviceStatus,
    RecorderKind,
    RecordingDevice,
    SceneType,
    Sensitivity,
)
from zhifa.evidence.uploads import metadata, protocol, types

SENSITIVITY_CHOICES = [
    *Sensitivity.choices,
    (metadata.STATE_SECRET, "涉及国家秘密（不得上传）"),
]
YES_NO = [("true", "是"), ("false", "否")]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class UploadForm(LabelledErrorsForm):
    """The record's facts; names match the keys of the upload API's ``metadata``."""

    file = forms.FileField(label="文件", help_text=f"支持{types.SUPPORTED_LABEL}，大小不限")
    case = forms.ModelChoiceField(label="案件", queryset=Case.objects.none(), required=False)
    scene = forms.ModelChoiceField(label="场景", queryset=SceneType.objects.none())
    device = forms.ModelChoiceField(
        label="执法记录仪", queryset=RecordingDevice.objects.none(), required=False
    )
    officers = forms.ModelMultipleChoiceField(
        label="执法人员",
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="不得少于两人；由委托的第三方记录时可少于两人",
    )
    place = forms.CharField(label="地点", max_length=200)
    party_informed = forms.ChoiceField(
        label="已告知当事人正在录音录像", choices=YES_NO, widget=forms.RadioSelect
    )
    recorder_kind = forms.ChoiceField(
        label="记录人", choices=RecorderKind.choices, initial=RecorderKind.OFFICER
    )
    third_party_name = forms.CharField(label="第三方名称", max_length=200, required=False)
    started_at = forms.DateTimeField(
        label="开始时间",
        widget=DateTimeInput,
        required=False,
        help_text=(
            "北京时间；文件中没有录制时间时必须填写，有时以文件为准。"
            f"{types.TIMELESS_LABEL} 文件不带录制时间，上传前必须填写"
        ),
    )
    ended_at = forms.DateTimeField(label="结束时间", widget=DateTimeInput, required=False)
    sensitivity = forms.ChoiceField(
        label="内容标记", choices=SENSITIVITY_CHOICES, initial=Sensitivity.NORMAL
    )
    note = forms.CharField(label="说明", max_length=500, required=False, widget=forms.Textarea)

    def __init__(self, user: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        agencies = restrict(Agency.objects.all(), user)
        open_cases = Case.objects.filter(status=CaseStatus.OPEN).order_by("-opened_on")
        self.fields["case"].queryset = restrict(open_cases, user)  # type: ignore[attr-defined]
        self.fields["scene"].queryset = SceneType.objects.filter(  # type: ignore[attr-defined]
            Q(agency__isnull=True) | Q(agency__in=agencies), active=True
        )
        devices = RecordingDevice.objects.filter(status=DeviceStatus.IN_SERVICE)
        self.fields["device"].queryset = restrict(devices, user)  # type: ignore[attr-defined]
        officers = Officer.objects.filter(is_active=True)
        self.fields["officers"].queryset = restrict(officers, user)  # type: ignore[attr-defined]


def _preselected_case(request: HttpRequest, cases: QuerySet[Case]) -> Case | None:
    value = request.GET.get("case", "")
    return cases.filter(pk=int(value)).first() if value.isdigit() else None


class UploadPageView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.MANAGE_CASES
    template_name = "evidence/upload.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: User = self.request.user  # type: ignore[assignment]
        form = UploadForm(user)
        case = _preselected_case(self.request, form.fields["case"].queryset)  # type: ignore[attr-defined]
        if case is not None:
            form.fields["case"].initial = case.pk
        context.update(
            form=form,
            case=case,
            chunk_bytes=8 * 1024 * 1024,
            max_chunk_bytes=protocol.MAX_CHUNK_BYTES,
        )
        return context
