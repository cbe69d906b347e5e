"""Back-office pages of the working-day calendar and the rule parameters."""

import datetime
import logging
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views import View

from zhifa.accounts.roles import Capability
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core import actions, workdays
from zhifa.core.errors import ZhifaError
from zhifa.core.forms import (
    CalendarDayForm,
    CalendarDayRemoveForm,
    CalendarImportForm,
    RuleParameterForm,
)
from zhifa.core.models import CalendarDay, CalendarYear, DayKind, RuleParameter

logger = logging.getLogger(__name__)

WEEKDAY_NAMES = "一二三四五六日"


def show_error(form: Form, error: ZhifaError) -> None:
    """Attach an action's error to the form field it names, or to the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _selected_year(request: HttpRequest, years: list[int], today: datetime.date) -> int | None:
    requested = request.GET.get("year", "")
    if requested.isdigit() and int(requested) in years:
        return int(requested)
    if today.year in years:
        return today.year
    return years[-1] if years else None


def render_calendar(
    request: HttpRequest,
    *,
    year: int | None = None,
    day_form: CalendarDayForm | None = None,
    import_form: CalendarImportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the calendar page for one year, with any bound form that failed."""
    today = timezone.localdate()
    loaded_years = list(CalendarYear.objects.order_by("year"))
    years = [loaded.year for loaded in loaded_years]
    if year is None or year not in years:
        year = _selected_year(request, years, today)

    days = list(CalendarDay.objects.filter(date__year=year)) if year else []
    for day in days:
        day.weekday_name = "星期" + WEEKDAY_NAMES[day.date.weekday()]  # type: ignore[attr-defined]
    holidays = [day for day in days if day.kind == DayKind.PUBLIC_HOLIDAY]
    context = {
        "today": today,
        "loaded_years": loaded_years,
        "year": year,
        "holidays": holidays,
        "weekday_holiday_count": sum(1 for day in holidays if day.date.weekday() < 5),
        "makeup_days": [day for day in days if day.kind == DayKind.MAKEUP_WORKING_DAY],
        "missing_year": workdays.next_year_missing(today),
        "day_form": day_form or CalendarDayForm(),
        "import_form": import_form or CalendarImportForm(),
    }
    return render(request, "core/calendar.html", context, status=status)


class CalendarView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_CALENDAR

    def get(self, request: HttpRequest) -> HttpResponse:
        return render_calendar(request)


def _calendar_url(year: int) -> str:
    return f"{reverse('core:calendar')}?year={year}"


class CalendarDaySetView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_CALENDAR

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CalendarDayForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.set_calendar_day(
                    request.user,  # type: ignore[arg-type]
                    data["date"],
                    data["kind"],
                    festival=data["festival"],
                    source=data["source"],
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                label = DayKind(data["kind"]).label
                messages.success(request, f"已将 {date_format(data['date'])} 设为{label}。")
                return redirect(_calendar_url(data["date"].year))
        return render_calendar(request, day_form=form, status=400)


class CalendarDayRemoveView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_CALENDAR

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CalendarDayRemoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, "日期无效，未删除任何记录。")
            return redirect("core:calendar")
        day: datetime.date = form.cleaned_data["date"]
        try:
            actions.remove_calendar_day(request.user, day, request=request)  # type: ignore[arg-type]
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已删除 {date_format(day)} 的调整，该日恢复按星期判断。")
        return redirect(_calendar_url(day.year))


class CalendarImportView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_CALENDAR

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CalendarImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                changes = actions.import_calendar(
                    request.user,  # type: ignore[arg-type]
                    form.cleaned_data["file"],
                    source=form.cleaned_data["source"],
                    replace=form.cleaned_data["replace"],
                    request=request,
                )
            except ZhifaError as error:
                for problem in error.message.split("；"):
                    form.add_error(error.field if error.field in form.fields else None, problem)
            else:
                listed = "、".join(str(change.year) for change in changes)
                messages.success(request, f"已导入 {listed} 年的节假日安排。")
                for change in changes:
                    if change.replaced:
                        messages.info(request, change.summary() + "。")
                return redirect(_calendar_url(changes[0].year))
        return render_calendar(request, import_form=form, status=400)


class RuleParameterListView(CapabilityRequiredMixin, View):
    required_capability = Capability.EDIT_RULE_PARAMETERS

    def get(self, request: HttpRequest) -> HttpResponse:
        parameters = RuleParameter.objects.order_by("key")
        return render(request, "core/rule_parameter_list.html", {"parameters": parameters})


class RuleParameterEditView(CapabilityRequiredMixin, View):
    required_capability = Capability.EDIT_RULE_PARAMETERS
    template_name = "core/rule_parameter_form.html"

    @staticmethod
    def _parameter(key: str) -> RuleParameter:
        # Rule parameters apply to the whole district, so they carry no agency scope.
        parameter = RuleParameter.objects.filter(key=key).first()
        if parameter is None:
            raise Http404("规则参数不存在。")
        return parameter

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        parameter = self._parameter(key)
        form = RuleParameterForm(
            initial={
                "value": parameter.value,
                "legal_source": parameter.legal_source,
                "confirmed": parameter.confirmed,
            }
        )
        return render(request, self.template_name, {"parameter": parameter, "form": form})

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        parameter = self._parameter(key)
        form = RuleParameterForm(request.POST)
        if form.is_valid():
            data: dict[str, Any] = form.cleaned_data
            try:
                actions.update_rule_parameter(
                    request.user,  # type: ignore[arg-type]
                    parameter,
                    value=data["value"],
                    legal_source=data["legal_source"],
                    confirmed=data["confirmed"],
                    change_note=data["change_note"],
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, f"已修改“{parameter.name}”。")
                return redirect("core:rule_parameter_list")
        context = {"parameter": parameter, "form": form}
        return render(request, self.template_name, context, status=400)
