"""The document types of coercive measures and compulsory enforcement, with their fields.

The bundled templates are built by ``zhifa.coercion.document_templates.build``. Each type's
fields are what 行政强制法 requires the document to state (article beside each type).
"""

from pathlib import Path

from zhifa.cases.documents.registry import DocTypeSpec, FieldSpec

TEMPLATE_DIR = Path(__file__).resolve().parent / "document_templates"

SIGNED = ("agency.name", "party.name", "number", "date", "seal")


def _f(name: str, label: str, required: bool = True, max_length: int = 4000) -> FieldSpec:
    return FieldSpec(name, label, required, max_length)


def _spec(
    code: str,
    title: str,
    fields: tuple[FieldSpec, ...],
    number_label: str,
    steps: set[str],
    guidance: str,
    extra: tuple[str, ...] = SIGNED,
) -> DocTypeSpec:
    return DocTypeSpec(
        code,
        title,
        fields,
        number_label=number_label,
        extra_placeholders=extra,
        guidance=guidance,
        template_dir=TEMPLATE_DIR,
        steps=frozenset(steps),
    )


_REMEDY = (
    _f("reconsideration_body", "行政复议机关", max_length=200),
    _f("court", "管辖人民法院", max_length=200),
)
_REMEDY_PLACEHOLDERS = ("remedy.reconsideration_period", "remedy.litigation_period")

