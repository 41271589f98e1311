"""The messages drafted after an outcome (issue 14 calls these): the thank-you-and-ask-why after a rejection and
the courteous notices to the other companies after accepting, from the same composer, with the same checks."""

import itertools

import pytest

from composer.checks import PLACEHOLDER_RE, SIMILARITY_LIMIT, blocking, message_checks, similarity
from composer.drafts import rejection_reply_draft, withdrawal_notice_draft
from tests.factories import InterviewFactory, OpportunityFactory

from .corpus import glitches_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(owner):
    return InterviewFactory(
        opportunity__company__owner=owner, opportunity__company__name="Café Olé", opportunity__role_title="IFRS 9 lead"
    )


@pytest.mark.parametrize("tone", ["formal", "casual"])
@pytest.mark.parametrize("name", ["Dr Zoë Ångström", "Ada Lovelace", "王小明"])
def test_the_rejection_reply_thanks_them_asks_what_would_have_changed_it_and_passes_every_check(interview, tone, name):
    draft = rejection_reply_draft(interview=interview, recipient_name=name, tone=tone)
    assert blocking(message_checks(draft=draft, recipient_name=name, company_name="Café Olé", tone=tone)) == []
    assert "IFRS 9 lead" in draft.subject and "Café Olé" in draft.body
    assert "thank" in draft.body.lower() and "?" in draft.body  # thanks, then the question
    assert draft.body.endswith(interview.owner.display_name)
    assert glitches_in(f"{draft.subject}\n{draft.body}") == []


def test_the_two_wordings_of_the_rejection_reply_differ(interview):
    first, second = (rejection_reply_draft(interview=interview, recipient_name="Ada", index=i) for i in (0, 1))
    assert similarity(first.body, second.body) < SIMILARITY_LIMIT


def test_an_unknown_recipient_is_a_prompt_the_checks_flag(interview):
    draft = rejection_reply_draft(interview=interview, recipient_name="")
    assert PLACEHOLDER_RE.findall(draft.body) == ["[name of the person you are writing to at Café Olé]"]
    failing = {c.key for c in blocking(message_checks(draft=draft, recipient_name="", company_name="Café Olé"))}
    assert failing == {"name", "placeholder"}


@pytest.mark.parametrize("tone", ["formal", "casual"])
def test_notices_to_the_contacts_of_another_company_are_courteous_personal_and_not_copies(owner, tone):
    other = OpportunityFactory(company__owner=owner, company__name="Northwind", role_title="Data lead")
    contacts = ["Dr Chen", "Grace Hopper"]
    drafts = [
        withdrawal_notice_draft(opportunity=other, recipient_name=name, tone=tone, index=i)
        for i, name in enumerate(contacts)
    ]
    for index, (name, draft) in enumerate(zip(contacts, drafts, strict=True)):
        others = [d for i, d in enumerate(drafts) if i != index]
        checks = message_checks(draft=draft, recipient_name=name, company_name="Northwind", others=others, tone=tone)
        assert blocking(checks) == [], draft.body
        assert "accepted" in draft.body and "Data lead" in f"{draft.subject}\n{draft.body}"
        assert glitches_in(f"{draft.subject}\n{draft.body}") == []
    assert drafts[0].body.startswith("Dear Dr Chen," if tone == "formal" else "Hi Dr Chen,")
    for a, b in itertools.combinations(drafts, 2):
        assert similarity(a.body, b.body) < SIMILARITY_LIMIT


def test_two_notices_with_the_same_wording_are_flagged_as_copies(owner):
    other = OpportunityFactory(company__owner=owner, company__name="Northwind")
    same = [withdrawal_notice_draft(opportunity=other, recipient_name=n, index=0) for n in ("Ada Byron", "Ada Lamb")]
    checks = {c.key: c for c in message_checks(draft=same[0], recipient_name="Ada Byron", company_name="Northwind",
                                               others=[same[1]])}  # fmt: skip
    assert not checks["similar"].ok
