"""Checks that hold on every page (issue 18): no id is used twice, and every label points at a control that is
there. Walked through the world of tests/world.py for its owner of every kind of object, the linked recruiter and a
visitor."""

from collections import Counter

import pytest
from django.test import Client

from tests.pagewalk import html_pages, ids_of, tokens_of


def problems(pages) -> list[str]:
    found = []
    for name, visited in pages.items():
        for url, html in visited:
            page = ids_of(html)
            twice = [i for i, n in Counter(page.ids).items() if n > 1]
            if twice:
                found.append(f"{name} {url}: ids used twice {twice}")
            missing = sorted(set(page.label_targets) - set(page.ids))
            if missing:
                found.append(f"{name} {url}: labels for no control {missing}")
    return found


@pytest.mark.django_db
def test_no_page_uses_an_id_twice_or_labels_a_missing_control(world, owner, recruiter):
    tokens = tokens_of(world)
    walked = {}
    for user in (owner, recruiter, None):
        client = Client()
        if user:
            client.force_login(user)
        pages = html_pages(client, tokens)
        assert not problems(pages), "\n".join(problems(pages))
        walked[user.email if user else "visitor"] = pages
    # The walk reached the pages that had the problem and the busy ones, so the checks had something to check.
    assert {"followups:interview", "interviews:debrief_full", "home", "insight:offers"} <= set(walked[owner.email])
    assert {"home", "accounts:links", "interviews:detail"} <= set(walked[recruiter.email])
    assert "accounts:link_invitation_accept" in walked[owner.email]
    assert {"account_login", "account_signup", "offline"} <= set(walked["visitor"])
    assert sum(len(v) for pages in walked.values() for v in pages.values()) > 60
