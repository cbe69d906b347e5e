"""The back-office home page: what needs the user's attention, by role."""

import datetime
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from zhifa.accounts.roles import Capability
from zhifa.backoffice.todo import todo_items
from zhifa.core.workdays import next_year_missing


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "backoffice/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today: datetime.date = timezone.localdate()
        user: Any = self.request.user
        if user.can(Capability.MANAGE_CALENDAR):
            context["calendar_year_missing"] = next_year_missing(today)
        context["todo_items"] = todo_items(user, today)
        context["today"] = today
        return context
