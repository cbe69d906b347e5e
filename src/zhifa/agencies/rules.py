"""Legal rules about review bodies, reviewers, credentials and training, as pure functions.

Nothing here reads the database: callers pass the facts and the rule parameters (read with
``zhifa.core.rules.parameter``), so each rule is tested as a table of cases.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from zhifa.agencies.models import CredentialEventKind, CredentialStatus

# 行政处罚法 (2021 revision, in force 2021-07-15) Art. 58 para. 2: a person who does legal
# review of penalty decisions for the first time (初次从事) must hold the national legal
# professional qualification. People who began review work before that day are not covered.
QUALIFICATION_REQUIRED_FROM = datetime.date(2021, 7, 15)


@dataclass(frozen=True)
class RuleOutcome:
    """Whether a rule allows something and, when it does not, the reason in Chinese."""

    allowed: bool
    reason: str = ""


ALLOWED = RuleOutcome(True)


# --- Review body (法制审核机构) ---------------------------------------------------------------


def check_review_body(
    agency_id: int,
    *,
    department_agency_id: int,
    department_name: str,
    is_legal_department: bool,
    handled_kinds: list[str],
) -> RuleOutcome:
    """Decide whether a department may be its agency's review body.

    国办发〔2018〕118号 (指导意见, part on 法制审核) gives legal review to the agency's legal
    unit (法制机构) and splits the handling unit's responsibility from the reviewing unit's.
    So a unit that handles penalty, licensing, compulsory enforcement, levy or requisition
    cases may not review them. NOTE: the guidance text was not checked word for word.
    """
    if department_agency_id != agency_id:
        return RuleOutcome(
            False, f"“{department_name}”不是本单位的内设部门，不能担任法制审核机构。"
        )
    if is_legal_department or not handled_kinds:
        return ALLOWED
    kinds = "、".join(handled_kinds)
    return RuleOutcome(
        False,
        f"“{department_name}”承办{kinds}案件，审核与承办应当分离，不能担任法制审核机构；"
        "请指定本单位的法制机构或不承办执法案件的部门。",
    )


# --- Reviewer ratio (法制审核人员配比) -------------------------------------------------------


@dataclass(frozen=True)
class ReviewerRatio:
    """Reviewers against officers holding a credential valid today.

    ``ratio`` and ``compliant`` are None when the agency has no credentialed officer, because
    the share is then undefined.
    """

    reviewers: int
    credentialed_officers: int
    minimum: Decimal
    ratio: Decimal | None
    compliant: bool | None
    required_reviewers: int

    @property
    def percent_label(self) -> str:
        if self.ratio is None:
            return "无法计算"
        return f"{self.ratio * 100:.1f}%"

    @property
    def minimum_label(self) -> str:
        return f"{self.minimum * 100:.1f}%"

    @property
    def explanation(self) -> str:
        if self.ratio is None:
            return "本单位暂无持有效执法证件的人员，配比无法计算。"
        if self.compliant:
            return (
                f"法制审核人员{self.reviewers}人，持证执法人员{self.credentialed_officers}人，"
                f"配比{self.percent_label}，达到{self.minimum_label}的要求。"
            )
        return (
            f"法制审核人员{self.reviewers}人，持证执法人员{self.credentialed_officers}人，"
            f"配比{self.percent_label}，低于{self.minimum_label}，"
            f"至少应配备{self.required_reviewers}人。"
        )


def reviewer_ratio(reviewers: int, credentialed_officers: int, minimum: Decimal) -> ReviewerRatio:
    """Compare reviewers with credentialed officers against the minimum share.

    国办发〔2018〕118号: reviewers should in principle be at least 5% of the agency's
    enforcement staff. The share is a rule parameter (``reviewer_ratio_min``) because that
    figure is not yet confirmed. Callers count staff reviewers and public lawyers only; legal
    advisers (法律顾问) take part in review but are not the agency's own reviewers.
    """
    required = math.ceil(minimum * credentialed_officers)
    if credentialed_officers <= 0:
        return ReviewerRatio(reviewers, 0, minimum, None, None, 0)
    ratio = Decimal(reviewers) / Decimal(credentialed_officers)
    # Compare by multiplication so that exactly 5% is not lost to rounding of the quotient.
    compliant = Decimal(reviewers) >= minimum * credentialed_officers
    return ReviewerRatio(reviewers, credentialed_officers, minimum, ratio, compliant, required)


# --- Reviewer qualification (法律职业资格) ---------------------------------------------------


def check_reviewer_qualification(
    started_on: datetime.date, legal_qualification: bool
) -> RuleOutcome:
    """Decide whether a person may do legal review, by start date and qualification.

    行政处罚法 Art. 58 para. 2 (in force 2021-07-15): 初次从事行政处罚决定法制审核的人员，
    应当通过国家统一法律职业资格考试取得法律职业资格.
    """
    if legal_qualification or started_on < QUALIFICATION_REQUIRED_FROM:
        return ALLOWED
    return RuleOutcome(
        False,
        f"开始从事法制审核日期为{started_on.isoformat()}，在2021年7月15日之后，"
        "依据《行政处罚法》第五十八条第二款，初次从事法制审核的人员应当取得法律职业资格。",
    )


# --- Training hours (培训学时) ---------------------------------------------------------------


def training_shortfall(hours_this_year: Decimal, required_hours: Decimal) -> Decimal:
    """Return the hours still missing this calendar year, or zero when the officer is not behind.

    The yearly figure is the rule parameter ``training_hours_per_year``; its source in Shanghai
    rules is not yet confirmed.
    """
    return max(required_hours - hours_this_year, Decimal(0))


# --- Credential expiry (证件到期) ------------------------------------------------------------


def credential_expires_soon(
    status: str, valid_until: datetime.date | None, today: datetime.date, warning_days: int
) -> bool:
    """Return whether an active credential expires within ``warning_days`` days of today.

    A credential that has already expired is not "expiring". The supervision page lists it
    among the expired credentials (``compliance.expired_credentials``) instead.
    """
    if status != CredentialStatus.ACTIVE or valid_until is None:
        return False
    return today <= valid_until <= today + datetime.timedelta(days=warning_days)


# --- Credential transitions (证件状态) -------------------------------------------------------

# Every allowed (from, to) pair of Credential.status. None stands for "no credential yet".
CREDENTIAL_STATUS_TRANSITIONS: frozenset[tuple[str | None, str]] = frozenset(
    {
        (None, CredentialStatus.APPLIED),
        (CredentialStatus.APPLIED, CredentialStatus.APPLIED),
        (CredentialStatus.APPLIED, CredentialStatus.ACTIVE),
        (CredentialStatus.APPLIED, CredentialStatus.REVOKED),
        (CredentialStatus.ACTIVE, CredentialStatus.ACTIVE),
        (CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED),
        (CredentialStatus.ACTIVE, CredentialStatus.REVOKED),
        (CredentialStatus.SUSPENDED, CredentialStatus.ACTIVE),
        (CredentialStatus.SUSPENDED, CredentialStatus.REVOKED),
    }
)


@dataclass(frozen=True)
class EventEffect:
    """The statuses a credential event may start from, and the status it leaves."""

    from_statuses: frozenset[str | None]
    to_status: str


_APPLIED: frozenset[str | None] = frozenset({CredentialStatus.APPLIED})
_ACTIVE: frozenset[str | None] = frozenset({CredentialStatus.ACTIVE})

# NOTE: a failed annual review suspends the credential until it is reinstated; whether the
# Shanghai rules require suspension or revocation here is not confirmed.
CREDENTIAL_EVENT_EFFECTS: dict[str, EventEffect] = {
    CredentialEventKind.APPLIED: EventEffect(frozenset({None}), CredentialStatus.APPLIED),
    CredentialEventKind.EXAM_PASSED: EventEffect(_APPLIED, CredentialStatus.APPLIED),
    CredentialEventKind.EXAM_EXEMPTED: EventEffect(_APPLIED, CredentialStatus.APPLIED),
    CredentialEventKind.ISSUED: EventEffect(_APPLIED, CredentialStatus.ACTIVE),
    CredentialEventKind.ANNUAL_REVIEW_PASSED: EventEffect(_ACTIVE, CredentialStatus.ACTIVE),
    CredentialEventKind.ANNUAL_REVIEW_FAILED: EventEffect(_ACTIVE, CredentialStatus.SUSPENDED),
    CredentialEventKind.SUSPENDED: EventEffect(_ACTIVE, CredentialStatus.SUSPENDED),
    CredentialEventKind.REINSTATED: EventEffect(
        frozenset({CredentialStatus.SUSPENDED}), CredentialStatus.ACTIVE
    ),
    CredentialEventKind.REVOKED: EventEffect(
        frozenset({CredentialStatus.APPLIED, CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED}),
        CredentialStatus.REVOKED,
    ),
    CredentialEventKind.RENEWED: EventEffect(_ACTIVE, CredentialStatus.ACTIVE),
}

# Events whose record requires a reason.
EVENTS_REQUIRING_REASON = frozenset(
    {
        CredentialEventKind.EXAM_EXEMPTED,
        CredentialEventKind.ANNUAL_REVIEW_FAILED,
        CredentialEventKind.SUSPENDED,
        CredentialEventKind.REVOKED,
    }
)


def _status_label(status: str | None) -> str:
    return "尚未申领" if status is None else CredentialStatus(status).label


def check_credential_event(kind: str, current_status: str | None) -> RuleOutcome:
    """Decide whether a credential event may happen to a credential in ``current_status``."""
    effect = CREDENTIAL_EVENT_EFFECTS.get(kind)
    if effect is None:
        return RuleOutcome(False, f"证件事项“{kind}”不存在，请从列表中选择。")
    label = CredentialEventKind(kind).label
    if current_status not in effect.from_statuses:
        return RuleOutcome(
            False,
            f"证件当前状态为“{_status_label(current_status)}”，不能办理“{label}”。",
        )
    if (current_status, effect.to_status) not in CREDENTIAL_STATUS_TRANSITIONS:
        return RuleOutcome(
            False,
            f"证件状态不能从“{_status_label(current_status)}”变为"
            f"“{_status_label(effect.to_status)}”。",
        )
    return ALLOWED


# --- Credential dates (证件事项日期) ---------------------------------------------------------


def check_event_date_order(
    occurred_on: datetime.date, latest_recorded_on: datetime.date | None
) -> RuleOutcome:
    """Decide whether an event may be dated ``occurred_on`` after the latest recorded one.

    A credential's events are its history and are never edited, so a new step may share the
    date of the latest recorded step but may not precede it.
    """
    if latest_recorded_on is None or occurred_on >= latest_recorded_on:
        return ALLOWED
    return RuleOutcome(
        False,
        f"“日期”{occurred_on.isoformat()}早于该证件最近一次记录的日期"
        f"{latest_recorded_on.isoformat()}；证件事项应按发生顺序登记，请核对日期。",
    )


def check_validity_period(
    issued_on: datetime.date, valid_from: datetime.date, valid_until: datetime.date
) -> RuleOutcome:
    """Decide whether a credential issued (or renewed) on ``issued_on`` may carry this period.

    The period must be a real span. It must also not have ended by the issue date, because a
    card that is already expired when issued cannot be used for enforcement.
    """
    if valid_until <= valid_from:
        return RuleOutcome(
            False,
            f"“有效期至”{valid_until.isoformat()}应晚于“有效期自”{valid_from.isoformat()}。",
        )
    if valid_until < issued_on:
        return RuleOutcome(
            False,
            f"“有效期至”{valid_until.isoformat()}早于发证日期{issued_on.isoformat()}，"
            "证件在核发时即已过期；请核对有效期。",
        )
    return ALLOWED


def check_annual_review_date(
    reviewed_on: datetime.date, valid_from: datetime.date | None, valid_until: datetime.date | None
) -> RuleOutcome:
    """Decide whether an annual review (年度审验) on ``reviewed_on`` falls within the validity."""
    if valid_from is None or valid_until is None:
        return RuleOutcome(False, "证件没有登记有效期，不能办理年度审验。")
    if valid_from <= reviewed_on <= valid_until:
        return ALLOWED
    return RuleOutcome(
        False,
        f"年度审验日期{reviewed_on.isoformat()}不在证件有效期"
        f"（{valid_from.isoformat()}至{valid_until.isoformat()}）内；请核对日期。",
    )


# --- Officer age (执法人员年龄) --------------------------------------------------------------

# 公务员法 (2018 revision) Art. 13 (二): a civil servant must be at least 18 (年满十八周岁);
# enforcement staff are civil servants or staff managed as such. NOTE: the statute text was
# not checked word for word.
MINIMUM_OFFICER_AGE = 18


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Return the age in full years (周岁) on ``day``.

    Someone born on 29 February turns a year older on 1 March in common years.
    """
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years


def check_officer_age(born: datetime.date, entry_day: datetime.date) -> RuleOutcome:
    """Decide whether a person born on ``born`` may be entered as an officer on ``entry_day``."""
    if born > entry_day:
        return RuleOutcome(
            False,
            f"按身份证号，出生日期为{born.isoformat()}，晚于录入之日{entry_day.isoformat()}；"
            "请核对身份证号。",
        )
    age = age_on(born, entry_day)
    if age >= MINIMUM_OFFICER_AGE:
        return ALLOWED
    return RuleOutcome(
        False,
        f"按身份证号，出生日期为{born.isoformat()}，录入之日{entry_day.isoformat()}"
        f"年满{age}周岁，执法人员应年满{MINIMUM_OFFICER_AGE}周岁；请核对身份证号。",
    )
