"""``zhifa spotcheck reproduce DRAW_ID``: print a draw and check that its seed reproduces it."""

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhifa.agencies.models import Officer
from zhifa.cases.models import SpotCheckDraw, SpotCheckEntity
from zhifa.cases.spotcheck import reproduce

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "双随机抽查：复核一次抽取记录能否由其随机种子重现。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        checker = subcommands.add_parser(
            "reproduce", help="打印抽取结果，并用保存的种子和候选名单重新抽取、比对"
        )
        checker.add_argument("draw_id", metavar="DRAW_ID", type=int, help="抽取记录编号")

    def handle(self, *args: Any, **options: Any) -> None:
        record = (
            SpotCheckDraw.objects.select_related("spot_check_list", "power_item", "agency")
            .filter(pk=options["draw_id"])
            .first()
        )
        if record is None:
            raise CommandError(f"没有编号为 {options['draw_id']} 的抽取记录。")

        drawn_at = timezone.localtime(record.drawn_at)
        self.stdout.write(f"抽取记录 {record.pk}：{record.agency.name}")
        self.stdout.write(f"名录：{record.spot_check_list}；检查事项：{record.power_item}")
        self.stdout.write(f"抽取时间：{drawn_at:%Y-%m-%d %H:%M}；随机种子：{record.seed}")
        self.stdout.write(
            f"候选对象 {len(record.entity_pool)} 个，候选执法人员 {len(record.officer_pool)} 名"
        )
        for assignment in record.assignments():
            names = "、".join(officer.full_name for officer in assignment.officers())
            entity = assignment.entity
            self.stdout.write(
                f"{assignment.position}. {entity.name}（{entity.identifier}）：{names}"
            )

        result = reproduce(record)
        if result.matches:
            self.stdout.write("复核结果：一致，重新抽取的结果与记录相同。")
            return
        self.stdout.write("复核结果：不一致。按种子重新抽取应为：")
        for position, (entity_id, officer_ids) in enumerate(result.expected, start=1):
            self.stdout.write(
                f"{position}. {_entity_label(entity_id)}：{_officer_names(officer_ids)}"
            )
        raise CommandError(f"抽取记录 {record.pk} 与重新抽取的结果不一致。")


def _entity_label(entity_id: int) -> str:
    entity = SpotCheckEntity.objects.filter(pk=entity_id).first()
    return entity.name if entity is not None else f"对象 {entity_id}（已不存在）"


def _officer_names(officer_ids: list[int]) -> str:
    names = dict(Officer.objects.filter(pk__in=officer_ids).values_list("pk", "full_name"))
    return "、".join(names.get(pk, f"人员 {pk}") for pk in officer_ids)
