"""The text scanner: a table of decision sentences and their expected masked form.

Each row is (text, parties, keep, expected). The parties and IDs come from ``support``.
"""

import pytest

from zhifa.publicity.redaction import PartyFacts

from .support import COMPANY, ID_SHANGHAI, ID_SHANGHAI_2, PERSON, redact

# (text, parties, keep, expected masked text)
Case = tuple[str, list[PartyFacts], tuple[str, ...], str]

NAMES: list[Case] = [
    ("当事人张三，男。", [PERSON], (), "当事人张某某，男。"),
    ("当事人张  三，男。", [PERSON], (), "当事人张某某，男。"),
    ("张三于3月5日、张三于3月6日", [PERSON], (), "张某某于3月5日、张某某于3月6日"),
    (
        "当事人欧阳娜娜经营",
        [PartyFacts(name="欧阳娜娜", kind="natural_person")],
        (),
        "当事人欧阳某某经营",
    ),
    (
        "当事人司马光到场",
        [PartyFacts(name="司马光", kind="natural_person")],
        (),
        "当事人司马某某到场",
    ),
    (
        "当事人诸葛明亮承认",
        [PartyFacts(name="诸葛明亮", kind="natural_person")],
        (),
        "当事人诸葛某某承认",
    ),
    (
        "当事人买买提•艾力（又写作买买提·艾力）",
        [PartyFacts(name="买买提·艾力", kind="natural_person")],
        (),
        "当事人买某某（又写作买某某）",
    ),
    # The operator of an individual business is kept as its name, per the default policy.
    (
        "当事人青浦区华新镇阿强小吃店",
        [PartyFacts(name="青浦区华新镇阿强小吃店", kind="individual_business")],
        (),
        "当事人青浦区华新镇阿强小吃店",
    ),
]

ID_NUMBERS: list[Case] = [
    (f"身份证号码：{ID_SHANGHAI}。", [], (), "身份证号码：310118********123X。"),
    ("身份证号码：31011819850315123x。", [], (), "身份证号码：310118********123X。"),
    (f"证件号{ID_SHANGHAI_2}，", [], (), "证件号310229********4564，"),
    (f"其号码为{ID_SHANGHAI_2}。", [], (), "其号码为310229********4564。"),
    # A wrong check digit still identifies the person, so an ID-shaped number is masked.
    ("号码310229199211084565。", [], (), "号码310229********4565。"),
    ("身份证310101 19900101 1234", [], (), "身份证310101********1234"),
    ("身份证号３１０２２９１９９２１１０８４５６４", [], (), "身份证号310229********4564"),
    ("旧身份证310101800101123。", [], (), "旧身份证310101*****1123。"),
    (f"当事人张三（{ID_SHANGHAI}）", [PERSON], (), "当事人张某某（310118********123X）"),
]

PHONES: list[Case] = [
    ("手机13800138000。", [], (), "手机[电话已隐去]。"),
    ("手机138 0013 8000。", [], (), "手机[电话已隐去]。"),
    ("手机138-0013-8000。", [], (), "手机[电话已隐去]。"),
    ("手机+86 138 0013 8000。", [], (), "手机[电话已隐去]。"),
    ("手机+8613800138000。", [], (), "手机[电话已隐去]。"),
    ("联系人电话15900001111", [], (), "联系人电话[电话已隐去]"),
    ("座机021-69201234。", [], (), "座机[电话已隐去]。"),
    ("座机(021)69201234。", [], (), "座机[电话已隐去]。"),
    ("座机（021）69201234。", [], (), "座机[电话已隐去]。"),
    ("座机021 6920 1234。", [], (), "座机[电话已隐去]。"),
    ("座机0512-57001234。", [], (), "座机[电话已隐去]。"),
    ("座机02169201234。", [], (), "座机[电话已隐去]。"),
    ("总机021-69201234转8001。", [], (), "总机[电话已隐去]。"),
    ("联系电话：69201234。", [], (), "联系电话：[电话已隐去]。"),
    ("联系电话：6920 1234。", [], (), "联系电话：[电话已隐去]。"),
]

