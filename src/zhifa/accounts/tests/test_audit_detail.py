"""The audit log shows each entry's detail as readable Chinese lines."""

import pytest
from django.urls import reverse

from zhifa.accounts import actions
from zhifa.accounts.roles import Role
from zhifa.accounts.templatetags.audit_detail import KEY_LABELS, VALUE_LABELS, audit_detail_lines
from zhifa.agencies.models import CredentialEventKind, ReviewerKind
from zhifa.core.models import DayKind

# (detail, expected lines)
CASES = [
    ({}, []),
    (None, []),
    ({"from": "", "to": "执法稽查科"}, ["原为：（无）", "改为：执法稽查科"]),
    ({"kind": "public_holiday", "previous_kind": None}, ["类型：法定节假日", "原类型：（无）"]),
    (
        {"kind": "issued", "from": "applied", "to": "active"},
        ["类型：核发", "原为：申领中", "改为：有效"],
    ),
    ({"kind": "public_lawyer"}, ["类型：公职律师"]),
    ({"years": [2026, 2027], "rows": 33}, ["年份：2026、2027", "行数：33"]),
    ({"created": 3, "changed": 1, "unchanged": 0}, ["新增：3", "变更：1", "未变：0"]),
    ({"changed": ["full_name", "gender"]}, ["变更：full_name、gender"]),
    ({"changed": {"phone": ["", "69201234"]}}, ["变更：phone：（无） → 69201234"]),
    (
        {"before": ["officer"], "after": ["officer", "agency_head"], "added": ["agency_head"]},
        ["修改前：执法人员", "修改后：执法人员、执法单位负责人", "新增：执法单位负责人"],
    ),
    (
        {"after": {"value": "15", "confirmed": True}},
        ["修改后：值：15；已确认：是"],
    ),
    ({"reason": "依据调整", "source": "国办发明电"}, ["理由：依据调整", "来源：国办发明电"]),
    ({"counts": {"created": 2}}, ["数量：新增：2"]),
    ({"something_new": "x"}, ["something_new：x"]),
]


@pytest.mark.parametrize(("detail", "expected"), CASES)
def test_audit_detail_lines_table(detail, expected):
    assert audit_detail_lines(detail) == expected


def test_every_label_is_chinese():
    for key, label in KEY_LABELS.items():
        assert any("\u4e00" <= char <= "\u9fff" for char in label), key


def test_audit_log_page_shows_chinese_detail(
    client, audit_admin_user, security_admin_user, officer_user
):
    actions.set_roles(security_admin_user, officer_user, [Role.OFFICER, Role.DEPARTMENT_HEAD])
    client.force_login(audit_admin_user)
    page = client.get(reverse("accounts:audit_log")).content.decode()
    assert "新增：经办部门负责人" in page
    assert "修改前：执法人员" in page
    assert '"added"' not in page


def test_value_code_sets_do_not_overlap():
    code_sets = [Role, DayKind, CredentialEventKind, ReviewerKind]
    assert len(VALUE_LABELS) == sum(len(choices.values) for choices in code_sets)
