"""The calendar feed's token lookup (issue 12, finding 4): anything not of a feed token's own shape is a 404, never
a 500, logged out too; a NUL in the path never reaches the database (PostgreSQL refuses it in a query)."""

import pytest
from django.test import Client

from followups.services import calendar_token_regenerate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/followups/calendar/%00.ics",
        "/followups/calendar/abc%00def.ics",
        "/followups/calendar/x.ics",
        "/followups/calendar/" + "A" * 42 + ".ics",
        "/followups/calendar/" + "A" * 44 + ".ics",
        "/followups/calendar/" + "A" * 42 + "%20.ics",
        "/followups/calendar/" + "A" * 42 + "%C3%A9.ics",
        "/followups/calendar/%0A" + "A" * 42 + ".ics",
    ],
)
def test_a_token_not_of_the_feeds_shape_is_a_404_logged_out(path, owner):
    calendar_token_regenerate(user=owner)
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 404


def test_a_real_token_with_a_nul_appended_is_a_404_and_the_real_one_still_works(owner):
    token = calendar_token_regenerate(user=owner)
    client = Client(raise_request_exception=False)
    assert client.get(f"/followups/calendar/{token}%00.ics").status_code == 404
    assert client.get(f"/followups/calendar/{token}.ics").status_code == 200
