"""The forms that register an expropriation project and add a household to it."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import Q

from zhifa.agencies.models import Agency, Department, Officer
from zhifa.cases.actions import PartyInput
from zhifa.cases.models import PartyKind
from zhifa.core.form_errors import LabelledErrorsForm
from zhifa.core.identifiers import PROVINCE_CODES, check_id_number, check_uscc, normalize
from zhifa.levies.actions.projects import HouseholdInput

HOUSEHOLD_HELP = (
    "每行一户，依次填写：户号、被征收人姓名或名称、身份证号或统一社会信用代码、房屋坐落、"
    "建筑面积（平方米），用中文或英文逗号分隔。"
)


def _is_person_identifier(identifier: str) -> bool:
    """Tell an ID number from a USCC, also when the check digit of either is wrong.

    A valid ID number or USCC decides. Otherwise a value shaped like an ID number (15 digits,
    or 17 digits and a digit or X) that starts with a province code is taken as a mistyped ID
    number, so that the error names the ID number. Enterprise USCCs start with 9 and do not
    take this path. NOTE: a mistyped all-digit USCC of a state organ (11 to 13) or a social
    organisation (51 to 53) does, and its error then names the ID number.
    """
    if check_id_number(identifier).valid:
        return True
    if check_uscc(identifier).valid:
        return False
    number = normalize(identifier)
    shaped = (len(number) == 15 and number.isdigit()) or (
        len(number) == 18 and number[:17].isdigit() and number[17] in "0123456789X"
    )
    return shaped and number[:2] in PROVINCE_CODES


def owner_input(name: str, identifier: str, address: str) -> PartyInput:
    """Build the owner as a natural person from an ID number, else as a legal person."""
    person = _is_person_identifier(identifier)
    return PartyInput(
        kind=PartyKind.NATURAL_PERSON if person else PartyKind.LEGAL_PERSON,
        name=name,
        id_number=identifier if person else "",
        uscc="" if person else identifier,
        address=address,
    )


def parse_households(text: str) -> list[HouseholdInput]:
    """Parse one household per line: number, owner, ID number or USCC, address, floor area."""
    rows = []
    first_lines: dict[str, int] = {}
    for index, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.replace("，", ",").split(",")]
        if len(parts) != 5 or not all(parts):
            raise forms.ValidationError(f"第{index}行应有5项，以逗号分隔：{HOUSEHOLD_HELP}")
        number, name, identifier, address, area = parts
        if number in first_lines:
            raise forms.ValidationError(
                f"第{index}行的户号“{number}”与第{first_lines[number]}行重复，请核对。"
            )
        first_lines[number] = index
        try:
            floor_area = Decimal(area)
        except InvalidOperation:
            raise forms.ValidationError(f"第{index}行的建筑面积“{area}”不是数字。") from None
        owner = owner_input(name, identifier, address)
        rows.append(HouseholdInput(number, owner, address, floor_area))
    if not rows:
        raise forms.ValidationError("请至少填写一户被征收房屋。")
    return rows


class ProjectForm(LabelledErrorsForm):
    name = forms.CharField(label="项目名称", max_length=200)
    area_description = forms.CharField(label="征收范围", max_length=500)
    # Typed rather than chosen from a list, so the page never lists agencies outside the
    # user's scope.
    expropriation_department = forms.CharField(
        label="房屋征收部门",
        max_length=100,
        help_text="区人民政府确定的房屋征收部门的名称或简称，例如“区房管局”",
    )
    budgeted_compensation = forms.DecimalField(
        label="预算征收补偿费用（元）", max_digits=16, decimal_places=2, min_value=Decimal("0.01")
    )
    department = forms.ModelChoiceField(
        label="承办部门", queryset=Department.objects.none(), empty_label="请选择"
    )
    opened_on = forms.DateField(label="启动日期", widget=forms.DateInput(attrs={"type": "date"}))
    officers = forms.ModelMultipleChoiceField(
        label="承办人员", queryset=Officer.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    households = forms.CharField(
        label="被征收户", widget=forms.Textarea(attrs={"rows": 8}), help_text=HOUSEHOLD_HELP
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(agency=agency)  # type: ignore[attr-defined]
        self.fields["officers"].queryset = Officer.objects.filter(  # type: ignore[attr-defined]
            agency=agency, is_active=True
        )

    def clean_expropriation_department(self) -> Agency:
        name = self.cleaned_data["expropriation_department"].strip()
        found = Agency.objects.filter(Q(name=name) | Q(short_name=name)).first()
        if found is None:
            raise forms.ValidationError(f"没有名称或简称为“{name}”的执法主体，请核对。")
        return found

    def clean_households(self) -> list[HouseholdInput]:
        return parse_households(self.cleaned_data["households"])


class HouseholdForm(LabelledErrorsForm):
    """One more household of a registered project; the action checks every value."""

    number = forms.CharField(label="户号", max_length=40)
    name = forms.CharField(label="被征收人姓名或名称", max_length=200)
    id_number = forms.CharField(
        label="身份证号或统一社会信用代码",
        max_length=18,
        help_text="自然人填写身份证号，单位填写统一社会信用代码",
    )
    address = forms.CharField(label="房屋坐落", max_length=200)
    floor_area = forms.DecimalField(label="建筑面积（平方米）", max_digits=10, decimal_places=2)

    def household(self) -> HouseholdInput:
        data = self.cleaned_data
        owner = owner_input(data["name"], data["id_number"].strip(), data["address"])
        return HouseholdInput(data["number"], owner, data["address"], data["floor_area"])
