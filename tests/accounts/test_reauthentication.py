"""Reauthentication is by password only: allauth 65.22 always routes the emailed-code pages, and they stay shut."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["account_request_reauthentication_code", "account_confirm_reauthentication_code"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_reauthentication_by_code_is_switched_off(owner_client, mailoutbox, name, method):
    response = getattr(owner_client, method)(reverse(name), {"email": "owner@example.com", "code": "123456"})

    assert response.status_code == 403
    assert mailoutbox == []


def test_reauthentication_by_password_still_works(owner_client, password):
    page = owner_client.get(reverse("account_reauthenticate"))
    assert page.status_code == 200
    assert reverse("account_request_reauthentication_code").encode() not in page.content

    response = owner_client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302
