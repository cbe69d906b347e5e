"""The document types the platform produces, with the fields an officer fills for each.

Every type has a bundled Word template in ``zhifa/cases/document_templates`` (built by
``build.py`` there). Templates see these variables (all plain strings, lists and dicts):

- ``agency.name``, ``agency.short_name``
- ``case.number``, ``case.title``, ``case.kind``, ``case.opened_on``
- ``party.*`` (``name``, ``kind``, ``id_label``, ``id_number``, ``legal_representative``,
  ``address``, ``phone``), ``parties`` (the same, one per party) and ``parties_text``
- ``officers`` (``name``, ``credential_number``) and ``officers_text``
- ``steps`` (``sequence``, ``stage``, ``step``, ``occurred_at``, ``place``, ``summary``)
- ``number`` (the document number, empty on drafts), ``date`` (2026年12月4日), ``seal``
- ``remedy.reconsideration_period`` and ``remedy.litigation_period``
- ``doc.<field>`` for each field listed below
"""

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class PartyIdentity(Enum):
    """Whether a document shows the party's full ID number or the masked one."""

    FULL = "full"
    MASKED = "masked"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    required: bool = True
    max_length: int = 4000


@dataclass(frozen=True)
class DocTypeSpec:
    code: str
    title: str
    # Field names must not be names of dict methods (items, keys, values...): templates read
    # them as ``doc.<name>``, and Jinja looks up attributes before keys.
    fields: tuple[FieldSpec, ...]
    # Abbreviation put into the document number ({doc} in the pattern); empty means the
    # document type carries no number (records and internal approval forms).
    number_label: str = ""
    party_identity: PartyIdentity = PartyIdentity.FULL
    # Placeholders (dotted paths) an uploaded template must reference besides the required
    # fields, e.g. the items 行政处罚法 Art. 59 requires in a penalty decision.
    extra_placeholders: tuple[str, ...] = ("agency.name",)
    guidance: str = ""
    # Kinds registered by other apps ship their bundled templates in their own folder, and
    # name the step codes a final document of the type may be linked to.
    template_dir: Path | None = None
    steps: frozenset[str] = frozenset()

    @property
    def numbered(self) -> bool:
        return bool(self.number_label)

    @property
    def file_name(self) -> str:
        return f"{self.code}.docx"

    def field(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)

    def required_placeholders(self) -> set[str]:
        required = {f"doc.{spec.name}" for spec in self.fields if spec.required}
        return required | set(self.extra_placeholders)


def _f(name: str, label: str, required: bool = True, max_length: int = 4000) -> FieldSpec:
    return FieldSpec(name, label, required, max_length)


_OPINIONS = (
    _f("handler_opinion", "承办人意见"),
    _f("department_opinion", "承办部门负责人意见", required=False),
    _f("agency_opinion", "执法单位负责人意见", required=False),
)

# The items 行政处罚法 (2021) Art. 59 requires in a penalty decision, as placeholders.
PENALTY_DECISION_PLACEHOLDERS = (
    "party.name",
    "party.address",
    "doc.facts",
    "doc.evidence",
    "doc.penalty",
    "doc.penalty_basis",
    "doc.performance",
    "doc.reconsideration_body",
    "doc.court",
    "remedy.reconsideration_period",
    "remedy.litigation_period",
    "agency.name",
    "date",
    "seal",
)

