"""Measure the portal's decision search on a large generated snapshot table.

Run: .venv/bin/python benchmarks/bench_portal_search.py [--rows 1000000] [--runs 20]
It builds a throw-away SQLite installation in a temporary folder. When DATABASE_URL is set it
uses that database instead, which must be an empty PostgreSQL database. A database that
already has snapshot rows (an earlier run's DATABASE_URL, or its SQLite data folder given as
ZHIFA_BENCH_DATA_DIR) is measured as it is. It loads the
district's agencies and bulk-inserts ``--rows`` publications with their public snapshots
(``PublishedItem``), each with a generated Chinese decision text of about 150 to 250
characters. The full-text index is filled as the portal fills it on SQLite (the FTS5 triggers
run for every row, with synchronous writes off and a 1 GiB page cache on the throw-away
file). On PostgreSQL the GIN index is dropped before the load and built again afterwards
with the migration's own statement, then the table is vacuumed and analysed.

Then, for each query, it times ``zhifa.portal.search.search_decisions`` (capped count plus
one page of 20, with the plan it picks, shown in the table). In the same process it times the
same query in plain SQL: ``LIKE`` on the same search text, full count plus the same page. It
checks that both return the same rows and the same total up to ``TOTAL_CAP``, and prints p50
and p95 in milliseconds. Nothing is asserted.
"""

import argparse
import datetime
import importlib
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

# ZHIFA_BENCH_DATA_DIR names the data folder of an earlier run, whose rows are then measured
# again without generating new ones (the folder is never deleted).
data_dir = os.environ.get("ZHIFA_BENCH_DATA_DIR") or tempfile.mkdtemp(
    prefix="zhifa-bench-portal-search-"
)
os.environ["ZHIFA_DATA_DIR"] = data_dir
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
os.environ.setdefault("ZHIFA_LOG_LEVEL", "WARNING")

import django  # noqa: E402 - settings must be configured by the environment above first

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from zhifa.agencies.models import Agency  # noqa: E402
from zhifa.demo.reference import load_reference  # noqa: E402
from zhifa.portal.search import (  # noqa: E402
    TOTAL_CAP,
    DecisionQuery,
    parse_terms,
    search_decisions,
)
from zhifa.publicity.models import Publication, PublishedItem  # noqa: E402
from zhifa.publicity.search_text import index_text  # noqa: E402

BATCH = 10_000
PAGE = 20
FIRST_DAY = datetime.date(2022, 1, 1)
DAYS = 5 * 365

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶"
    "程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPANY_WORDS = [
    "青浦",
    "朱家角",
    "华新",
    "赵巷",
    "徐泾",
    "练塘",
    "金泽",
    "白鹤",
    "重固",
    "香花桥",
    "盈浦",
    "夏阳",
    "东方",
    "长江",
    "申城",
    "淀山湖",
    "恒丰",
    "鑫达",
    "宏远",
    "锦绣",
]
COMPANY_KINDS = [
    "餐饮管理有限公司",
    "建筑工程有限公司",
    "食品有限公司",
    "物流有限公司",
    "商贸有限公司",
    "环保科技有限公司",
    "汽车服务有限公司",
    "装饰工程有限公司",
    "农业专业合作社",
    "便利店",
]
PLACES = [
    "朱家角镇北大街",
    "盈浦街道城中北路",
    "夏阳街道青松路",
    "赵巷镇嘉松中路",
    "徐泾镇诸光路",
    "华新镇华志路",
    "练塘镇章练塘路",
    "金泽镇金溪路",
    "白鹤镇外青松公路",
    "重固镇福泉山路",
    "香花桥街道北青公路",
    "青浦工业园区崧泽大道",
]
VIOLATIONS = [
    ("擅自设摊经营", "《上海市市容环境卫生管理条例》"),
    ("未按规定分类投放生活垃圾", "《上海市生活垃圾管理条例》"),
    ("随意倾倒建筑垃圾", "《上海市建筑垃圾处理管理规定》"),
    ("销售标签不符合规定的食品", "《中华人民共和国食品安全法》"),
    ("未取得食品经营许可从事食品经营活动", "《中华人民共和国食品安全法》"),
    ("夜间施工产生噪声污染", "《中华人民共和国噪声污染防治法》"),
    ("超标排放大气污染物", "《中华人民共和国大气污染防治法》"),
    ("未按规定设置消防安全标志", "《中华人民共和国消防法》"),
    ("擅自占用城市道路堆放物料", "《城市道路管理条例》"),
    ("未经批准擅自搭建建筑物", "《上海市拆除违法建筑若干规定》"),
    ("经营超过保质期的食品", "《中华人民共和国食品安全法》"),
    ("虚假宣传商品功效", "《中华人民共和国反不正当竞争法》"),
    ("无证驾驶营运车辆", "《上海市出租汽车管理条例》"),
    ("擅自砍伐树木", "《上海市绿化条例》"),
    ("未按规定办理排水许可", "《城镇排水与污水处理条例》"),
]
PENALTIES = ["警告", "罚款", "没收违法所得", "没收非法财物", "责令停产停业", "暂扣许可证件"]


