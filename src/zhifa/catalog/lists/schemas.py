"""The fields of each ex-ante list (事前公开清单), in the order agencies keep them in Excel.

Sources: 行政处罚法 Art. 34 (裁量基准), Art. 20 (委托书), Art. 39 (救济渠道, 程序), Art. 41
(电子技术监控设备 locations); 国办发〔2018〕118号 (随机抽查事项清单, 服务指南, 执法流程图).
"""

from dataclasses import dataclass

from zhifa.catalog.models import ListKind

# Maximum length of a field's text, in characters: one line, or several lines (multiline).
MAX_LINE_LENGTH = 200
MAX_TEXT_LENGTH = 5000


@dataclass(frozen=True)
class ListField:
    """One column of a list; ``is_date`` fields are stored as ISO dates (2026-01-01)."""

    key: str
    label: str
    required: bool = True
    multiline: bool = False
    is_date: bool = False

    @property
    def max_length(self) -> int:
        return MAX_TEXT_LENGTH if self.multiline else MAX_LINE_LENGTH


@dataclass(frozen=True)
class ListSchema:
    kind: str
    label: str
    code_label: str
    title_label: str
    fields: tuple[ListField, ...]

    def field(self, key: str) -> ListField | None:
        return next((field for field in self.fields if field.key == key), None)


SCHEMAS: dict[str, ListSchema] = {
    schema.kind: schema
    for schema in (
        ListSchema(
            ListKind.DISCRETION_BENCHMARK,
            ListKind.DISCRETION_BENCHMARK.label,
            "基准编号",
            "违法行为",
            (
                ListField("legal_provision", "违反的规定", multiline=True),
                ListField("penalty_provision", "处罚依据", multiline=True),
                ListField("circumstance", "违法情节"),
                ListField("benchmark", "裁量标准", multiline=True),
                ListField("note", "备注", required=False),
            ),
        ),
        ListSchema(
            ListKind.RANDOM_INSPECTION_ITEM,
            ListKind.RANDOM_INSPECTION_ITEM.label,
            "事项编号",
            "抽查事项",
            (
                ListField("inspection_object", "检查对象"),
                ListField("inspection_content", "检查内容", multiline=True),
                ListField("inspection_method", "检查方式"),
                ListField("legal_basis", "检查依据", multiline=True),
                ListField("frequency", "抽查比例和频次", required=False),
            ),
        ),
        ListSchema(
            ListKind.SERVICE_GUIDE,
            ListKind.SERVICE_GUIDE.label,
            "事项编号",
            "事项名称",
            (
                ListField("accepting_unit", "受理机构"),
                ListField("deciding_unit", "决定机构"),
                ListField("conditions", "办理条件", multiline=True),
                ListField("materials", "申请材料", multiline=True),
                ListField("time_limit", "办理时限"),
                ListField("fee", "收费标准", required=False),
                ListField("flow_steps", "流程步骤（每行一步）", multiline=True),
                ListField("contact", "咨询电话", required=False),
            ),
        ),
        ListSchema(
            ListKind.RELIEF_CHANNEL,
            ListKind.RELIEF_CHANNEL.label,
            "渠道编号",
            "救济方式",
            (
                ListField("body", "受理机关"),
                ListField("time_limit", "申请期限"),
                ListField("address", "地址", required=False),
                ListField("phone", "电话", required=False),
                ListField("legal_basis", "依据", multiline=True),
            ),
        ),
        ListSchema(
            ListKind.MONITORING_DEVICE,
            ListKind.MONITORING_DEVICE.label,
            "设备编号",
            "设置地点",
            (
                ListField("direction", "监控方向或范围", required=False),
                ListField("monitored_conduct", "监控的违法行为"),
                ListField("review_passed_on", "法制和技术审核通过日期", is_date=True),
                ListField("legal_basis", "设置依据", multiline=True),
            ),
        ),
        ListSchema(
            ListKind.ENTRUSTMENT,
            ListKind.ENTRUSTMENT.label,
            "委托书编号",
            "受委托组织",
            (
                ListField("entrusting_agency", "委托机关"),
                ListField("matters", "委托事项和权限", multiline=True),
                ListField("term", "委托期限"),
                ListField("legal_basis", "委托依据", multiline=True),
            ),
        ),
    )
}


def schema_for(kind: str) -> ListSchema:
    """Return the schema of ``kind``; raise KeyError for a value that is not a ``ListKind``."""
    return SCHEMAS[kind]
