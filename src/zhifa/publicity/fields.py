"""The fields of a publication, named by the national dual-publicity (双公示) codes.

Penalty decisions use the standard's ``CF_*`` codes and licensing decisions its ``XK_*``
codes. Other decisions and inspection results use the ``GS_*`` codes below for the items that
国办发〔2018〕118号 names (agency, party, kind, conclusion). A version stores its masked values
under these codes. Fields marked not public (such as the party's ID number) stay out of the
snapshot and go only to the credit platform's export. The codes are taken from public systems
that exchange data with credit platforms and are 待核实 against the 上海市公共信用信息服务平台
interface specification.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PublicField:
    code: str
    label: str
    public: bool = True


PENALTY_FIELDS = (
    PublicField("CF_XDR_MC", "行政相对人名称"),
    PublicField("CF_XDR_LB", "行政相对人类别"),
    PublicField("CF_XDR_SHXYM", "统一社会信用代码"),
    PublicField("CF_FRDB", "法定代表人"),
    PublicField("CF_XDR_ZJLX", "证件类型", public=False),
    PublicField("CF_XDR_ZJHM", "证件号码", public=False),
    PublicField("CF_WSH", "行政处罚决定书文号"),
    PublicField("CF_WFXW", "违法行为类型"),
    PublicField("CF_SY", "违法事实"),
    PublicField("CF_YJ", "处罚依据"),
    PublicField("CF_CFLB", "处罚类别"),
    PublicField("CF_NR", "处罚内容"),
    PublicField("CF_NR_FK", "罚款金额（万元）"),
    PublicField("CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）"),
    PublicField("CF_NR_ZKDX", "暂扣或吊销证照名称及编号"),
    PublicField("CF_JDRQ", "处罚决定日期"),
    PublicField("CF_YXQ", "处罚有效期"),
    PublicField("CF_GSJZQ", "公示截止期"),
    PublicField("CF_CFJG", "处罚机关"),
    PublicField("CF_CFJGDM", "处罚机关统一社会信用代码"),
    PublicField("CF_SJLY", "数据来源单位"),
    PublicField("CF_SJLYDM", "数据来源单位统一社会信用代码"),
    PublicField("BZ", "备注"),
)

LICENSE_FIELDS = (
    PublicField("XK_XDR_MC", "行政相对人名称"),
    PublicField("XK_XDR_LB", "行政相对人类别"),
    PublicField("XK_XDR_SHXYM", "统一社会信用代码"),
    PublicField("XK_FRDB", "法定代表人"),
    PublicField("XK_XDR_ZJLX", "证件类型", public=False),
    PublicField("XK_XDR_ZJHM", "证件号码", public=False),
    PublicField("XK_XKWS", "行政许可决定文书名称"),
    PublicField("XK_WSH", "行政许可决定文书号"),
    PublicField("XK_XKLB", "许可类别"),
    PublicField("XK_XKZS", "许可证书名称"),
    PublicField("XK_XKBH", "许可编号"),
    PublicField("XK_NR", "许可内容"),
    PublicField("XK_JDRQ", "许可决定日期"),
    PublicField("XK_YXQZ", "有效期自"),
    PublicField("XK_YXQZI", "有效期至"),
    PublicField("XK_XKJG", "许可机关"),
    PublicField("XK_XKJGDM", "许可机关统一社会信用代码"),
    PublicField("XK_ZT", "当前状态"),
    PublicField("XK_LYDW", "数据来源单位"),
    PublicField("XK_LYDWDM", "数据来源单位统一社会信用代码"),
    PublicField("BZ", "备注"),
)

GENERAL_FIELDS = (
    PublicField("GS_XDR_MC", "行政相对人名称"),
    PublicField("GS_XDR_LB", "行政相对人类别"),
    PublicField("GS_XDR_SHXYM", "统一社会信用代码"),
    PublicField("GS_WSH", "决定书文号"),
    PublicField("GS_LB", "执法类别"),
    PublicField("GS_JL", "执法结论"),
    PublicField("GS_YJ", "依据"),
    PublicField("GS_JDRQ", "决定日期"),
    PublicField("GS_JG", "执法机关"),
    PublicField("BZ", "备注"),
)

PARTY_NAME_CODES = ("CF_XDR_MC", "XK_XDR_MC", "GS_XDR_MC")
PARTY_KIND_CODES = ("CF_XDR_LB", "XK_XDR_LB", "GS_XDR_LB")


def fields_for(kind: str) -> tuple[PublicField, ...]:
    """Return the field list of a publication kind (``PublicationKind`` value)."""
    if kind == "penalty":
        return PENALTY_FIELDS
    if kind == "license":
        return LICENSE_FIELDS
    return GENERAL_FIELDS


def public_values(kind: str, values: dict[str, str]) -> list[tuple[str, str]]:
    """Return (label, value) of the public fields that have a value, in standard order."""
    return [
        (field.label, str(values[field.code]))
        for field in fields_for(kind)
        if field.public and values.get(field.code) not in (None, "")
    ]


def first_value(values: dict[str, str], codes: tuple[str, ...]) -> str:
    return next((str(values[code]) for code in codes if values.get(code)), "")
