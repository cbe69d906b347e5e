"""The files archiving generates: the step record, the publication history, and opinion or
remedy records that have no document of their own. All are UTF-8 XML.

Each builder is pure over rows the caller loaded, so the same case gives the same bytes and
the same digest, whenever it is assembled. Times are written in UTC ISO 8601.
"""

import datetime
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree

from zhifa.cases.models import Case, CaseStep
from zhifa.evidence.models import AvRecord, Interruption, SceneExemption
from zhifa.publicity.models import Publication
from zhifa.remedies.models import Remedy
from zhifa.review.models import ReviewOpinion


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _add(parent: ElementTree.Element, tag: str, value: Any, **attributes: str) -> None:
    child = ElementTree.SubElement(parent, tag, attributes)
    child.text = _text(value)


def _bytes(root: ElementTree.Element) -> bytes:
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def step_record(
    case: Case,
    steps: Iterable[CaseStep],
    av_records: Iterable[AvRecord],
    interruptions: Iterable[Interruption],
    exemptions: Iterable[SceneExemption],
) -> bytes:
    """Build the record of all steps (办案过程记录) with corrections and AV notes marked.

    A corrected step stays in the record with ``corrected_by``; its correction names the step
    it corrects and the reason, so a reader sees both versions.
    """
    steps = list(steps)
    corrected_by = {step.corrects_id: step.sequence for step in steps if step.corrects_id}
    sequence_of = {step.pk: step.sequence for step in steps}
    root = ElementTree.Element("办案过程记录", {"案号": case.number})
    for step in steps:
        attributes = {"序号": str(step.sequence), "环节": step.step}
        if step.pk in corrected_by:
            attributes["已被更正"] = str(corrected_by[step.pk])
        element = ElementTree.SubElement(root, "环节记录", attributes)
        _add(element, "阶段", step.get_stage_display())
        _add(element, "发生时间", step.occurred_at)
        _add(element, "地点", step.place)
        _add(element, "内容", step.summary)
        _add(element, "现场执法", step.on_site)
        if step.corrects_id:
            _add(
                element,
                "更正",
                step.correction_reason,
                更正序号=str(sequence_of.get(step.corrects_id, "")),
            )
        _add(element, "记录时间", step.recorded_at)
    _add_av_notes(root, av_records, interruptions, exemptions)
    return _bytes(root)


def _add_av_notes(
    root: ElementTree.Element,
    av_records: Iterable[AvRecord],
    interruptions: Iterable[Interruption],
    exemptions: Iterable[SceneExemption],
) -> None:
    notes = ElementTree.SubElement(root, "音像记录说明")
    for record in av_records:
        element = ElementTree.SubElement(notes, "音像记录", {"编号": str(record.pk)})
        _add(element, "文件名", record.filename)
        _add(element, "开始时间", record.started_at)
        _add(element, "结束时间", record.ended_at)
        _add(element, "已告知当事人", record.party_informed)
        _add(element, "说明", record.note)
    for gap in interruptions:
        element = ElementTree.SubElement(
            notes, "中断说明", {"恢复后记录": str(gap.resumed_record_id)}
        )
        _add(element, "中断开始", gap.gap_started_at)
        _add(element, "恢复录制", gap.gap_ended_at)
        _add(element, "中断原因", gap.explanation)
    for exemption in exemptions:
        element = ElementTree.SubElement(notes, "免予音像记录", {"场景": exemption.scene.name})
        _add(element, "场所类型", exemption.get_reason_kind_display())
        _add(element, "具体理由", exemption.reason)


def publication_history(case: Case, publications: Iterable[Publication]) -> bytes:
    """Build the publication history (公示记录): every version, correction and withdrawal."""
    root = ElementTree.Element("公示记录", {"案号": case.number})
    for publication in publications:
        element = ElementTree.SubElement(root, "公示事项", {"编号": str(publication.pk)})
        _add(element, "标题", publication.title)
        _add(element, "决定书文号", publication.document_number)
        _add(element, "状态", publication.get_status_display())
        _add(element, "不予公示理由", publication.exclusion_reason)
        _add(element, "公示截止期", publication.ends_on)
        for version in publication.versions.all():
            item = ElementTree.SubElement(
                element,
                "版本",
                {"版本号": str(version.number), "变动类型": version.get_change_display()},
            )
            _add(item, "理由", version.reason)
            _add(item, "公示文本", version.text)
            _add(item, "发布时间", version.created_at)
    return _bytes(root)


def review_opinion(opinion: ReviewOpinion) -> bytes:
    """Build the record of a legal review opinion (法制审核意见) that has no document."""
    root = ElementTree.Element("法制审核意见", {"送审轮次": str(opinion.request.round_number)})
    _add(root, "审核结论", opinion.get_conclusion_display())
    _add(root, "合法性审核意见", opinion.legality)
    _add(root, "合理性审核意见", opinion.reasonableness)
    _add(root, "修改意见", opinion.corrections)
    _add(root, "审核人员", opinion.reviewer)
    _add(root, "出具时间", opinion.issued_at)
    return _bytes(root)


def remedy_record(remedy: Remedy) -> bytes:
    """Build the record of a reconsideration or lawsuit (复议诉讼记录) in its current state."""
    root = ElementTree.Element("复议诉讼记录", {"类型": remedy.get_kind_display()})
    _add(root, "复议机关或受理法院", remedy.body)
    _add(root, "复议或诉讼案号", remedy.reference)
    _add(root, "申请或起诉日期", remedy.filed_on)
    _add(root, "状态", remedy.get_status_display())
    _add(root, "结果", remedy.get_outcome_display() if remedy.outcome else "")
    _add(root, "结束日期", remedy.concluded_on)
    _add(root, "备注", remedy.note)
    return _bytes(root)


def table_of_contents(case: Case, rows: list[dict[str, Any]]) -> bytes:
    """Build the table of contents (卷内目录) with the DA/T 22 columns, one row per item."""
    root = ElementTree.Element("卷内目录", {"案号": case.number})
    for row in rows:
        element = ElementTree.SubElement(root, "文件", {"件号": str(row["sequence"])})
        for tag, key in TOC_COLUMNS:
            _add(element, tag, row.get(key))
    return _bytes(root)


# Element name and row key of each column of the table of contents, in DA/T 22 order.
TOC_COLUMNS = (
    ("责任者", "responsible"),
    ("文号", "document_number"),
    ("题名", "title"),
    ("日期", "dated"),
    ("页数", "pages"),
    ("备注", "note"),
)