DOC_TYPES = (
    # Art. 24: party, reason and basis, the items, the duration, remedies, agency, seal, date.
    _spec(
        "seizure_decision",
        "查封（扣押）决定书及清单",
        (
            _f("measure", "措施种类（查封或扣押）", max_length=10),
            _f("reason", "理由"),
            _f("legal_basis", "依据"),
            _f("place", "场所、设施或者财物所在地", max_length=200),
            _f("inventory", "清单（名称、数量、规格、状况）"),
            _f("period", "期限", max_length=100),
            *_REMEDY,
        ),
        "查扣",
        {"measure_imposed"},
        "经行政机关负责人批准后当场交付当事人，清单由当事人和执法人员签名或者盖章（行政强制法第二十四条）。",
        (*SIGNED, *_REMEDY_PLACEHOLDERS),
    ),
    # Art. 31: party, reason and basis, amount, duration, bank and account, remedies.
    _spec(
        "freezing_decision",
        "冻结决定书",
        (
            _f("reason", "理由"),
            _f("legal_basis", "依据"),
            _f("bank", "金融机构", max_length=100),
            _f("account", "账号", max_length=60),
            _f("amount", "冻结金额", max_length=40),
            _f("period", "冻结期限", max_length=100),
            *_REMEDY,
        ),
        "冻决",
        {"deposits_frozen", "freezing_decision_served"},
        "冻结后三日内交付当事人；冻结金额应与违法行为涉及的金额相当（行政强制法第二十九条、第三十一条）。",
        (*SIGNED, *_REMEDY_PLACEHOLDERS),
    ),
    # Art. 25 para. 2: the extension is notified in writing with its reasons.
    _spec(
        "measure_extension_decision",
        "延长查封（扣押）期限决定书",
        (
            _f("original_decision", "原查封（扣押）决定书文号", max_length=100),
            _f("reason", "延长理由"),
            _f("extension", "延长期限", max_length=100),
            _f("new_deadline", "延长后期限届满日", max_length=40),
        ),
        "延期",
        {"measure_extended"},
        "情况复杂的，经行政机关负责人批准可以延长一次，延长期限不得超过三十日，并书面告知当事人理由。",
    ),
    # Art. 28: release, and the items returned at once.
    _spec(
        "measure_release_decision",
        "解除查封（扣押）决定书",
        (
            _f("original_decision", "原查封（扣押）决定书文号", max_length=100),
            _f("reason", "解除理由"),
            _f("inventory", "退还财物清单"),
        ),
        "解除",
        {"measure_released"},
        "解除查封、扣押的，应当立即退还财物（行政强制法第二十八条）。",
    ),
    # Art. 35: deadline, manner, amount and payment, the right to state and defend.
    _spec(
        "enforcement_demand_notice",
        "催告书",
        (
            _f("decision", "被执行的行政决定", max_length=300),
            _f("obligation", "应当履行的义务"),
            _f("deadline", "履行期限", max_length=100),
            _f("manner", "履行方式"),
            _f("amount", "金额及给付方式", required=False),
        ),
        "催告",
        {"demand_served", "substitute_demand"},
        "载明履行期限、方式，涉及金钱给付的写明金额和给付方式，并告知陈述权和申辩权（行政强制法第三十五条）。",
    ),
    # Art. 37: party, reason and basis, method and time of enforcement, remedies.
    _spec(
        "enforcement_decision",
        "行政强制执行决定书",
        (
            _f("decision", "被执行的行政决定", max_length=300),
            _f("reason", "强制执行的理由"),
            _f("legal_basis", "依据"),
            _f("method", "强制执行的方式"),
            _f("time", "强制执行的时间", max_length=100),
            *_REMEDY,
        ),
        "强执",
        {"enforcement_decision"},
        "当事人逾期仍不履行且无正当理由的作出；不得在夜间或者法定节假日实施，情况紧急的除外（第三十七条、第四十三条）。",
        (*SIGNED, *_REMEDY_PLACEHOLDERS),
    ),
    # Art. 51: party, reason and basis, method and time, target, cost estimate, performer.
    _spec(
        "substitute_decision",
        "代履行决定书",
        (
            _f("reason", "理由"),
            _f("legal_basis", "依据"),
            _f("method", "代履行方式"),
            _f("time", "代履行时间", max_length=100),
            _f("target", "代履行标的"),
            _f("cost_estimate", "费用预算", max_length=60),
            _f("performer", "代履行人", max_length=200),
        ),
        "代履",
        {"substitute_decision"},
        "代履行三日前催告当事人履行，当事人履行的停止代履行；费用由当事人承担（行政强制法第五十一条）。",
    ),
    # Art. 52: the party absent is notified immediately afterwards.
    _spec(
        "immediate_substitute_notice",
        "立即代履行事后通知书",
        (
            _f("performed_at", "实施时间", max_length=100),
            _f("place", "地点", max_length=200),
            _f("content", "清除的遗洒物、障碍物或者污染物"),
            _f("legal_basis", "依据"),
            _f("cost", "代履行费用", max_length=60),
            _f("handling", "后续依法处理事项", required=False),
        ),
        "立代",
        {"immediate_substitute_notice"},
        "当事人不在场的，应当在事后立即通知当事人，并依法作出处理（行政强制法第五十二条）。",
    ),
    # Art. 39-40: suspension or termination, with the ground.
    _spec(
        "enforcement_suspension",
        "中止（终结）执行决定书",
        (
            _f("measure", "中止或终结", max_length=10),
            _f("decision", "被执行的行政决定", max_length=300),
            _f("ground", "法定情形"),
            _f("legal_basis", "依据"),
        ),
        "中终",
        {"enforcement_suspended", "enforcement_terminated"},
        "中止执行的情形消失后恢复执行；没有明显社会危害、当事人确无能力履行且中止满三年未恢复的，不再执行。",
    ),
    # Art. 42: the agreement, instalments, and resumption if the party breaks it.
    _spec(
        "enforcement_agreement",
        "执行协议",
        (
            _f("decision", "被执行的行政决定", max_length=300),
            _f("terms", "协议内容"),
            _f("instalments", "分阶段履行计划", required=False),
            _f("charges_waived", "减免的加处罚款或者滞纳金", required=False, max_length=200),
        ),
        "执协",
        {"enforcement_agreement"},
        "不得损害公共利益和他人合法权益；当事人不履行执行协议的，行政机关应当恢复强制执行（第四十二条）。",
    ),
    # Art. 55: the application with the decision, the party's opinions and the demand.
    _spec(
        "compulsion_court_application",
        "强制执行申请书",
        (
            _f("court", "受理法院", max_length=200),
            _f("decision", "据以执行的行政决定及其事实、理由、依据"),
            _f("party_opinion", "当事人的意见"),
            _f("demand", "催告情况"),
            _f("object", "申请强制执行标的情况"),
            _f("attachments", "其他材料", required=False),
        ),
        "执申",
        {"court_application"},
        "复议、诉讼期限届满之日起三个月内提出，催告书送达十日后当事人仍未履行的方可申请（第五十三条至第五十五条）。",
    ),
)
