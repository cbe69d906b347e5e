"""The XML metadata of a case file in a handover package, and the package-level wrapper.

Which names come from where. The full texts of the standards were not available when this was
written, so the names below follow the schemes as they are commonly cited and must be checked
against the published texts before a receiving archive relies on them:

- DA/T 46-2009 (文书类电子文件元数据方案): 聚合层次, 档号, 立档单位名称, 年度, 保管期限, 件号,
  题名, 责任者, 文号, 日期, 页数, 格式信息, 计算机文件名, 计算机文件大小, 数字摘要, 存储位置.
- DA/T 63 (录音录像类电子档案元数据方案) for audio-video items: 时长, 开始时间, 结束时间, 地点.
  TODO: 编码 (codec) is not written because the platform does not store it; probe the file.
- DA/T 48-2009 (基于XML的电子文件封装规范), in spirit only: 封装包格式描述, 版本, 被签名对象,
  封装内容, 电子签名, 锁定签名. The package is not a conforming DA/T 48 package, because its
  signature is the ledger's signed tree head and not a signature over the XML itself.
- The platform's own: 电子文件元数据 (root), 案卷, 卷内文件, 文件, 卷内文件件数, 案卷摘要值,
  移交方式 (copied or by reference), 账本证明, 导出规范 and every element under 账本证明.

An export profile may rename any element (``profiles.Profile.element_names``).
"""

import datetime
import xml.etree.ElementTree as ET
from typing import Any

from zhifa.archives import periods
from zhifa.archives.casefiles.models import CaseFile, CaseFileItem, ItemSource
from zhifa.archives.handover.profiles import Profile
from zhifa.core import digests
from zhifa.evidence.models import AvRecord


def _add(parent: ET.Element, profile: Profile, name: str, value: Any = None) -> ET.Element:
    element = ET.SubElement(parent, profile.element(name))
    if value is not None:
        element.text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return element


def _av_record(item: CaseFileItem) -> AvRecord | None:
    kind, _, pk = item.source_ref.partition(":")
    if kind != "av_record" or not pk.isdigit():
        return None
    return AvRecord.objects.filter(pk=int(pk)).first()


def _add_av(parent: ET.Element, profile: Profile, item: CaseFileItem) -> None:
    record = _av_record(item)
    if record is None:
        return
    if record.duration_seconds is not None:
        _add(parent, profile, "时长", f"{record.duration_seconds:.3f}")
    _add(parent, profile, "开始时间", record.started_at.isoformat())
    if record.ended_at is not None:
        _add(parent, profile, "结束时间", record.ended_at.isoformat())
    _add(parent, profile, "地点", record.place)


def _add_item(parent: ET.Element, profile: Profile, item: CaseFileItem, path: str | None) -> None:
    element = _add(parent, profile, "文件")
    _add(element, profile, "聚合层次", "件")
    _add(element, profile, "件号", item.sequence)
    _add(element, profile, "题名", item.title)
    _add(element, profile, "责任者", item.responsible)
    _add(element, profile, "文号", item.document_number)
    _add(element, profile, "日期", item.dated)
    _add(element, profile, "页数", item.pages if item.pages is not None else "")
    _add(element, profile, "格式信息", f"{item.file_format} ({item.mime_type})")
    _add(element, profile, "计算机文件名", path or item.file_name)
    _add(element, profile, "计算机文件大小", item.size)
    algorithm, hexdigest = digests.parse(item.digest)
    _add(element, profile, "数字摘要", hexdigest).set("算法", algorithm)
    if path is None:
        _add(element, profile, "移交方式", "只附摘要，未随包移交")
        _add(element, profile, "存储位置", f"{item.storage}:{item.storage_name}")
    else:
        _add(element, profile, "移交方式", "随包移交")
    if item.source == ItemSource.AV_RECORD:
        _add_av(element, profile, item)


def case_file_xml(
    case_file: CaseFile,
    items: list[CaseFileItem],
    paths: dict[int, str | None],
    proof_paths: list[str],
    profile: Profile,
) -> bytes:
    """Build the metadata of one case file; ``paths`` maps item pk to its path in the package."""
    root = ET.Element(profile.element("电子文件元数据"))
    root.set(profile.element("导出规范"), profile.name)
    folder = _add(root, profile, "案卷")
    _add(folder, profile, "聚合层次", "案卷")
    _add(folder, profile, "档号", case_file.archive_code)
    _add(folder, profile, "立档单位名称", case_file.agency.name)
    _add(folder, profile, "年度", case_file.closed_on.year)
    _add(folder, profile, "保管期限", periods.label(case_file.retention_months))
    _add(folder, profile, "题名", case_file.title)
    _add(folder, profile, "日期", case_file.closed_on)
    _add(folder, profile, "卷内文件件数", len(items))
    _add(folder, profile, "案卷摘要值", case_file.manifest_digest)
    proofs = _add(folder, profile, "账本证明")
    for proof_path in proof_paths:
        _add(proofs, profile, "证明文件", proof_path)
    contents = _add(folder, profile, "卷内文件")
    for item in items:
        _add_item(contents, profile, item, paths[item.pk])
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def package_xml(
    package_name: str, agency_name: str, case_files: list[tuple[str, str]], profile: Profile
) -> bytes:
    """Build the package wrapper; ``case_files`` lists (archive code, metadata path) pairs.

    The verifier finds the case file entries by position, because element names depend on the
    profile, so keep the order of the elements in step with ``xml_case_files`` there.
    """
    root = ET.Element(profile.element("电子文件封装包"))
    _add(root, profile, "封装包格式描述", "执法监督平台电子档案移交数据包，结构见 README.txt")
    _add(root, profile, "版本", "1")
    _add(root, profile, "导出规范", profile.name)
    signed = _add(root, profile, "被签名对象")
    _add(signed, profile, "数据包名称", package_name)
    _add(signed, profile, "移交单位", agency_name)
    content = _add(signed, profile, "封装内容")
    for archive_code, metadata_path in case_files:
        entry = _add(content, profile, "案卷")
        _add(entry, profile, "档号", archive_code)
        _add(entry, profile, "元数据文件", metadata_path)
    signatures = _add(root, profile, "电子签名")
    _add(signatures, profile, "签名规则", "账本签名树头（见 tree_head.json），以包含证明关联各文件")
    _add(signatures, profile, "锁定签名", "tree_head.json")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