def make_text(generator: random.Random, party: str, decided_on: datetime.date) -> str:
    violation, law = generator.choice(VIOLATIONS)
    place = generator.choice(PLACES)
    number = generator.randint(1, 3) * 100 + generator.randint(0, 9) * 10
    amount = generator.choice([200, 500, 1000, 2000, 3000, 5000, 10000, 20000, 50000])
    penalty = generator.choice(PENALTIES)
    fine = f"{amount}元" if penalty == "罚款" else f"并处罚款{amount}元"
    return (
        f"当事人{party}于{decided_on:%Y年%m月%d日}在{place}{number}号{violation}。"
        f"执法人员现场检查，制作了现场检查笔录，并拍摄照片{generator.randint(2, 9)}张。"
        f"当事人的行为违反了{law}第{generator.randint(5, 60)}条的规定。"
        f"依据{law}第{generator.randint(61, 120)}条，决定给予{penalty}"
        f"{fine}的行政处罚。"
        f"当事人如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，"
        f"或者在六个月内依法提起行政诉讼。"
    )


def make_party(generator: random.Random) -> tuple[str, str]:
    if generator.random() < 0.4:
        return generator.choice(SURNAMES) + "某某", "自然人"
    name = generator.choice(COMPANY_WORDS) + generator.choice(COMPANY_KINDS)
    return "上海" + name, "法人及非法人组织"


def generate(total: int) -> float:
    """Bulk-insert ``total`` publications and their snapshots; return the seconds it took."""
    started = time.perf_counter()
    generator = random.Random(20261205)  # noqa: S311 - made-up data, not security
    agencies = list(Agency.objects.order_by("pk").values_list("pk", "name", "abbreviation"))
    prepare_load()
    with transaction.atomic():
        for start in range(0, total, BATCH):
            rows = []
            for index in range(start, min(start + BATCH, total)):
                agency_id, agency_name, abbreviation = agencies[index % len(agencies)]
                decided_on = FIRST_DAY + datetime.timedelta(days=generator.randrange(DAYS))
                party, party_kind = make_party(generator)
                rows.append(
                    (
                        agency_id,
                        agency_name,
                        f"{abbreviation or '青'}罚〔{decided_on.year}〕{index % 9000 + 1}号",
                        decided_on,
                        party,
                        party_kind,
                        make_text(generator, party, decided_on),
                    )
                )
            publications = Publication.objects.bulk_create(
                [
                    Publication(
                        agency_id=row[0],
                        kind="penalty",
                        source="manual",
                        title="行政处罚决定书",
                        document_number=row[2],
                        decided_on=row[3],
                        status="published",
                    )
                    for row in rows
                ]
            )
            PublishedItem.objects.bulk_create(
                [
                    PublishedItem(
                        publication_id=publication.pk,
                        agency_id_public=row[0],
                        publisher_name=row[1],
                        kind="penalty",
                        title="行政处罚决定书",
                        document_number=row[2],
                        party_name=row[4],
                        party_kind=row[5],
                        decided_on=row[3],
                        published_on=row[3] + datetime.timedelta(days=generator.randint(1, 7)),
                        fields={"CF_XDR_MC": row[4], "CF_XDR_LB": row[5], "CF_WSH": row[2]},
                        text=row[6],
                        version_number=1,
                        search_text=index_text("行政处罚决定书", row[2], row[4], row[1], row[6]),
                    )
                    for publication, row in zip(publications, rows, strict=True)
                ]
            )
            if (start // BATCH) % 10 == 9 or start + BATCH >= total:
                print(f"  {min(start + BATCH, total)} rows written", file=sys.stderr)
    finish_load()
    return time.perf_counter() - started


# The PostgreSQL statements of the full-text index migration (its module name starts with a
# digit, so it cannot be imported with an import statement).
SEARCH_INDEX = importlib.import_module("zhifa.publicity.migrations.0002_search_index")


def prepare_load() -> None:
    """Speed up the bulk insert: unsafe SQLite writes, or no GIN index on PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP INDEX publicity_publisheditem_search")
        else:
            # The file is thrown away after the run, so a crash may corrupt it.
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -1048576")


def finish_load() -> None:
    """Build the GIN index again on PostgreSQL and gather planner statistics."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '1GB'")
            # POSTGRESQL_FORWARD[1] is the CREATE INDEX of publicity_publisheditem_search.
            cursor.execute(SEARCH_INDEX.POSTGRESQL_FORWARD[1])
            cursor.execute("RESET maintenance_work_mem")
            # VACUUM sets the visibility map, which lets the capped counts use index-only scans.
            cursor.execute("VACUUM ANALYZE publicity_publisheditem")
        else:
            cursor.execute("ANALYZE")


