"""Chinese error pages for 403, 404 and 500, as served with DEBUG off."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import reverse
from django.views import defaults


@override_settings(DEBUG=False)
def test_permission_denied_uses_chinese_403_page(client, officer_user):
    client.force_login(officer_user)
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert [template.name for template in response.templates] == ["403.html"]
    page = response.content.decode()
    assert "无权访问此页面" in page
    assert "您的角色没有此项权限。" in page
    assert "安全管理员" in page
    assert reverse("backoffice:home") in page


@override_settings(DEBUG=False)
def test_unknown_address_uses_chinese_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page
    assert "检查地址栏" in page
    assert reverse("portal:home") in page


@override_settings(DEBUG=False)
def test_object_outside_scope_uses_chinese_404_page(client, security_admin_user):
    client.force_login(security_admin_user)
    response = client.get(reverse("accounts:user_detail", args=[999999]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.parametrize("status", [403, 404, 500])
def test_error_pages_link_home(rf, db, status):
    request = rf.get("/")
    response: HttpResponse
    if status == 403:
        response = defaults.permission_denied(request, PermissionError())
    elif status == 404:
        response = defaults.page_not_found(request, LookupError())
    else:
        response = defaults.server_error(request)
    assert response.status_code == status
    page = response.content.decode()
    assert '<html lang="zh-CN">' in page
    assert 'href="/"' in page
