"""Seed the platform's default scoring standard (评查标准), in force, for the bureau to adapt.

The items are the platform's reading of the 行政处罚法 (2021) and of the State Council's
guidance on the three systems (国办发〔2018〕118号); no bureau has adopted them yet, so the
note asks the bureau to check and adapt them. Points add up to 100.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

NOTE = (
    "本标准为平台提供的默认评查标准，依据《中华人民共和国行政处罚法》（2021年修订）和"
    "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
    "（国办发〔2018〕118号）拟定，尚未经区司法局审定（待核实）。请区司法局结合本区评查办法编制新版本并施行。"
)

# (code, group, aspect, points, text)
ITEMS = [
    (
        "GS-1",
        "publicity",
        "procedure",
        "6",
        "执法人员不少于两人并持有有效执法证件，在检查、调查取证、送达等环节出示执法证件"
        "（行政处罚法第四十二条、第五十五条）。",
    ),
    (
        "GS-2",
        "publicity",
        "procedure",
        "7",
        "作出决定前告知拟作出的决定及其事实、理由、依据，以及陈述、申辩、要求听证等权利，"
        "并对当事人提出的意见进行复核（行政处罚法第四十四条、第四十五条、第六十二条）。",
    ),
    (
        "GS-3",
        "publicity",
        "procedure",
        "7",
        "具有一定社会影响的行政处罚决定和行政许可决定在规定期限内公示，公示内容已按规定脱敏"
        "（行政处罚法第四十八条；双公示自决定之日起7个工作日内）。",
    ),
    (
        "GS-4",
        "publicity",
        "documents",
        "5",
        "已公示的决定被变更、撤销、确认违法或者确认无效的，在3个工作日内撤回原公示信息并公开说明理由"
        "（行政处罚法第四十八条）。",
    ),
    (
        "JL-1",
        "recording",
        "evidence",
        "8",
        "启动、调查取证、审核、决定、送达、执行各环节均有文字记录，笔录要素齐全，"
        "经当事人签名或者注明拒签情况（行政处罚法第四十七条、第五十五条）。",
    ),
    (
        "JL-2",
        "recording",
        "evidence",
        "7",
        "查封扣押财产、强制拆除等直接涉及人身财产权益的现场执法和执法办案场所进行全程音像记录，"
        "记录中断的有说明。",
    ),
    (
        "JL-3",
        "recording",
        "evidence",
        "8",
        "证据种类和收集程序合法，足以证明违法事实；先行登记保存证据经行政机关负责人批准，"
        "并在7个工作日内作出处理决定（行政处罚法第四十六条、第五十六条）。",
    ),
    (
        "JL-4",
        "recording",
        "documents",
        "6",
        "文书送达有送达回证，送达方式符合规定；电子送达有当事人签署的确认书，公告送达记明原因"
        "（行政处罚法第六十一条）。",
    ),
    (
        "JL-5",
        "recording",
        "procedure",
        "6",
        "自立案之日起90日内作出决定，或者依法办理延长手续；结案后及时归档，案卷材料完整、排列有序"
        "（行政处罚法第六十条）。",
    ),
    (
        "SH-1",
        "review",
        "procedure",
        "10",
        "属于重大执法决定情形的，作出决定前经法制审核；未经法制审核或者审核未通过的，未作出决定"
        "（行政处罚法第五十八条）。",
    ),
    (
        "SH-2",
        "review",
        "legal_basis",
        "8",
        "认定事实清楚，适用法律、法规、规章正确，引用条款具体到条、款、项。",
    ),
    (
        "SH-3",
        "review",
        "legal_basis",
        "6",
        "正确适用裁量基准；从轻、减轻或者不予处罚的情形认定有据（行政处罚法第三十二条、第三十三条、第三十四条）。",
    ),
    (
        "SH-4",
        "review",
        "procedure",
        "6",
        "初次从事法制审核的人员取得法律职业资格；审核意见为书面意见且说理充分；"
        "情节复杂或者重大违法行为经集体讨论决定（行政处罚法第五十七条、第五十八条）。",
    ),
    (
        "SH-5",
        "review",
        "documents",
        "6",
        "行政处罚决定书载明当事人、违法事实和证据、处罚种类和依据、履行方式和期限、"
        "申请复议或者提起诉讼的途径和期限、作出决定的机关名称和日期，并加盖印章（行政处罚法第五十九条）。",
    ),
    (
        "SH-6",
        "review",
        "procedure",
        "4",
        "符合听证条件的告知听证权利，当事人申请听证的依法组织听证，听证程序和期限符合规定"
        "（行政处罚法第六十三条、第六十四条）。",
    ),
]


def seed(apps, schema_editor):
    Standard = apps.get_model("evaluation", "Standard")
    StandardItem = apps.get_model("evaluation", "StandardItem")
    if Standard.objects.exists():
        return
    total = sum(Decimal(points) for _, _, _, points, _ in ITEMS)
    if total != Decimal("100"):
        raise ValueError(f"the default standard adds up to {total}, not 100")

    standard = Standard.objects.create(
        version=1,
        name="行政执法案卷评查标准（平台默认）",
        state="in_force",
        is_platform_default=True,
        note=NOTE,
        in_force_from=timezone.now(),
    )
    StandardItem.objects.bulk_create(
        StandardItem(
            standard=standard,
            code=code,
            group=group,
            aspect=aspect,
            text=text,
            points=Decimal(points),
            sort_order=index,
        )
        for index, (code, group, aspect, points, text) in enumerate(ITEMS, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_draws_append_only")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
