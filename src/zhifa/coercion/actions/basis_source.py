"""The source of the decision enforced: a case of this platform or an outside decision.

A platform case is a basis only through its current challengeable decision, the latest
uncorrected step among ``Procedure.decisions`` of its kind, and the decision date is that
step's date. An outside decision is named by its number and the organ that issued it. A
number that belongs to a document of a platform case must be recorded through that case, so
that the remedy outcomes of the case are checked.
"""

import datetime

from zhifa.accounts.models import User
from zhifa.accounts.scope import restrict
from zhifa.cases import stages
from zhifa.cases.models import Case, CaseStep, Document
from zhifa.cases.rules.common import show
from zhifa.core.errors import ValidationFailed
from zhifa.remedies.actions import decided_on as decision_date
from zhifa.remedies.actions import decision_of


def current_decision(basis_case: Case, enforcing_case_id: int) -> CaseStep:
    """Return the basis case's current decision, rejecting a case with none to enforce."""
    field = "basis_case_number"
    if basis_case.pk == enforcing_case_id:
        raise ValidationFailed(
            "执行依据不能是本强制执行案件自身，请填写作出被执行决定的案件案号。", field=field
        )
    if not stages.procedure_for(basis_case.kind).decisions:
        raise ValidationFailed(
            f"案件{basis_case.number}是“{basis_case.get_kind_display()}”案件，不作出可以"
            "强制执行的行政决定，不能作为执行依据。",
            field=field,
        )
    decision = decision_of(basis_case)
    if decision is None:
        raise ValidationFailed(
            f"案件{basis_case.number}尚未作出可以执行的行政决定，不能作为执行依据；"
            "请在该案记录决定后再登记。",
            field=field,
        )
    return decision


def checked_decided_on(decision: CaseStep, entered: datetime.date | None) -> datetime.date:
    """Return the decision date of the platform decision, rejecting another date entered."""
    day = decision_date(decision)
    if entered is not None and entered != day:
        raise ValidationFailed(
            f"“决定日期”{show(entered)}与案件记录的决定日期{show(day)}不一致；请填写{show(day)}。",
            field="decided_on",
        )
    return day


def check_outside_decision(user: User, decision_number: str, issuing_agency: str) -> None:
    """Require the issuing organ of an outside decision and reject a platform document number."""
    number = decision_number.strip()
    if not issuing_agency.strip():
        raise ValidationFailed(
            "未填写本平台案号时，被执行的决定是平台外的决定，请填写“作出决定的机关”。",
            field="issuing_agency",
        )
    if not number:
        return
    document = restrict(Document.objects.filter(number=number), user).select_related("case").first()
    if document is not None:
        raise ValidationFailed(
            f"文号“{number}”是本平台案件{document.case.number}的文书，"
            f"请在“本平台案号”中填写{document.case.number}，以便核对该决定是否仍然有效。",
            field="basis_case_number",
        )
