"""Fixtures for the document tests: a case of each agency, with a party and officers."""

import datetime
import io
import zipfile

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, Credential, CredentialStatus, Department, Officer
from zhifa.cases.documents import rendering
from zhifa.cases.models import Case, CaseKind, CaseParty, Party, PartyKind
from zhifa.core.identifiers import id_check_char

PERSON_ID = "310118198001010012"
PERSON_ID = PERSON_ID[:17] + id_check_char(PERSON_ID[:17])

PENALTY_DATA = {
    "facts": "在未取得许可的情况下擅自占用道路堆放物料",
    "evidence": "现场检查笔录、询问笔录、现场照片",
    "legal_basis": "《上海市市容环境卫生管理条例》第二十条",
    "penalty_basis": "《上海市市容环境卫生管理条例》第四十九条",
    "penalty": "罚款人民币贰仟元整",
    "performance": "自收到本决定书之日起十五日内到指定银行缴纳罚款",
    "reconsideration_body": "上海市青浦区人民政府",
    "court": "上海市青浦区人民法院",
}

# A minimal valid PNG (1 x 1 pixel).
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def make_case(agency: Agency, user: User, *, number: str, party: Party | None) -> Case:
    """Create a case row directly.

    TODO: create it through the case-opening action once that action is merged.
    """
    department = Department.objects.filter(agency=agency, handles_penalty=True).first()
    assert department is not None
    case = Case.objects.create(
        agency=agency,
        department=department,
        kind=CaseKind.PENALTY_ORDINARY,
        number=number,
        number_year=2026,
        number_sequence=1,
        title="擅自占用道路堆放物料案",
        opened_on=datetime.date(2026, 3, 2),
        created_by=user,
    )
    if party is not None:
        CaseParty.objects.create(case=case, party=party)
    for index, name in enumerate(("张执法", "李执法")):
        officer_id = f"31011819850101{(agency.pk * 10 + index) % 1000:03d}"
        officer = Officer.objects.create(
            agency=agency,
            full_name=f"{name}{agency.pk}",
            gender="male",
            id_number=officer_id + id_check_char(officer_id),
        )
        Credential.objects.create(
            officer=officer,
            number=f"3101{agency.pk:02d}{index:04d}",
            status=CredentialStatus.ACTIVE,
        )
        case.officers.add(officer)
    return case


@pytest.fixture
def person_party(db: None) -> Party:
    return Party.objects.create(
        kind=PartyKind.NATURAL_PERSON,
        name="王某某",
        id_number=PERSON_ID,
        address="上海市青浦区朱家角镇示例路8号",
        phone="13800000000",
    )


@pytest.fixture
def case_a(agency_a: Agency, officer_user: User, person_party: Party) -> Case:
    return make_case(agency_a, officer_user, number="朱家角罚立〔2026〕1号", party=person_party)


@pytest.fixture
def case_b(agency_b: Agency, other_agency_user: User) -> Case:
    party = Party.objects.create(
        kind=PartyKind.LEGAL_PERSON,
        name="上海示例贸易有限公司",
        uscc="91310118MA1JL0001X",
        legal_representative="赵某",
        address="上海市青浦区华新镇示例路1号",
    )
    return make_case(agency_b, other_agency_user, number="市场监管罚立〔2026〕1号", party=party)


FAKE_PDF = b"%PDF-1.4\n% fake PDF made by the tests\n%%EOF\n"


@pytest.fixture
def fake_pdf(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Replace LibreOffice with a stub; returns the list of .docx files it was given."""
    received: list[bytes] = []

    def convert(docx_content: bytes, *, base_name: str = "document") -> bytes:
        received.append(docx_content)
        return FAKE_PDF

    monkeypatch.setattr(rendering, "convert_to_pdf", convert)
    return received


def docx_text(content: bytes) -> str:
    """Return the visible text of a .docx body, paragraphs joined by newlines."""
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def docx_parts(content: bytes) -> dict[str, bytes]:
    """Return the XML parts of a .docx that hold text (body, headers, footers)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("word/")
            and name.endswith(".xml")
            and name.split("/")[-1].startswith(("document", "header", "footer"))
        }


def replace_in_docx(content: bytes, old: str, new: str) -> bytes:
    """Return a copy of a .docx with ``old`` replaced by ``new`` in its body XML."""
    source = io.BytesIO(content)
    output = io.BytesIO()
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(output, "w") as copy:
        for item in archive.infolist():
            data = archive.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text, f"{old!r} not in the template body"
                data = text.replace(old, new).encode("utf-8")
            copy.writestr(item, data)
    return output.getvalue()
