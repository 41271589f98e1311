"""Every draft of the corpus (tests/composer/corpus.py), untouched and redrafted casual, as the site makes them:
the checks pass wherever the inputs suffice (and the prompts are exactly what is missing where they do not), the
notes of one interview stay below the similarity threshold, each names its person, the company and something of
that person's own, keeps what the user typed in its case, and shows none of the known glitches."""

import itertools
import re

import pytest

from composer import phrases
from composer.checks import PLACEHOLDER_RE, SIMILARITY_LIMIT, blocking, greets_by_name, note_checks, similarity
from composer.drafts import inline, part_kind
from followups.models import ThankYouNote
from followups.services import thank_you_note_redraft
from tests.composer.corpus import CASES, Case, build, glitches_in

pytestmark = pytest.mark.django_db

OUR_WORDS = repr(vars(phrases))  # every sentence the composer writes itself


def own_things(case: Case, index: int) -> list[str]:
    """Beginnings of what the debrief holds about this person alone: their questions' topics and texts, answer
    summaries, title, what their job covers."""

    def things(i):
        person = case.people[i]
        asked = [q for q in case.questions if q.by == i or len(case.people) == 1]
        values = [person.title, person.responsibilities]
        values += [v for q in asked for v in (q.topic, q.text, q.summary)]
        return {inline(v)[:24].rstrip(".?!… ") for v in values if inline(v)}

    mine = things(index)
    for other in range(len(case.people)):
        if other != index:
            mine -= things(other)
    return sorted(mine)


def untouched_notes(case: Case) -> list[ThankYouNote]:
    interview = build(case)
    return list(ThankYouNote.objects.filter(interview=interview).select_related("person").order_by("pk"))


@pytest.mark.parametrize(
    "text",
    [
        "I am confident the role suits me well: in particular, on time and calm.",
        "It left me even keener on the job, especially since on time and calm.",
        "I particularly valued the ground your questions covered: Compression?.",
        "Looking back on your question, I would like to add: [].",
        "Hi Dr,\n\nThanks.",
        "Dear Ada,\n  \nThanks.",
        "I enjoyed talking about iFRS 9. zoë liked it.",
    ],
)
def test_the_glitch_list_catches_what_the_old_composer_wrote(text):
    assert glitches_in(text)


def test_the_corpus_covers_what_the_issue_asks_for():
    sizes = {len(case.people) for case in CASES}
    assert len(CASES) >= 25 and sizes == {1, 2, 3, 4, 5, 6}
    assert any(q.by is None for case in CASES for q in case.questions)
    assert any(case.questions and all(q.by is not None for q in case.questions) for case in CASES)
    assert any(not case.questions for case in CASES)
    assert any(len(p.responsibilities) == 10_000 for case in CASES for p in case.people)
    assert any(not p.isascii() for case in CASES for p in (x.name for x in case.people))
    assert any("🎉" in "".join(case.quick.get("went_well", [])) for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.key)
@pytest.mark.parametrize("tone", ["formal", "casual"])
def test_every_draft_of_the_corpus_is_fit_to_send(case, tone):
    notes = untouched_notes(case)
    assert [inline(n.person.name) for n in notes] == [inline(p.name) for p in case.people]
    if tone == "casual":
        notes = [thank_you_note_redraft(note=note, tone=tone) for note in notes]
    assert all(n.is_untouched for n in notes)
    company = inline(case.company)

    for index, note in enumerate(notes):
        text = f"{note.subject}\n{note.body}"
        where = f"{case.key} / {note.person.name} / {tone}:\n{text}"
        checks = {c.key: c for c in note_checks(note=note, others=notes, company_name=company, through_recruiter=False)}
        prompts = [p[1:-1] for p in PLACEHOLDER_RE.findall(text)]
        expected = case.prompts.get(index, [])

        assert sorted(set(prompts)) == sorted(expected), where
        if expected:
            assert not checks["placeholder"].ok and all(p in checks["placeholder"].message for p in expected)
            assert [c.key for c in blocking(checks.values())] in (["placeholder"], ["name", "placeholder"]), where
        else:
            assert blocking(checks.values()) == [], where

        assert glitches_in(text) == [], where
        assert company.casefold() in text.casefold(), where
        if "their surname" not in expected:
            assert greets_by_name(note.body, note.person.name), where
        mine = own_things(case, index)
        part = part_kind(part=case.people[index].part)
        if mine:
            assert any(thing in text for thing in mine), f"nothing of their own ({mine}) in {where}"
        elif part:
            assert any(s in text for s in phrases.ABOUT_PART[tone][part]), where
        else:
            assert prompts or "interview" in note.body, where
        assert note.body == note.body.strip() and "\n\n\n" not in note.body, where


@pytest.mark.parametrize("tone", ["formal", "casual"])
def test_no_two_drafts_of_an_interview_are_near_copies(tone):
    worst: dict[int, float] = {}
    for case in CASES:
        notes = untouched_notes(case)
        if tone == "casual":
            notes = [thank_you_note_redraft(note=note, tone=tone) for note in notes]
        for a, b in itertools.combinations(notes, 2):
            ratio = similarity(a.body, b.body)
            assert ratio < SIMILARITY_LIMIT, f"{case.key}: {a.person.name} and {b.person.name} are {ratio:.0%} alike"
            worst[len(notes)] = max(worst.get(len(notes), 0), ratio)
    assert set(worst) == {2, 3, 4, 5, 6}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.key)
def test_what_the_user_typed_keeps_its_case(case):
    notes = untouched_notes(case)
    bodies = [n.body for n in notes] + [thank_you_note_redraft(note=n, tone="casual").body for n in notes]
    phrases_typed = [
        *case.quick.get("went_well", []),
        *case.full.get("strengths", "").splitlines(),
        *(q.topic for q in case.questions),
        *(q.summary for q in case.questions),
        *(p.name for p in case.people),
    ]
    phrases_typed = [inline(p.lstrip("-*• ")) for p in phrases_typed if inline(p)]
    everything_typed = " ".join(
        [*phrases_typed, *(q.text for q in case.questions), *(str(v) for v in case.full.values())]
        + [p.responsibilities + " " + p.title for p in case.people]
    )
    # Acronyms ("IFRS", "NEC4", "iOS", "CTO") and names ("Zoë") exactly as typed, wherever they appear; each phrase
    # is never written with its first letter lowered ("i stayed calm", "zoë liked").
    acronyms = {t for p in phrases_typed for t in re.findall(r"\w+", p) if sum(ch.isupper() for ch in t[1:]) >= 1}
    names = {t for p in case.people for t in re.findall(r"\w+", p.name) if t[:1].isupper() and len(t) > 2}
    names -= {t for t in names if re.search(rf"\b{t.lower()}\b", OUR_WORDS)}  # "Happy" Hogan, and "happy" ours
    tokens = acronyms | names
    for body in bodies:
        for token in tokens:
            for found in re.findall(rf"(?<!\w){re.escape(token)}(?!\w)", body, re.I):
                assert found == token or found.upper() == found == token.upper(), f"{token} as {found}: {body}"
        for phrase in phrases_typed:
            lowered = phrase[:1].lower() + phrase[1:]
            if lowered != phrase and len(phrase) > 3 and lowered[:40] not in everything_typed:
                assert lowered[:40] not in body, f"{phrase!r} lowercased in {body}"
