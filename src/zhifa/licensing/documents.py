"""The licensing document types, registered with the case documents.

The bundled Word templates are built by ``document_templates/build.py`` beside them. Each
type names the steps a final document of that type may be linked to.
"""

from pathlib import Path

from zhifa.cases.documents.registry import DocTypeSpec, FieldSpec, register_doc_type

TEMPLATE_DIR = Path(__file__).resolve().parent / "document_templates"
SIGNED = ("agency.name", "party.name", "number", "date", "seal")
REMEDY = ("remedy.reconsideration_period", "remedy.litigation_period")


def _f(name: str, label: str, required: bool = True, max_length: int = 4000) -> FieldSpec:
    return FieldSpec(name, label, required, max_length)


def _spec(
    code: str,
    title: str,
    fields: tuple[FieldSpec, ...],
    number_label: str,
    steps: frozenset[str],
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
        steps=steps,
    )


_ITEM = _f("license_item", "许可事项", max_length=200)
_RECEIVED = _f("received_on", "收到申请材料日期", max_length=40)

SPECS = (
    _spec(
        "license_acceptance_notice",
        "行政许可申请受理通知书",
        (
            _ITEM,
            _RECEIVED,
            _f("materials", "已收到的申请材料"),
            _f("accepted_on", "受理日期", max_length=40),
            _f("decision_period", "作出决定的期限", max_length=200),
        ),
        "许受",
        frozenset({"license_application", "acceptance_decision"}),
        "同时作为申请材料接收凭证，载明收到的材料和日期；受理之日起二十个工作日内作出决定"
        "（行政许可法第三十二条、第四十二条）。",
    ),
    _spec(
        "license_non_acceptance",
        "不予受理行政许可申请决定书",
        (
            _ITEM,
            _RECEIVED,
            _f("reasons", "不予受理的理由"),
            _f("other_agency", "应向其申请的机关", False),
        ),
        "许不受",
        frozenset({"acceptance_decision"}),
        "说明不予受理的理由；不属于本机关职权的，告知申请人向有关行政机关申请（第三十二条）。",
        SIGNED + REMEDY,
    ),
    _spec(
        "license_supplement_notice",
        "行政许可申请材料补正告知书",
        (
            _ITEM,
            _RECEIVED,
            _f("missing_materials", "需要补正的全部内容"),
            _f("submit_by", "补正方式和期限", False),
        ),
        "许补",
        frozenset({"supplement_request"}),
        "收到申请材料之日起五个工作日内一次性告知需要补正的全部内容；逾期不告知的，自收到"
        "申请材料之日起即为受理（第三十二条）。",
    ),
    _spec(
        "license_hearing_right_notice",
        "行政许可听证告知书",
        (
            _ITEM,
            _f("interests", "涉及的重大利益关系"),
            _f("request_deadline", "申请听证期限", max_length=40),
        ),
        "许听告",
        frozenset({"hearing_right_notice"}),
        "告知申请人、利害关系人享有要求听证的权利；被告知之日起五个工作日内提出申请，"
        "不承担听证费用（第四十七条）。",
    ),
    _spec(
        "license_hearing_notice",
        "行政许可听证通知书",
        (
            _ITEM,
            _f("hearing_time", "听证时间", max_length=60),
            _f("hearing_place", "听证地点", max_length=200),
            _f("presiding_officer", "听证主持人", max_length=60),
        ),
        "许听通",
        frozenset({"license_hearing_notice", "hearing_announcement"}),
        "于举行听证的七个工作日前通知，必要时予以公告；主持人为审查该申请以外的人员"
        "（第四十八条）。",
    ),
    _spec(
        "license_grant_decision",
        "准予行政许可决定书",
        (
            _ITEM,
            _f("content", "许可内容"),
            _f("legal_basis", "法律依据"),
            _f("certificate_name", "许可证件名称", max_length=100),
            _f("validity", "有效期限", max_length=200),
            _f("commitment", "告知承诺及核查事项", False),
        ),
        "许准",
        frozenset({"license_decision"}),
        "准予许可的决定应当予以公开；需要颁发许可证件的，自决定之日起十个工作日内颁发"
        "（第四十条、第四十四条）。",
    ),
    _spec(
        "license_refusal_decision",
        "不予行政许可决定书",
        (_ITEM, _f("reasons", "不予许可的理由"), _f("legal_basis", "法律依据")),
        "许不准",
        frozenset({"license_decision"}),
        "说明理由，并告知申请人享有依法申请行政复议或者提起行政诉讼的权利（第三十八条）。",
        SIGNED + REMEDY,
    ),
    _spec(
        "license_extension_notice",
        "延长行政许可期限通知书",
        (_ITEM, _f("reason", "延长理由"), _f("new_deadline", "延长后的期限", max_length=40)),
        "许延",
        frozenset({"license_extension"}),
        "二十个工作日内不能作出决定的，经本机关负责人批准可以延长十个工作日，并将延长期限的"
        "理由告知申请人（第四十二条）。",
    ),
    _spec(
        "license_excluded_period_notice",
        "行政许可期限扣除告知书",
        (
            _ITEM,
            _f("excluded_matter", "听证、检验、检测、专家评审等事项"),
            _f("period", "所需时间", max_length=200),
        ),
        "许扣",
        frozenset({"excluded_period"}),
        "听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计算在期限内，"
        "应当将所需时间书面告知申请人（第四十五条）。",
    ),
    _spec(
        "license_disposal_decision",
        "行政许可变更、撤回、撤销、注销决定书",
        (
            _f("disposal", "决定事项（变更、撤回、撤销或注销）", max_length=20),
            _f("licence", "许可证件名称及编号", max_length=200),
            _f("grounds", "事实和理由"),
            _f("legal_basis", "法律依据"),
            _f("compensation", "补偿或赔偿", False),
        ),
        "许处",
        frozenset({"disposal_decision"}),
        "变更、撤回须有公共利益事由并依法补偿（第八条）；撤销依第六十九条，以欺骗、贿赂取得的"
        "不予赔偿；注销写明第七十条所列情形。",
        SIGNED + REMEDY,
    ),
)


def register_all() -> None:
    for spec in SPECS:
        register_doc_type(spec)
