"""Steps with fields and rules of their own, registered by the apps of other case kinds.

The penalty and inspection steps are wired by hand in ``cases.forms``, ``cases.views.steps``
and ``cases.api``. An app that adds a case kind (licensing, coercion, levies, remedies) instead
registers a ``StepPlugin`` for each step that needs more than the common fields. The page form
shows the plugin's fields and the API validates ``fields`` against its schema. Both call the
same ``perform`` with the plain values, so the page and the API cannot drift apart.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from pydantic import BaseModel

if TYPE_CHECKING:
    from zhifa.accounts.models import User
    from zhifa.cases.actions import StepInput
    from zhifa.cases.models import Case

StepAction = Callable[["User", "Case", "StepInput", dict[str, Any]], Any]


@dataclass(frozen=True)
class StepPlugin:
    """One step's own fields, API schema and action.

    ``fields`` are the page form's fields, in display order; a field's ``required`` flag
    applies on the page, and the schema decides for the API. ``perform`` receives the values
    by field name (``None`` for an empty optional field) and returns the new ``CaseStep``.
    ``detail_labels`` name the keys of ``CaseStep.details`` the timeline shows, and
    ``choices`` returns, for a case, the options of its choice fields on the page form.
    """

    code: str
    fields: dict[str, forms.Field]
    schema: type[BaseModel]
    perform: StepAction
    detail_labels: dict[str, str] = field(default_factory=dict)
    # Options of choice fields that depend on the case, e.g. its coercive measures.
    choices: Callable[["Case"], dict[str, list[tuple[Any, str]]]] | None = None

    def form_fields(self) -> dict[str, forms.Field]:
        """Return fresh copies of the fields, as each form needs its own instances."""
        return {name: copy.deepcopy(spec) for name, spec in self.fields.items()}

    def form_values(self, cleaned_data: dict[str, Any]) -> dict[str, Any]:
        return {name: cleaned_data.get(name) for name in self.fields}


STEP_PLUGINS: dict[str, StepPlugin] = {}


def register_step(plugin: StepPlugin) -> None:
    """Register a step plugin; a second, different plugin for the same code is an error."""
    existing = STEP_PLUGINS.get(plugin.code)
    if existing is not None and existing is not plugin:
        raise LookupError(f"step {plugin.code!r} already has a plugin")
    STEP_PLUGINS[plugin.code] = plugin


def step_plugin(code: str) -> StepPlugin | None:
    return STEP_PLUGINS.get(code)
