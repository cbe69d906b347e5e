"""Text that must stay as it is, kept strings, the approver's strings, merging and policy."""

import pytest

from zhifa.publicity.redaction import PartyFacts, Policy

from .support import COMPANY, ID_SHANGHAI, PERSON, USCC_ALL_DIGITS, USCC_EXAMPLE, redact, unmask

INTACT = [
    "当事人上海华光餐饮管理有限公司（统一社会信用代码：91350100M000100Y43）",
    f"统一社会信用代码{USCC_EXAMPLE}",
    f"统一社会信用代码{USCC_ALL_DIGITS}",
    f"信用代码：{USCC_ALL_DIGITS}。",
    "注册号310229000123456。",
    "沪青市监罚〔2026〕12号",
    "青市监处字〔2026〕第000123号",
    "罚款人民币50000元，没收违法所得1,234,567.89元",
    "罚款人民币伍万元整（¥50,000.00）",
    "2026年3月5日、2026-03-05、20260305",
    "依据《中华人民共和国食品安全法》第一百二十四条第一款第（三）项",
    "违反了《上海市食品安全条例》第二十条第一款",
    "青浦区朱家角镇、练塘镇、金泽镇、白鹤镇、赵巷镇、徐泾镇、重固镇、华新镇",
    "香花桥街道、夏阳街道、盈浦街道",
    "顾客反映，该店服务高明，方正整洁。",
    "市民热线12345，投诉举报电话12315。",
    "区住房和城乡建设管理委员会",
    "当事人应缴纳住宿费用",
    "检查时记住了现场情况",
    "抽检样品批号20260301001，条码6901234567892",
    "订单号1234567890123456",
    "本决定书一式三份.当事人一份",
    "当事人张某某，住址不详。",
    "沪B2-20190001号增值电信业务经营许可证",
    "京ICP备12345678号",
    "当事人提供了食品经营许可证和银行卡号。",
    "本案由执法人员陈建国负责承办，审核人周建华。",
    "当事人的经营场所位于上海市青浦区华新镇华志路123号。",
    "上海华光餐饮管理有限公司位于青浦区公园路100号",
    "当事人于2026年3月10日提交陈述申辩意见。",
    "当事人应缴纳住宿费用，申请人应当到场",
]


@pytest.mark.parametrize("text", INTACT, ids=[text[:12] for text in INTACT])
def test_text_intact(text: str) -> None:
    result = redact(text, [COMPANY])
    assert result.masked == text
    assert result.masks == ()


def test_officers_in_keep_stay() -> None:
    text = (
        "执法人员陈建国（执法证号31012345678）、刘芳（执法证号31012345679）出示证件，"
        "证人陈建国在场。"
    )
    result = redact(text, keep=["陈建国", "刘芳", "31012345678", "31012345679"])
    assert result.masked == text


def test_keep_protects_name_inside_company() -> None:
    company = PartyFacts(name="上海张三餐饮有限公司", kind="legal_person")
    text = "当事人张三系上海张三餐饮有限公司股东。"
    result = redact(text, [PERSON, company])
    assert result.masked == "当事人张某某系上海张三餐饮有限公司股东。"


def test_extra_masks_every_occurrence() -> None:
    text = "王五协助检查，王五称。某某项目位于某处。"
    result = redact(text, extra=["王五", "某某项目"])
    assert result.masked == "王某某协助检查，王某某称。[已隐去]位于某处。"
    assert {mask.source for mask in result.masks} == {"manual"}


def test_extra_shapes_choose_replacement() -> None:
    text = "电话021-69201234，卡6222021234567890128，编号69201234"
    result = redact(text, extra=["021-69201234", "6222021234567890128", "69201234"])
    assert result.masked == "电话[电话已隐去]，卡[银行账号已隐去]，编号[已隐去]"


def test_extra_inside_kept_string_stays() -> None:
    text = "上海张三餐饮有限公司的张三"
    result = redact(text, keep=["上海张三餐饮有限公司"], extra=["张三"])
    assert result.masked == "上海张三餐饮有限公司的张某某"


def test_address_cut_around_kept_string() -> None:
    text = "家住华志路4号华光公司宿舍3室，"
    result = redact(text, keep=["华光公司"])
    assert result.masked == "家住[住址已隐去]华光公司[住址已隐去]，"


def test_overlapping_detections_merge() -> None:
    text = f"当事人张三，身份证{ID_SHANGHAI}，手机13800138000。"
    result = redact(text, [PERSON])
    kinds = [mask.kind for mask in result.masks]
    assert kinds == ["name", "id_number", "phone"]
    assert result.masks[2].source in {"party", "pattern"}


