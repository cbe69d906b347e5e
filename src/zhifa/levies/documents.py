"""The documents of levies, requisitions and housing expropriation, registered with cases.

The bundled templates are built by ``zhifa.levies.document_templates.build``; each type names
the steps a final document of the type records.
"""

from pathlib import Path

from zhifa.cases.documents.registry import DocTypeSpec, FieldSpec, register_doc_type

TEMPLATE_DIR = Path(__file__).resolve().parent / "document_templates"
SIGNED = ("agency.name", "number", "date", "seal")
REMEDY = ("remedy.reconsideration_period", "remedy.litigation_period")


def _f(name: str, label: str, required: bool = True, max_length: int = 4000) -> FieldSpec:
    return FieldSpec(name, label, required, max_length)


_REMEDY_FIELDS = (
    _f("reconsideration_body", "行政复议机关", max_length=200),
    _f("court", "管辖人民法院", max_length=200),
)


def _spec(
    code: str,
    title: str,
    fields: tuple[FieldSpec, ...],
    steps: tuple[str, ...],
    *,
    number_label: str = "",
    extra: tuple[str, ...] = ("agency.name",),
    guidance: str = "",
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


SPECS = (
    _spec(
        "levy_payment_notice",
        "征收缴款通知书",
        (
            _f("legal_basis", "征收依据"),
            _f("base_description", "计征依据和计算方法"),
            _f("amount", "应缴金额", max_length=100),
            _f("due_on", "缴款期限", max_length=40),
            _f("payment_method", "缴款方式", max_length=500),
            _f("late_fee", "逾期滞纳金", required=False),
            *_REMEDY_FIELDS,
        ),
        ("levy_notice",),
        number_label="征缴",
        extra=(*SIGNED, "party.name", *REMEDY),
        guidance="写明征收依据、计征依据、应缴金额、缴款期限和方式；法律规定滞纳金的，写明逾期加收的标准。",
    ),
    _spec(
        "levy_reduction_decision",
        "减免决定书",
        (
            _f("application", "申请情况", required=False),
            _f("reduction", "减免内容和金额"),
            _f("legal_basis", "减免依据"),
            _f("reason", "减免理由"),
        ),
        ("levy_reduction",),
        number_label="减免",
        extra=(*SIGNED, "party.name"),
        guidance="减征或免征须有法律、法规依据，经负责人批准。",
    ),
    _spec(
        "requisition_decision",
        "征用决定书",
        (
            _f("emergency", "征用事由"),
            _f("legal_basis", "征用依据"),
            _f("property_list", "征用物品或场所"),
            _f("period", "征用期限", max_length=200),
            _f("handover", "交付时间和地点", max_length=500),
            *_REMEDY_FIELDS,
        ),
        ("requisition_decision",),
        number_label="征用",
        extra=(*SIGNED, "party.name", *REMEDY),
        guidance="写明征用事由、依据、物品、期限；使用后返还，毁损、灭失的依法给予补偿。",
    ),
    _spec(
        "requisition_inventory",
        "征用物品交接/返还清单",
        (
            _f("list_kind", "清单类别（交接或返还）", max_length=20),
            _f("transfer_on", "交接或返还日期", max_length=40),
            _f("property_list", "物品名称、数量"),
            _f("condition", "物品状况"),
        ),
        ("requisition_handover", "requisition_return"),
        extra=("agency.name", "party.name", "case.number"),
        guidance="逐项列明物品名称、数量和状况，双方签字；返还时写明完好、毁损或灭失。",
    ),
    _spec(
        "requisition_compensation_decision",
        "征用补偿决定书",
        (
            _f("facts", "征用及毁损、灭失情况"),
            _f("amount", "补偿金额", max_length=100),
            _f("calculation", "补偿计算方法"),
            _f("legal_basis", "补偿依据"),
            _f("payment", "支付方式和期限", max_length=500),
            *_REMEDY_FIELDS,
        ),
        ("requisition_compensation",),
        number_label="征补",
        extra=(*SIGNED, "party.name", *REMEDY),
    ),
    _spec(
        "compensation_plan_consultation_notice",
        "征收补偿方案征求意见公告",
        (
            _f("project", "项目名称", max_length=200),
            _f("scope", "征收范围"),
            _f("plan", "征收补偿方案"),
            _f("period", "征求意见期限", max_length=200),
            _f("how_to_comment", "意见提交方式", max_length=500),
        ),
        ("compensation_plan_consultation",),
        number_label="征意",
        extra=SIGNED,
        guidance="征求意见期限不得少于三十日（《国有土地上房屋征收与补偿条例》第十条）。",
    ),
    _spec(
        "consultation_results_notice",
        "征求意见情况及修改情况公告",
        (
            _f("project", "项目名称", max_length=200),
            _f("comments", "征求意见情况"),
            _f("changes", "根据公众意见修改的情况"),
            _f("hearing", "听证情况", required=False),
        ),
        ("consultation_results_published",),
        number_label="征修",
        extra=SIGNED,
        guidance="及时公布征求意见情况和修改情况（第十一条）。",
    ),
    _spec(
        "expropriation_decision_notice",
        "房屋征收决定公告",
        (
            _f("project", "项目名称", max_length=200),
            _f("public_interest", "公共利益事由"),
            _f("scope", "征收范围"),
            _f("department", "房屋征收部门", max_length=200),
            _f("plan", "征收补偿方案"),
            _f("signing_period", "签约期限", max_length=200),
            *_REMEDY_FIELDS,
        ),
        ("expropriation_decision", "expropriation_announcement"),
        number_label="征决",
        extra=(*SIGNED, *REMEDY),
        guidance="公告应当载明征收补偿方案和行政复议、行政诉讼权利等事项（第十三条）。",
    ),
    _spec(
        "housing_compensation_agreement",
        "房屋征收补偿协议",
        (
            _f("department", "房屋征收部门（甲方）", max_length=200),
            _f("owner", "被征收人（乙方）", max_length=200),
            _f("house", "被征收房屋坐落、面积", max_length=500),
            _f("valuation", "评估价值", max_length=200),
            _f("method", "补偿方式", max_length=100),
            _f("amount", "补偿金额"),
            _f("other_compensation", "搬迁费、临时安置费或周转用房、停产停业损失", required=False),
            _f("payment", "支付期限", max_length=500),
            _f("move_deadline", "搬迁期限", max_length=100),
        ),
        ("compensation_agreement",),
        number_label="征协",
        extra=("agency.name", "number"),
        guidance="载明补偿方式、补偿金额和支付期限、用于产权调换房屋的地点和面积、搬迁费、临时安置费或者周转用房、停产停业损失、搬迁期限、过渡方式和过渡期限（第二十五条）。",
    ),
    _spec(
        "housing_compensation_decision",
        "房屋征收补偿决定书",
        (
            _f("owner", "被征收人", max_length=200),
            _f("house", "被征收房屋坐落、面积", max_length=500),
            _f("facts", "未达成补偿协议的情况"),
            _f("valuation", "评估价值", max_length=200),
            _f("method", "补偿方式", max_length=100),
            _f("amount", "补偿金额"),
            _f("move_deadline", "搬迁期限", max_length=100),
            _f("legal_basis", "依据"),
            *_REMEDY_FIELDS,
        ),
        ("compensation_decision",),
        number_label="征补决",
        extra=(*SIGNED, *REMEDY),
        guidance="签约期限内未达成协议的，由区人民政府作出补偿决定并在征收范围内公告（第二十六条）。",
    ),
    _spec(
        "compensation_results_notice",
        "分户补偿情况公示",
        (
            _f("project", "项目名称", max_length=200),
            _f("results", "分户补偿情况"),
            _f("period", "公示期间", max_length=200, required=False),
        ),
        ("compensation_results_published",),
        extra=("agency.name", "date", "seal"),
        guidance="房屋征收部门应当将分户补偿情况在房屋征收范围内向被征收人公布（第二十九条）。",
    ),
    _spec(
        "court_enforcement_application",
        "强制执行申请书",
        (
            _f("court", "人民法院", max_length=200),
            _f("respondent", "被申请人", max_length=200),
            _f("decision", "补偿决定书文号及内容"),
            _f("facts", "未申请复议、诉讼和未搬迁的情况"),
            _f("demand", "催告情况"),
            _f("request", "申请事项"),
            _f("attachments", "附送材料", required=False),
        ),
        ("court_move_application",),
        number_label="执申",
        extra=SIGNED,
        guidance="复议、诉讼期限届满且在补偿决定规定的期限内不搬迁的，依法申请人民法院强制执行（第二十八条）；附补偿决定、催告书送达回证等材料（行政强制法第五十五条）。",
    ),
)


def register_all() -> None:
    for spec in SPECS:
        register_doc_type(spec)