BANK_ACCOUNTS: list[Case] = [
    ("收款账号：6222021234567890128。", [], (), "收款账号：[银行账号已隐去]。"),
    ("银行卡号 6222 0212 3456 7890 128，", [], (), "银行卡号 [银行账号已隐去]，"),
    (
        "开户银行：工商银行青浦支行，账号1001234567890123456",
        [],
        (),
        "开户银行：工商银行青浦支行，账号[银行账号已隐去]",
    ),
    ("对公账户 31001234567890", [], (), "对公账户 [银行账号已隐去]"),
    # Without a bank word, a card number that passes the Luhn check is masked.
    ("转入4111111111111111后", [], (), "转入[银行账号已隐去]后"),
]

PLATES: list[Case] = [
    ("驾驶沪A12345号车辆", [], (), "驾驶[车牌号已隐去]号车辆"),
    ("驾驶沪AD12345号新能源车", [], (), "驾驶[车牌号已隐去]号新能源车"),
    ("驾驶沪A12345D号货车", [], (), "驾驶[车牌号已隐去]号货车"),
    ("教练车沪A1234学", [], (), "教练车[车牌号已隐去]"),
    ("挂车苏E1234挂", [], (), "挂车[车牌号已隐去]"),
    ("车牌沪A·12345", [], (), "车牌[车牌号已隐去]"),
    ("车牌浙B 12345", [], (), "车牌[车牌号已隐去]"),
]

ADDRESSES: list[Case] = [
    (
        "张三，男，住上海市青浦区华新镇华志路123弄4号501室。",
        [PERSON],
        (),
        "张某某，男，住[住址已隐去]。",
    ),
    ("家住青浦区朱家角镇张马村3组45号，", [], (), "家住[住址已隐去]，"),
    ("现住址：上海市青浦区盈浦街道城中东路500弄12号302室；", [], (), "现住址：[住址已隐去]；"),
    ("户籍地安徽省六安市裕安区石婆店镇新河村小河组。", [], (), "户籍地[住址已隐去]。"),
    ("居住在徐泾镇明珠路88号3幢201的出租屋内", [], (), "居住在[住址已隐去]的出租屋内"),
    # The party's stored address is found without a cue word, also without 上海市.
    ("在青浦区华新镇华志路123弄4号501室内存放", [PERSON], (), "在[住址已隐去]内存放"),
]

PERSON_NAMES: list[Case] = [
    ("证人李四、王小明在场。", [], (), "证人李某某、王某某在场。"),
    ("见证人欧阳娜娜签字确认。", [], (), "见证人欧阳某某签字确认。"),
    ("当事人员工赵六陪同检查。", [], (), "当事人员工赵某某陪同检查。"),
    ("举报人黄晓明称其购买的牛奶已过期。", [], (), "举报人黄某某称其购买的牛奶已过期。"),
    ("委托代理人杨帆到场。", [], (), "委托代理人杨某某到场。"),
    ("当事人之子司马光到场。", [], (), "当事人之子司马某某到场。"),
    ("消费者马丽丽投诉。", [], (), "消费者马某某投诉。"),
    ("证人李四称不知情，李四还表示", [], (), "证人李某某称不知情，李某某还表示"),
    ("证人买买提·艾力称", [], (), "证人买某某称"),
    ("店员孙大伟在场。", [], (), "店员孙某某在场。"),
]


def _ids(cases: list[Case]) -> list[str]:
    return [case[0][:14] for case in cases]


ALL_CASES: list[Case] = [
    *NAMES,
    *ID_NUMBERS,
    *PHONES,
    *BANK_ACCOUNTS,
    *PLATES,
    *ADDRESSES,
    *PERSON_NAMES,
]


@pytest.mark.parametrize(("text", "parties", "keep", "expected"), ALL_CASES, ids=_ids(ALL_CASES))
def test_text_masked(
    text: str, parties: list[PartyFacts], keep: tuple[str, ...], expected: str
) -> None:
    assert redact(text, parties, keep=keep).masked == expected


def test_company_keeps_its_data() -> None:
    text = (
        "当事人：上海华光餐饮管理有限公司，统一社会信用代码：91350100M000100Y43，"
        "法定代表人：孙大伟，住所：上海市青浦区公园路100号，电话021-59701234。"
    )
    expected = (
        "当事人：上海华光餐饮管理有限公司，统一社会信用代码：91350100M000100Y43，"
        "法定代表人：孙大伟，住所：上海市青浦区公园路100号，电话[电话已隐去]。"
    )
    assert redact(text, [COMPANY]).masked == expected