def test_masks_never_overlap() -> None:
    text = "证人张三、李四，家住张家村3组5号，账号6222021234567890128，手机13800138000"
    result = redact(text, [PERSON])
    ends = [mask.end for mask in result.masks][:-1]
    starts = [mask.start for mask in result.masks][1:]
    assert all(end <= start for end, start in zip(ends, starts, strict=True))


def test_other_text_kept_byte_for_byte() -> None:
    text = (
        "当事人：张三，男，1985年3月15日出生，\r\n身份证号码：31011819850315123X，"
        "住上海市青浦区华新镇华志路123弄4号501室，手机 138 0013 8000。\t"
        "经查，证人李四在场。罚款人民币50,000.00元。《食品安全法》第三十四条。\n"
    )
    result = redact(text, [PERSON])
    assert len(result.masks) == 5
    assert unmask(result) == text
    gaps = [text[: result.masks[0].start]]
    gaps += [text[a.end : b.start] for a, b in zip(result.masks, result.masks[1:], strict=False)]
    gaps.append(text[result.masks[-1].end :])
    for gap in gaps:
        assert gap in result.masked


def test_mask_spans_index_original() -> None:
    text = "当事人张三，手机13800138000"
    result = redact(text, [PERSON])
    assert [text[mask.start : mask.end] for mask in result.masks] == ["张三", "13800138000"]


def test_empty_text() -> None:
    result = redact("", [PERSON])
    assert result.masked == ""
    assert result.masks == ()


POLICY_CASES = [
    (("natural_person", "name", "full"), "当事人张三", "当事人某某"),
    (("natural_person", "name", "keep"), "当事人张三", "当事人张三"),
    (("natural_person", "id_number", "full"), f"身份证{ID_SHANGHAI}", "身份证[身份证号已隐去]"),
    (("natural_person", "phone", "partial"), "手机13800138000", "手机138****8000"),
    (("natural_person", "plate", "partial"), "车辆沪A12345", "车辆沪A*****"),
    (("natural_person", "plate", "keep"), "车辆沪A12345", "车辆沪A12345"),
    (("natural_person", "address", "remove"), "家住华志路4号。", "家住[住址已隐去]。"),
    (("any", "other_person", "keep"), "证人李四在场", "证人李四在场"),
    (("any", "other_person", "full"), "证人李四在场", "证人某某在场"),
]


@pytest.mark.parametrize(("row", "text", "expected"), POLICY_CASES)
def test_policy_changes_text(row: tuple[str, str, str], text: str, expected: str) -> None:
    policy = Policy.defaults().with_methods([row])
    assert redact(text, [PERSON], policy=policy).masked == expected


def test_policy_masks_legal_representative() -> None:
    policy = Policy.defaults().with_methods([("legal_person", "legal_representative", "surname")])
    result = redact("法定代表人：孙大伟。", [COMPANY], policy=policy)
    assert result.masked == "法定代表人：孙某某。"


def test_policy_unknown_pair_is_full() -> None:
    assert Policy({}).method("natural_person", "phone") == "full"
    assert Policy.defaults().method("legal_person", "other_person") == "surname"


SUSPECT_CASES = [
    ("检查时李四也在店内。", ("李四",)),
    ("证人李四在场。", ()),
    ("执法人员陈建国、刘芳出示证件。", ()),
    ("检查时李四在店内，证人李四称。", ()),
    ("当事人提供了许可证和银行卡。", ()),
]


@pytest.mark.parametrize(("text", "expected"), SUSPECT_CASES)
def test_suspects_listed(text: str, expected: tuple[str, ...]) -> None:
    assert redact(text).suspects == expected


def test_suspects_skip_kept_and_extra() -> None:
    text = "检查时李四、张五也在店内。"
    result = redact(text, keep=["李四"], extra=["张五"])
    assert result.suspects == ()
    assert result.masked == "检查时李四、张某某也在店内。"


def test_suspects_empty_when_policy_keeps_names() -> None:
    policy = Policy.defaults().with_methods([("any", "other_person", "keep")])
    assert redact("检查时李四也在店内。", policy=policy).suspects == ()


def test_party_prefix_widened_without_leak() -> None:
    result = redact("张三丰称，张三签字。", [PERSON])
    assert result.masked == "张某某称，张某某签字。"
    assert [(mask.start, mask.end) for mask in result.masks] == [(0, 3), (5, 7)]
    assert unmask(result) == "张三丰称，张三签字。"


def test_function_word_after_name_stays() -> None:
    assert redact("张三于3月5日到场", [PERSON]).masked == "张某某于3月5日到场"
