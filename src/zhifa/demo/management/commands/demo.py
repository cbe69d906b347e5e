"""``zhifa demo reference`` loads the district's public lists; ``load`` adds demo people too."""

import importlib
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zhifa.demo.cases_demo import load_cases
from zhifa.demo.people import DEMO_PASSWORD, load_demo
from zhifa.demo.reference import load_reference

# The apps that add case kinds, remedies and AV records, each with ``demo.load(today)``.
# Remedies come after the kinds because they are filed against decided cases of the other
# kinds, AV records after them because they record steps of the coercion and penalty cases,
# publicity after them because it publishes the decisions (and withdrawals) of all the others,
# the archives after publicity because a case file holds its publication history (the schedule
# first, so that files get its periods; the handover last, as it signs today's tree head over
# the archiving entries), and supervision last: reports count what the others made, and the
# alert sweep runs on it all.
KIND_DEMOS = (
    ("licensing", "行政许可"),
    ("coercion", "行政强制"),
    ("levies", "行政征收征用"),
    ("review", "法制审核"),
    ("remedies", "行政复议与行政诉讼"),
    ("evidence", "音像记录"),
    ("publicity", "行政执法公示"),
    ("archives.retention", "保管期限表和档案冻结"),
    ("archives.casefiles", "案卷归档"),
    ("archives.checks", "四性检测"),
    ("archives.use", "档案利用"),
    ("archives.disposition", "档案鉴定与销毁"),
    ("archives.handover", "档案移交"),
    ("supervision.complaints", "投诉举报和满意度评价"),
    ("supervision.evaluation", "案卷评查和年度考核"),
    ("supervision.guidance", "指导案例、执法制度和通报"),
    ("supervision.reports", "执法数据月报和年报"),
    ("supervision.alerts", "预警提醒"),
)


class Command(BaseCommand):
    help = "载入青浦区参考数据（reference）或参考数据加演示数据（load）。重复执行不会改动已有数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="action", required=True)
        subcommands.add_parser("reference", help="只载入执法主体、司法所和执法领域")
        subcommands.add_parser("load", help="载入参考数据和演示用的执法人员、权责事项、账号、案件")

    def handle(self, *args: Any, **options: Any) -> None:
        reference = load_reference()
        self.stdout.write(
            f"参考数据：新增执法领域 {reference['domains']} 个，"
            f"执法主体 {reference['agencies']} 个，"
            f"司法所 {reference['judicial_offices']} 个。"
        )
        if options["action"] != "load":
            return

        today = timezone.localdate()
        demo = load_demo(today)
        self.stdout.write(
            f"演示数据：新增权责事项 {demo['power_items']} 项，执法人员 {demo['officers']} 名，"
            f"法制审核人员 {demo['reviewers']} 名，账号 {demo['users']} 个。"
        )
        if demo["users"]:
            self.stdout.write(f"演示账号的密码均为 {DEMO_PASSWORD}，见 README。")
        cases = load_cases(today)
        self.stdout.write(
            f"演示案件：新增案件 {cases['cases']} 件，定稿文书 {cases['documents']} 份，"
            f"随机抽查名录 {cases['spot_checks']} 个，外部系统导入案件 {cases['exchanged']} 件。"
        )
        for app, label in KIND_DEMOS:
            counts = importlib.import_module(f"zhifa.{app}.demo").load(today)
            added = sum(count for key, count in counts.items() if key != "skipped")
            self.stdout.write(
                f"{label}演示数据：新增 {added} 项，已有 {counts.get('skipped', 0)} 项。"
            )
