"""Deadline pages: an agency's drafts due soon and overdue, and the on-time rate of all agencies."""

import datetime
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views import View

from zhifa.accounts.roles import Capability
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.workdays import shanghai_date
from zhifa.publicity.watch.deadlines import DUE_SOON_WORKING_DAYS, deadline_board
from zhifa.publicity.watch.on_time import on_time_report

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class DeadlinesView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        today = shanghai_date(timezone.now())
        board = deadline_board(request.user, today)
        context = {"board": board, "working_days": DUE_SOON_WORKING_DAYS}
        return render(request, "publicity/watch/deadlines.html", context)


class RangeForm(forms.Form):
    date_from = forms.DateField(label="决定日期起", widget=DATE_INPUT)
    date_to = forms.DateField(label="决定日期止", widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "“决定日期止”不能早于“决定日期起”。")
        return data


class OnTimeView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_SUPERVISION

    def get(self, request: HttpRequest) -> HttpResponse:
        today = shanghai_date(timezone.now())
        default = {"date_from": datetime.date(today.year, 1, 1), "date_to": today}
        form = RangeForm(request.GET if request.GET else None, initial=default)
        report = None
        if not request.GET:
            report = on_time_report(request.user, default["date_from"], default["date_to"], today)
        elif form.is_valid():
            data = form.cleaned_data
            report = on_time_report(request.user, data["date_from"], data["date_to"], today)
        return render(request, "publicity/watch/on_time.html", {"form": form, "report": report})


urlpatterns: list[URLPattern] = [
    path("deadlines/", DeadlinesView.as_view(), name="deadlines"),
    path("on-time/", OnTimeView.as_view(), name="on_time"),
]
