"""Hooking the drafts into cases and the exchange, inside the transaction of each decision."""

from zhifa.cases.exchange.hooks import register_exchanged_decision_listener
from zhifa.cases.hooks import register_step_listener
from zhifa.cases.models import CaseStep, ExchangedDecision
from zhifa.publicity.drafting import drafts


def step_recorded(step: CaseStep) -> None:
    drafts.on_step(step)


def exchanged_decision_stored(decision: ExchangedDecision, created: bool) -> None:
    drafts.on_exchanged_decision(decision, created)


def connect() -> None:
    register_step_listener(step_recorded)
    register_exchanged_decision_listener(exchanged_decision_stored)