def like_baseline(query: DecisionQuery, page: int) -> Callable[[], tuple[int, list[int]]]:
    """Return the same search as plain SQL: a LIKE per term on the search text, no index."""
    where = ["is_public = %s"]
    params: list[int | str | bool] = [True]
    for term in query.terms:
        where.append("search_text LIKE %s")
        params.append("%" + " ".join(term) + "%")
    if query.agency_pk is not None:
        where.append("agency_id_public = %s")
        params.append(query.agency_pk)
    condition = " AND ".join(where)

    def run() -> tuple[int, list[int]]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM publicity_publisheditem WHERE {condition}",  # noqa: S608
                params,
            )
            total = int(cursor.fetchone()[0])
            # The portal clamps the page to the last one of at most TOTAL_CAP matches.
            last_page = max(1, math.ceil(min(total, TOTAL_CAP) / PAGE))
            offset = (min(page, last_page) - 1) * PAGE
            cursor.execute(
                f"SELECT id FROM publicity_publisheditem WHERE {condition}"  # noqa: S608
                f" ORDER BY published_on DESC, id DESC LIMIT {PAGE} OFFSET {offset}",
                params,
            )
            return min(total, TOTAL_CAP), [int(row[0]) for row in cursor.fetchall()]

    return run


def portal_search(query: DecisionQuery, page: int) -> Callable[[], tuple[int, list[int]]]:
    def run() -> tuple[int, list[int]]:
        found = search_decisions(query, page=page, per_page=PAGE)
        return found.total, found.ids

    return run


def percentiles(function: Callable[[], object], runs: int) -> tuple[float, float]:
    """Return p50 and p95 of ``runs`` calls, in milliseconds, after one warm-up call."""
    function()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)]


def main() -> None:
    parser = argparse.ArgumentParser(description="测量公示检索在大量公示快照上的响应时间")
    parser.add_argument("--rows", type=int, default=1_000_000, help="生成的公示快照条数")
    parser.add_argument("--runs", type=int, default=20, help="每个检索的计时次数（另加 1 次预热）")
    options = parser.parse_args()

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; data folder {data_dir}")
    call_command("migrate", verbosity=0)
    existing = PublishedItem.objects.count()
    if existing:
        print(f"reusing {existing} snapshot rows; --rows is ignored")
    else:
        load_reference()
        seconds = generate(options.rows)
        print(f"generated {PublishedItem.objects.count()} snapshot rows in {seconds:.1f} s")

    agency_id = Agency.objects.order_by("pk").values_list("pk", flat=True)[3]
    # (label, query text, agency filter, page)
    cases = [
        ("1 个字：罚（几乎每条都有）", "罚", None, 1),
        ("1 个字：罚，第 500 页", "罚", None, 500),
        ("1 个字：鑫（约 3%）", "鑫", None, 1),
        ("1 个字：鑫，第 500 页", "鑫", None, 500),
        ("2 个字：噪声", "噪声", None, 1),
        ("2 个字：赵某", "赵某", None, 1),
        ("4 个字：建筑垃圾", "建筑垃圾", None, 1),
        ("6 个字：超过保质期的", "超过保质期的", None, 1),
        ("两个词：食品 标签", "食品 标签", None, 1),
        ("两个词：罚款 50000", "罚款 50000", None, 1),
        ("单个执法主体内：罚款", "罚款", agency_id, 1),
        ("单个执法主体内：树木 绿化", "树木 绿化", agency_id, 1),
    ]
    print()
    print(
        "| 检索 | 命中条数 | 方案 | 平台 p50 | 平台 p95 "
        "| LIKE 基准 p50 | LIKE 基准 p95 | p95 之比 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for label, text, agency, page in cases:
        query = DecisionQuery(text=text, terms=parse_terms(text), agency_pk=agency)
        portal = portal_search(query, page)
        baseline = like_baseline(query, page)
        if portal() != baseline():
            print(f"| {label} | results differ from the LIKE baseline | | | | | | |")
            continue
        found = search_decisions(query, page=page, per_page=PAGE)
        total_label = f"{found.total:,} 余" if found.total_is_lower_bound else f"{found.total:,}"
        p50, p95 = percentiles(portal, options.runs)
        base50, base95 = percentiles(baseline, options.runs)
        print(
            f"| {label} | {total_label} | {found.plan} | {p50:.1f} 毫秒 | {p95:.1f} 毫秒 "
            f"| {base50:.1f} 毫秒 | {base95:.1f} 毫秒 | {p95 / base95:.3g} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