_SPECS = (
    DocTypeSpec(
        "case_approval",
        "立案审批表",
        (
            _f("source", "案件来源", max_length=200),
            _f("received_on", "受案时间", required=False, max_length=40),
            _f("summary", "简要案情"),
            _f("legal_basis", "涉嫌违反的规定", required=False),
            *_OPINIONS,
        ),
        party_identity=PartyIdentity.MASKED,
        extra_placeholders=("agency.name", "parties_text", "case.title"),
        guidance="写明案件来源、受案时间和简要案情；承办人提出是否立案的意见，报负责人审批。",
    ),
    DocTypeSpec(
        "site_inspection_record",
        "现场检查（勘验）笔录",
        (
            _f("started_at", "检查时间", max_length=60),
            _f("place", "检查地点", max_length=200),
            _f("present_person", "现场负责人或在场人", required=False, max_length=200),
            _f("content", "检查（勘验）情况"),
            _f("party_opinion", "当事人意见", required=False),
        ),
        extra_placeholders=("agency.name", "party.name", "officers_text"),
        guidance="执法人员不少于两人并出示执法证件；如实记录现场情况，当事人逐页签名，拒绝签名的注明情况。",
    ),
    DocTypeSpec(
        "inquiry_record",
        "询问笔录",
        (
            _f("started_at", "询问时间", max_length=60),
            _f("place", "询问地点", max_length=200),
            _f("interviewee", "被询问人", max_length=60),
            _f("interviewee_id", "被询问人身份证件号码", required=False, max_length=40),
            _f("relation", "与案件关系", required=False, max_length=60),
            _f("recorder", "记录人", required=False, max_length=40),
            _f("content", "询问内容"),
        ),
        extra_placeholders=("agency.name", "officers_text"),
        guidance="告知被询问人有申请回避的权利和如实陈述的义务；问答逐条记录，被询问人核对后逐页签名。",
    ),
    DocTypeSpec(
        "evidence_preservation_notice",
        "先行登记保存证据通知书",
        (
            _f("reason", "先行登记保存事由"),
            _f("goods", "物品名称、规格、数量"),
            _f("place", "保存地点", max_length=200),
            _f("period_end", "保存期限至", max_length=40),
        ),
        number_label="登保",
        extra_placeholders=("agency.name", "party.name", "number", "date", "seal"),
        guidance="须经行政机关负责人批准；应当在七个工作日内作出处理决定（行政处罚法第五十六条）。",
    ),
    DocTypeSpec(
        "evidence_preservation_decision",
        "先行登记保存证据处理决定书",
        (
            _f("notice_number", "先行登记保存证据通知书文号", max_length=100),
            _f("handling", "处理决定"),
            _f("legal_basis", "依据"),
        ),
        number_label="登保处",
        extra_placeholders=("agency.name", "party.name", "number", "date", "seal"),
        guidance="自先行登记保存之日起七个工作日内作出，写明对每项物品的处理方式。",
    ),
    DocTypeSpec(
        "prior_notice",
        "行政处罚事先告知书",
        (
            _f("facts", "违法事实"),
            _f("evidence", "证据"),
            _f("legal_basis", "违反的规定"),
            _f("penalty_basis", "处罚依据"),
            _f("proposed_penalty", "拟作出的行政处罚"),
            _f("statement_deadline", "陈述、申辩期限", max_length=100),
            _f("hearing_right", "听证权利告知", required=False),
            _f("contact", "联系人及电话", required=False, max_length=100),
        ),
        number_label="罚告",
        extra_placeholders=("agency.name", "party.name", "number", "date", "seal"),
        guidance="告知拟作出的处罚内容及事实、理由、依据，以及陈述、申辩权；符合听证条件的同时告知听证权利（行政处罚法第四十四条、第六十三条）。",
    ),
    DocTypeSpec(
        "hearing_notice",
        "听证通知书",
        (
            _f("hearing_time", "听证时间", max_length=60),
            _f("hearing_place", "听证地点", max_length=200),
            _f("presiding_officer", "听证主持人", max_length=60),
            _f("clerk", "书记员", required=False, max_length=60),
            _f("publicity", "是否公开举行", max_length=100),
        ),
        number_label="听通",
        extra_placeholders=("agency.name", "party.name", "number", "date", "seal"),
        guidance="应当在举行听证的七个工作日前送达；主持人不得是本案调查人员（行政处罚法第六十四条）。",
    ),
    DocTypeSpec(
        "hearing_record",
        "听证笔录",
        (
            _f("hearing_time", "听证时间", max_length=60),
            _f("hearing_place", "听证地点", max_length=200),
            _f("presiding_officer", "听证主持人", max_length=60),
            _f("clerk", "书记员", required=False, max_length=60),
            _f("attendees", "参加人员", max_length=500),
            _f("content", "听证经过"),
        ),
        extra_placeholders=("agency.name", "party.name"),
        guidance="记录调查人员提出的事实、证据和处罚建议，当事人的申辩和质证；当事人或代理人签字，拒绝签字的由主持人注明。",
    ),
    DocTypeSpec(
        "penalty_decision",
        "行政处罚决定书",
        (
            _f("facts", "违法事实"),
            _f("evidence", "证据"),
            _f("legal_basis", "违反的规定", required=False),
            _f("penalty_basis", "处罚依据"),
            _f("penalty", "处罚种类和数额"),
            _f("performance", "履行方式和期限"),
            _f("reconsideration_body", "行政复议机关", max_length=200),
            _f("court", "管辖人民法院", max_length=200),
        ),
        number_label="罚决",
        extra_placeholders=(*PENALTY_DECISION_PLACEHOLDERS, "number"),
        guidance="必须载明行政处罚法第五十九条规定的全部事项，并加盖作出决定的行政机关印章。",
    ),
    DocTypeSpec(
        "summary_penalty_decision",
        "当场行政处罚决定书",
        (
            _f("occurred_at", "违法行为时间", max_length=60),
            _f("place", "违法行为地点", max_length=200),
            _f("facts", "违法行为"),
            _f("penalty_basis", "处罚依据"),
            _f("penalty", "处罚种类和罚款数额"),
            _f("performance", "履行方式和期限"),
            _f("reconsideration_body", "行政复议机关", max_length=200),
            _f("court", "管辖人民法院", max_length=200),
        ),
        number_label="当罚",
        extra_placeholders=(
            "agency.name",
            "party.name",
            "number",
            "date",
            "seal",
            "officers_text",
            "remedy.reconsideration_period",
            "remedy.litigation_period",
        ),
        guidance="适用简易程序，当场交付当事人；执法人员签名或者盖章，并报所属行政机关备案（行政处罚法第五十二条）。",
    ),
    DocTypeSpec(
        "service_receipt",
        "送达回证",
        (
            _f("served_document", "送达文书名称及文号", max_length=300),
            _f("recipient", "受送达人", max_length=200),
            _f("service_place", "送达地点", max_length=200),
            _f("service_method", "送达方式", max_length=60),
            _f("served_at", "送达时间", required=False, max_length=60),
            _f("notes", "备注", required=False),
        ),
        extra_placeholders=("agency.name",),
        guidance="受送达人在回证上签名或者盖章，签收日期为送达日期；拒收的，写明留置送达情况和见证人。",
    ),
    DocTypeSpec(
        "closing_approval",
        "结案审批表",
        (
            _f("outcome", "处理结果"),
            _f("execution", "执行情况"),
            *_OPINIONS,
        ),
        party_identity=PartyIdentity.MASKED,
        extra_placeholders=("agency.name", "parties_text", "case.number"),
        guidance="写明处理决定及其执行情况，承办人提出结案意见，报负责人审批。",
    ),
    DocTypeSpec(
        "inspection_record",
        "行政检查记录",
        (
            _f("inspected_at", "检查时间", max_length=60),
            _f("place", "检查地点", max_length=200),
            _f("basis", "检查依据"),
            _f("check_items", "检查事项"),
            _f("findings", "检查情况"),
            _f("party_opinion", "被检查人意见", required=False),
        ),
        extra_placeholders=("agency.name", "party.name", "officers_text"),
        guidance="出示执法证件，说明检查依据和事项；如实记录检查情况，被检查人签名确认。",
    ),
    DocTypeSpec(
        "inspection_result_notice",
        "行政检查结果告知书",
        (
            _f("inspected_on", "检查日期", max_length=40),
            _f("findings", "检查情况"),
            _f("result", "检查结论"),
            _f("requirements", "整改要求", required=False),
        ),
        number_label="检告",
        extra_placeholders=("agency.name", "party.name", "number", "date", "seal"),
        guidance="将检查结论书面告知被检查人；需要整改的，写明整改要求和期限。",
    ),
    # 行政处罚法 Art. 57 para. 1 (2) and (3), Art. 30 and Art. 33: the decision not to penalise.
    # ``guardian_order`` is filled only when the party was under 14 (Art. 30), but every
    # template must carry it; finalising requires it when the outcome is the under-14 one.
    DocTypeSpec(
        "no_penalty_decision",
        "不予行政处罚决定书",
        (
            _f("facts", "查明的事实"),
            _f("evidence", "证据"),
            _f("reasons", "不予行政处罚的理由"),
            _f("legal_basis", "不予行政处罚的依据"),
            _f("guardian_order", "责令监护人加以管教", required=False),
            _f("education", "对当事人的教育", required=False),
            _f("reconsideration_body", "行政复议机关", max_length=200),
            _f("court", "管辖人民法院", max_length=200),
        ),
        number_label="不罚",
        extra_placeholders=(
            "agency.name",
            "party.name",
            "party.address",
            "doc.guardian_order",
            "remedy.reconsideration_period",
            "remedy.litigation_period",
            "number",
            "date",
            "seal",
        ),
        guidance="写明查明的事实和证据、不予行政处罚的理由和依据，以及申请行政复议、提起行政诉讼的途径和期限；当事人违法时不满十四周岁的，写明责令其监护人加以管教（行政处罚法第三十条）；依法不予处罚的，应当对当事人进行教育（第三十三条）。",
    ),
    # 行政处罚法 Art. 27 para. 1 and Art. 57 para. 1 (4): a suspected crime goes to the judiciary.
    # The materials are one per line and print as a numbered list.
    DocTypeSpec(
        "criminal_transfer",
        "涉嫌犯罪案件移送书",
        (
            _f("receiving_organ", "接收移送的司法机关", max_length=100),
            _f("facts", "涉嫌犯罪的事实"),
            _f("reasons", "涉嫌犯罪的理由"),
            _f("materials", "移送材料清单（每行一项）"),
            _f("contact", "联系人及电话", required=False, max_length=100),
        ),
        number_label="移送",
        extra_placeholders=("agency.name", "party.name", "case.number", "number", "date", "seal"),
        guidance="写明接收移送的司法机关、当事人、涉嫌犯罪的事实和理由，逐项列明随案移送的材料（每行一项），加盖印章后连同材料一并移送（行政处罚法第二十七条）。",
    ),
)

DOC_TYPES: dict[str, DocTypeSpec] = {spec.code: spec for spec in _SPECS}


def register_doc_type(spec: DocTypeSpec) -> None:
    """Add the document type of another app; it needs its own ``template_dir``."""
    if spec.template_dir is None:
        raise LookupError(f"document type {spec.code!r} needs a template_dir")
    existing = DOC_TYPES.get(spec.code)
    if existing is not None and existing != spec:
        raise LookupError(f"document type {spec.code!r} is already registered")
    DOC_TYPES[spec.code] = spec


def doc_type_choices() -> list[tuple[str, str]]:
    return [(spec.code, spec.title) for spec in DOC_TYPES.values()]
