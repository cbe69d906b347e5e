"""Demo data of this app, loaded by ``zhifa demo load`` after the case kinds and publicity.

Two guiding cases written from closed demo cases (the first also on the portal), rule
registrations for a few agencies with some types left missing, and two circulars with some
acknowledgements. Circulars carry fixed numbers and each guiding case its source case, so a
second load finds what the first added and skips it.
"""

import datetime
import logging

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.models import Case, CaseStatus
from zhifa.core.errors import ZhifaError
from zhifa.supervision.guidance.actions import circulars, explained, guiding_cases, rules
from zhifa.supervision.guidance.models import AgencyRule, Circular, GuidingCase, RuleType

logger = logging.getLogger(__name__)

GUIDING_CASES = 2
# Agency head accounts of ``zhifa.demo.people`` and the rule types their agency registers; the
# types left out show up as missing in the register matrix.
RULE_PLANS = (
    (
        "head",
        (
            "publicity",
            "full_process_recording",
            "legal_review",
            "archiving_scope",
            "case_file_evaluation",
            "complaint_handling",
        ),
    ),
    ("jianguan", ("publicity", "legal_review", "full_process_recording")),
    ("yingji", ("publicity",)),
)
CIRCULAR_NUMBERS = ("青司通〔演示〕1号", "青司通〔演示〕2号")


def load(today: datetime.date) -> dict[str, int]:
    """Add this app's demo rows once; return counts by kind, ``skipped`` for rows already there."""
    counts = {"guiding_cases": 0, "agency_rules": 0, "circulars": 0, "skipped": 0}
    supervisor = User.objects.filter(username="supervisor").first()
    if supervisor is None:
        logger.warning("guidance demo skipped: the demo supervisor account is missing")
        return counts

    _load_guiding_cases(supervisor, counts)
    _load_rules(today, counts)
    _load_circulars(supervisor, today, counts)
    return counts


def _party_name(case: Case) -> str:
    party = case.parties.order_by("pk").first()
    return party.name if party is not None else "当事人"


def _guiding_input(case: Case, index: int) -> guiding_cases.GuidingCaseInput:
    party = _party_name(case)
    return guiding_cases.GuidingCaseInput(
        kind="guiding" if index == 0 else "typical",
        title=f"{party}{case.title}（演示）",
        summary=f"{party}因{case.title}被{case.agency.short_name}依法处理。",
        facts=f"经调查，{party}存在{case.title}所述违法行为，执法人员依法制作笔录并收集证据。",
        reasoning="执法机关依照法定程序调查取证、告知权利、作出决定，并按期送达、执行完毕。",
        key_points="办案中应当全面、客观、公正地调查，依据裁量基准确定处理结果，并完整记录全过程。",
        issue_tags="程序规范、裁量基准",
    )


def _load_guiding_cases(supervisor: User, counts: dict[str, int]) -> None:
    closed = Case.objects.filter(status=CaseStatus.CLOSED).order_by("pk")[:GUIDING_CASES]
    for index, case in enumerate(closed):
        if GuidingCase.objects.filter(source_case=case).exists():
            counts["skipped"] += 1
            continue
        try:
            guiding = guiding_cases.create_guiding_case(
                supervisor, case.pk, _guiding_input(case, index)
            )
            guiding_cases.release_guiding_case(supervisor, guiding.pk)
            if index == 0:
                explained.publish_on_portal(supervisor, guiding.pk)
        except ZhifaError as error:
            logger.warning("demo guiding case from case %s not added: %s", case.pk, error.message)
            continue
        counts["guiding_cases"] += 1


def _rule_input(
    agency: Agency, rule_type: RuleType, offset: int, last: bool, today: datetime.date
) -> rules.AgencyRuleInput:
    adopted_on = today - datetime.timedelta(days=200 - offset * 10)
    subject = rule_type.name.split("（")[0]
    return rules.AgencyRuleInput(
        rule_type_id=rule_type.pk,
        title=f"{agency.short_name}{rule_type.name}（演示）",
        document_number=f"演示〔{adopted_on.year}〕{offset + 1}号",
        adopted_on=adopted_on,
        # The last type of each agency is adopted but not yet filed with the bureau.
        filed_on=None if last else adopted_on + datetime.timedelta(days=7),
        text=f"第一条 为规范本单位{subject}相关工作，制定本制度。（演示）",
    )


def _load_rules(today: datetime.date, counts: dict[str, int]) -> None:
    for username, codes in RULE_PLANS:
        head = User.objects.filter(username=username).select_related("agency").first()
        if head is None or head.agency is None:
            continue
        agency = head.agency
        for offset, code in enumerate(codes):
            rule_type = RuleType.objects.filter(code=code).first()
            if rule_type is None:
                continue
            if AgencyRule.objects.filter(agency=agency, rule_type=rule_type).exists():
                counts["skipped"] += 1
                continue
            last = offset == len(codes) - 1
            data = _rule_input(agency, rule_type, offset, last, today)
            rules.register_agency_rule(head, agency.pk, data)
            counts["agency_rules"] += 1


def _load_circulars(supervisor: User, today: datetime.date, counts: dict[str, int]) -> None:
    heads = {
        username: User.objects.filter(username=username).first()
        for username in ("head", "jianguan", "yingji")
    }
    agency_ids = [user.agency_id for user in heads.values() if user and user.agency_id]
    plans = (
        circulars.CircularInput(
            number=CIRCULAR_NUMBERS[0],
            title="关于全面落实行政执法“三项制度”配套制度建设的通报（演示）",
            body="各执法单位：请对照执法制度建设登记情况，于本季度内补齐缺项制度并报区司法局备案。",
            issued_on=today - datetime.timedelta(days=20),
            to_all_agencies=True,
        ),
        circulars.CircularInput(
            number=CIRCULAR_NUMBERS[1],
            title="关于行政执法案卷评查情况的通报（演示）",
            body="本次评查中，部分单位案卷存在文书不规范、音像记录缺失等问题，现予通报。",
            issued_on=today - datetime.timedelta(days=5),
            agency_ids=agency_ids,
            commended_ids=agency_ids[:1],
            criticised_ids=agency_ids[2:3],
        ),
    )
    for data in plans:
        if Circular.objects.filter(number=data.number).exists():
            counts["skipped"] += 1
            continue
        if not data.to_all_agencies and not data.agency_ids:
            continue
        circular = circulars.issue_circular(supervisor, data)
        counts["circulars"] += 1
        _acknowledge(circular, heads)


def _acknowledge(circular: Circular, heads: dict[str, User | None]) -> None:
    """Acknowledge for the market regulation bureau, and with feedback for the construction one."""
    for username, feedback in (("head", ""), ("jianguan", "已收悉，将按要求整改。")):
        user = heads.get(username)
        if user is None or not circular.targets.filter(agency=user.agency).exists():
            continue
        circulars.acknowledge_circular(user, circular.pk, feedback)
