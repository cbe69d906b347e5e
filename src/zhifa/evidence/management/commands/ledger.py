"""``zhifa ledger``: the tamper-evident ledger (存证账本) from the command line."""

import argparse
import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core.chinese_dates import chinese_date
from zhifa.core.errors import ZhifaError
from zhifa.evidence.ledger import heads, proofs, signing, sync, verify
from zhifa.evidence.ledger.rows import SOURCES


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD") from error


def _count(text: str) -> int:
    try:
        number = int(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"“{text}”应为非负整数") from error
    if number < 0:
        raise argparse.ArgumentTypeError(f"应为非负整数，实际为 {number}")
    return number


def _verify_advice(report: verify.Report) -> list[str]:
    """Return the advice on the findings. Sync is suggested only when nothing was tampered with."""
    advice = []
    if report.problems:
        advice.append(
            "不符之处说明记录、文件或账本在平台之外被改动或删除，须调查原因并保全现状，"
            "不得用 zhifa ledger sync 重新记入。"
        )
    if report.unledgered and report.problems:
        advice.append(
            "未记入账本的记录可能正是账本条目被删除的记录：查明不符之处之前，不要运行 "
            "zhifa ledger sync。"
        )
    elif report.unledgered:
        advice.append(
            "未记入账本的记录：确认是合法写入（如批量导入、账本启用前的数据）后，"
            "可运行 zhifa ledger sync 补记；补记只证明记录自补记之时起未被改动。"
        )
    if report.orphan_files:
        advice.append(
            "存储中有账本之外的文件：可能是正在进行或已失败的上传留下的；"
            "zhifa evidence cleanup 会删除其中超过一天的文件。若存证内容记录被删除，"
            "对应的账本条目会报告“记录已被删除”。"
        )
    return advice


