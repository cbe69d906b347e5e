"""Finding the Word template for a document and checking uploaded templates."""

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

import zhifa.cases.document_templates as bundled_package
from zhifa.agencies.models import Agency
from zhifa.cases.documents.registry import DOC_TYPES, DocTypeSpec
from zhifa.cases.models import DocumentTemplate
from zhifa.core.errors import ValidationFailed

logger = logging.getLogger(__name__)

BUNDLED_DIR = Path(bundled_package.__file__).resolve().parent


@dataclass(frozen=True)
class ResolvedTemplate:
    """The template a document is rendered with; ``row`` is None for the bundled file."""

    content: bytes
    digest: str
    row: DocumentTemplate | None
    guidance: str

    @property
    def source_label(self) -> str:
        if self.row is None:
            return "平台内置模板"
        return str(self.row)


def bundled_path(doc_type: str) -> Path:
    spec = DOC_TYPES[doc_type]
    return (spec.template_dir or BUNDLED_DIR) / spec.file_name


def _digest(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def resolve_template(agency: Agency, doc_type: str) -> ResolvedTemplate:
    """Return the agency's newest template, else the district default, else the bundled one."""
    spec = DOC_TYPES[doc_type]
    rows = DocumentTemplate.objects.filter(doc_type=doc_type)
    row = rows.filter(agency=agency).order_by("-version").first()
    if row is None:
        row = rows.filter(agency__isnull=True).order_by("-version").first()
    if row is None:
        content = bundled_path(doc_type).read_bytes()
        return ResolvedTemplate(content, _digest(content), None, spec.guidance)

    with row.file.open("rb") as handle:
        content = handle.read()
    return ResolvedTemplate(content, _digest(content), row, row.guidance or spec.guidance)


# --- Checking a template -----------------------------------------------------------------------


def template_source(content: bytes) -> str:
    """Return the Jinja source of a .docx (body, headers and footers) as docxtpl renders it."""
    template = DocxTemplate(io.BytesIO(content))
    template.init_docx()
    source = template.patch_xml(template.get_xml())
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _, part in template.get_headers_footers(uri):
            source += template.patch_xml(template.get_part_xml(part))
    return source


def _dotted_path(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        parent = _dotted_path(node.node)
        return f"{parent}.{node.attr}" if parent else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        parent = _dotted_path(node.node)
        return f"{parent}.{node.arg.value}" if parent else None
    return None


def referenced_placeholders(source: str) -> set[str]:
    """Return every dotted variable path (``party.name``) the Jinja source refers to."""
    tree = SandboxedEnvironment().parse(source)
    found: set[str] = set()
    for node in tree.find_all((nodes.Name, nodes.Getattr, nodes.Getitem)):
        path = _dotted_path(node)
        if path:
            found.add(path)
    return found


def check_template(spec: DocTypeSpec, content: bytes) -> None:
    """Reject a file that is not a .docx, has Jinja errors or lacks a required placeholder."""
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ValidationFailed(
            "模板必须是 Word（.docx）文件，请另存为 .docx 后重新上传。", field="file"
        )
    try:
        source = template_source(content)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        logger.info("uploaded template for %s is not a readable docx: %s", spec.code, error)
        raise ValidationFailed(
            "模板不是有效的 Word（.docx）文件，请用 Word 或 WPS 另存为 .docx 后重新上传。",
            field="file",
        ) from error
    try:
        found = referenced_placeholders(source)
    except TemplateSyntaxError as error:
        raise ValidationFailed(
            f"模板中的占位符写法有误（{error.message}），请检查花括号是否成对。", field="file"
        ) from error

    private = sorted(
        path for path in found if any(part.startswith("_") for part in path.split("."))
    )
    if private:
        raise ValidationFailed(
            f"模板含有不允许的占位符：{'、'.join(private)}；占位符不能以下划线开头。", field="file"
        )

    missing = sorted(spec.required_placeholders() - found)
    if missing:
        listed = "、".join("{{ " + name + " }}" for name in missing)
        raise ValidationFailed(f"“{spec.title}”模板缺少必需的占位符：{listed}。", field="file")
