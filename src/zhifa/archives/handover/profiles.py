"""Export profiles (导出规范): where a package puts each file and what its XML elements are called.

The default ``national`` profile uses the element names of the national metadata schemes (see
``metadata.py``). A receiving archive with its own specification gets a profile of its own:

1. build a ``Profile`` with a new ``name`` and ``label``;
2. override ``element_names`` (keys are the national names in ``metadata.ELEMENTS``, values the
   names the receiving archive expects) and, if its folder layout differs, the path functions;
3. call ``register(profile)`` from a module that is imported at start-up (an app's ``ready``).

Whatever the profile, ``package.json``, the manifests, the proofs and the verifier keep one
fixed form, so the same ``verify_package.py`` checks every package.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from zhifa.archives.casefiles.models import CaseFile, CaseFileItem
from zhifa.core.errors import ValidationFailed

# Characters allowed in folder and file names; anything else (path separators, spaces) becomes _.
_UNSAFE = re.compile(r"[^\w.-]")


def safe_name(text: str) -> str:
    name = _UNSAFE.sub("_", text).strip("._")
    return name or "_"


def _national_folder(case_file: CaseFile) -> str:
    return f"casefiles/{safe_name(case_file.archive_code)}"


def _national_content(case_file: CaseFile, item: CaseFileItem) -> str:
    code = safe_name(case_file.archive_code)
    return f"casefiles/{code}/content/{code}-{item.sequence:04d}.{safe_name(item.file_format)}"


def _national_metadata(case_file: CaseFile) -> str:
    return f"{_national_folder(case_file)}/metadata.xml"


def _national_proofs(case_file: CaseFile) -> str:
    return f"{_national_folder(case_file)}/proofs"


@dataclass(frozen=True)
class Profile:
    """An export profile: a name, a Chinese label, element names and the package layout."""

    name: str
    label: str
    element_names: dict[str, str] = field(default_factory=dict)
    content_path: Callable[[CaseFile, CaseFileItem], str] = _national_content
    metadata_path: Callable[[CaseFile], str] = _national_metadata
    proofs_folder: Callable[[CaseFile], str] = _national_proofs

    def element(self, national_name: str) -> str:
        return self.element_names.get(national_name, national_name)


_REGISTRY: dict[str, Profile] = {}


def register(profile: Profile) -> None:
    """Add ``profile``; a second profile with the same name replaces the first."""
    _REGISTRY[profile.name] = profile


def get(name: str) -> Profile:
    profile = _REGISTRY.get(name)
    if profile is None:
        known = "、".join(sorted(_REGISTRY))
        raise ValidationFailed(
            f"导出规范“{name}”不存在，可用的导出规范：{known}。", field="profile"
        )
    return profile


def available() -> list[Profile]:
    return sorted(_REGISTRY.values(), key=lambda profile: profile.name != "national")


NATIONAL = Profile(name="national", label="国家标准（DA/T 46、DA/T 63、DA/T 48）")

# An example of a receiving archive's own specification: element names as pinyin initials and
# one flat folder per kind of file. It is an example only, not any real archive's rules.
DISTRICT_EXAMPLE = Profile(
    name="district_example",
    label="示例：区档案馆接收规范（拼音缩写元素名）",
    element_names={
        "电子文件元数据": "DZWJYSJ",
        "案卷": "AJ",
        "卷内文件": "JNWJ",
        "文件": "WJ",
        "聚合层次": "JHCC",
        "档号": "DH",
        "立档单位名称": "LDDWMC",
        "年度": "ND",
        "保管期限": "BGQX",
        "件号": "JH",
        "题名": "TM",
        "责任者": "ZRZ",
        "文号": "WH",
        "日期": "RQ",
        "页数": "YS",
        "格式信息": "GSXX",
        "计算机文件名": "JSJWJM",
        "计算机文件大小": "JSJWJDX",
        "数字摘要": "SZZY",
    },
    content_path=lambda case_file, item: (
        f"files/{safe_name(case_file.archive_code)}_{item.sequence:04d}"
        f".{safe_name(item.file_format)}"
    ),
    metadata_path=lambda case_file: f"metadata/{safe_name(case_file.archive_code)}.xml",
    proofs_folder=lambda case_file: f"proofs/{safe_name(case_file.archive_code)}",
)

register(NATIONAL)
register(DISTRICT_EXAMPLE)