class Command(BaseCommand):
    help = "存证账本：生成签名密钥、每日签名树头、全量核验、补记，出具包含证明和一致性证明。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        subcommands.add_parser(
            "keygen",
            help="生成签名私钥，写入 ZHIFA_LEDGER_KEY_FILE（权限 0600，已存在则不覆盖），"
            "算法由 ZHIFA_LEDGER_SIGNATURE 决定",
        )

        sign_head = subcommands.add_parser(
            "sign-head", help="为账本当前全部条目生成当天的签名树头，每天一个；由定时任务每日运行"
        )
        sign_head.add_argument(
            "--date", type=_date, help="树头日期 YYYY-MM-DD，默认今天（上海时间）"
        )

        checker = subcommands.add_parser(
            "verify",
            help="逐条核验账本：序号、叶子摘要、链摘要、记录与文件、签名树头；有问题时退出码为 1",
        )
        checker.add_argument(
            "--chain-only",
            action="store_true",
            help="只核验序号、摘要链、默克尔树和签名树头，不核对记录和文件",
        )

        subcommands.add_parser(
            "sync",
            help="为尚未记入账本的记录补记条目，可重复运行；核验报告不符时须先调查，不要补记",
        )

        prove = subcommands.add_parser("prove", help="输出某一条目的包含证明")
        prove.add_argument("position", type=_count, help="条目序号（从 0 起）")
        prove.add_argument(
            "--size",
            type=_count,
            help="树的大小（条目数）；默认取覆盖该条目的最新签名树头，没有则取账本现有条目数",
        )
        prove.add_argument(
            "--json",
            action="store_true",
            help="输出 JSON，可交给 tools/verify_ledger_proof.py 离线核验",
        )

        consistency = subcommands.add_parser(
            "consistency", help="输出两个树的大小之间的一致性证明（前者是后者的前缀），JSON 格式"
        )
        consistency.add_argument("old_size", type=_count, help="较早的树的大小（条目数）")
        consistency.add_argument("new_size", type=_count, help="较晚的树的大小（条目数）")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {
            "keygen": self._keygen,
            "sign-head": self._sign_head,
            "verify": self._verify,
            "sync": self._sync,
            "prove": self._prove,
            "consistency": self._consistency,
        }
        try:
            handlers[options["subcommand"]](options)
        except ZhifaError as error:
            raise CommandError(error.message) from error
        except signing.SigningKeyError as error:
            raise CommandError(str(error)) from error

    def _keygen(self, options: dict[str, Any]) -> None:
        algorithm = signing.configured_algorithm()
        path = signing.key_path()
        content, public_hex = signing.generate_key(algorithm)
        try:
            signing.write_key_file(path, content)
        except FileExistsError as error:
            raise CommandError(
                f"签名私钥文件 {path} 已存在，未覆盖。更换密钥前请先备份并移走旧文件。"
            ) from error
        self.stdout.write(f"已生成 {algorithm.upper()} 签名私钥：{path}（权限 0600）")
        self.stdout.write(f"公钥：{public_hex}")

    def _sign_head(self, options: dict[str, Any]) -> None:
        head = heads.sign_tree_head(options["date"])
        self.stdout.write(
            f"已生成{chinese_date(head.signed_on)}的签名树头："
            f"{head.tree_size} 条，树根 {head.root_hash}，"
            f"{head.hash_algorithm.upper()}/{head.signature_algorithm.upper()}"
        )

    def _verify(self, options: dict[str, Any]) -> None:
        def progress(count: int) -> None:
            self.stderr.write(f"已核验 {count} 条……")

        report = verify.verify_ledger(chain_only=options["chain_only"], progress=progress)
        for problem in report.problems:
            where = f"序号 {problem.position}" if problem.position is not None else "树头"
            ref = f" {problem.ref}" if problem.ref else ""
            self.stdout.write(f"不符：{where}{ref}：{problem.message}")
        for kind, pk in report.unledgered:
            self.stdout.write(f"未记入账本：{SOURCES[kind].label} {kind}:{pk}")
        for name in report.orphan_files:
            self.stdout.write(f"存储中有账本之外的文件：{name}")
        for name in report.destroyed_files:
            self.stdout.write(f"已按鉴定销毁：{name}")
        self.stdout.write(
            f"共核验 {report.entries} 条账本条目、{report.heads} 个签名树头、"
            f"{report.files} 个文件条目（{report.bytes_hashed} 字节）；"
            f"不符 {len(report.problems)} 处，未记入账本的记录 {len(report.unledgered)} 条，"
            f"存储中有账本之外的文件 {len(report.orphan_files)} 个，"
            f"已按鉴定销毁的文件 {len(report.destroyed_files)} 个。"
        )
        for line in _verify_advice(report):
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("账本核验未通过。", returncode=1)
        self.stdout.write("账本核验通过。")

    def _sync(self, options: dict[str, Any]) -> None:
        added = sync.sync_ledger()
        if not added:
            self.stdout.write("所有记录均已记入账本，未追加条目。")
            return
        for kind, count in added.items():
            self.stdout.write(f"补记 {SOURCES[kind].label} {count} 条")

    def _consistency(self, options: dict[str, Any]) -> None:
        document = proofs.consistency_document(options["old_size"], options["new_size"])
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))

    def _prove(self, options: dict[str, Any]) -> None:
        document = proofs.inclusion_document(options["position"], options["size"])
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        entry = document["entry"]
        lines = [
            f"条目序号：{entry['position']}（{entry['ref']}）",
            f"内容：{entry['payload']}",
            f"叶子摘要（{document['hash_algorithm']}）：{entry['leaf_hash']}",
            f"树的大小：{document['tree_size']}",
            "包含路径：",
            *(f"  {index}. {node}" for index, node in enumerate(document["inclusion_path"], 1)),
            f"树根：{document['root_hash']}",
        ]
        head = document["tree_head"]
        if head is None:
            lines.append("尚无该大小的签名树头；下一次签名后，可按新树头的大小重新出具证明。")
        else:
            lines += [
                f"签名树头：{head['signed_on']}，{head['signature_algorithm'].upper()} 签名",
                f"  公钥：{head['public_key']}",
                f"  签名：{head['signature']}",
            ]
            if head["root_hash"] != document["root_hash"]:
                lines.append(
                    "警告：按账本现有内容算出的树根与签名树头不符，请运行 zhifa ledger verify。"
                )
        self.stdout.write("\n".join(lines))
