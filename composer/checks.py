"""The checks shown before a note, or a message drafted after an outcome, is marked sent (docs/PRODUCT.md F2).

A failing check is a problem to show, not a lock: sending is the candidate's own act. "Mark sent" with a failing
check asks "Send anyway?" first and records the answer. These check the text, and a thank-you note's way out
(notes_ready: whether a recruiter arranged the interview, whom a note through them goes to, its mail link).
"""

import dataclasses
import difflib
import re
from collections.abc import Iterable

from .drafts import (
    EMAIL,
    FORMAL,
    RECRUITER,
    Contact,
    Draft,
    forward_to_recruiter,
    goes_through_recruiter,
    inline,
    mailto,
    name_parts,
    recruiter_contact,
    rejection_reply_draft,
    salutation_name,
    withdrawal_notice_draft,
)

# Two notes of one interview at least this alike (0-1, difflib's ratio) read as one text sent twice.
SIMILARITY_LIMIT = 0.8
# Anything in square brackets is a gap the draft could not fill: the candidate must replace it before sending.
PLACEHOLDER_RE = re.compile(r"\[[^\[\]\n]{1,120}\]")


@dataclasses.dataclass(frozen=True)
class Check:
    key: str
    ok: bool
    message: str
    warning_only: bool = False


def blocking(checks: Iterable[Check]) -> list[Check]:
    """The failing checks that "Mark sent" asks about (a warning only informs)."""
    return [check for check in checks if not check.ok and not check.warning_only]


def similarity(a: str, b: str) -> float:
    a, b = " ".join(a.lower().split()), " ".join(b.lower().split())
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def greeting_line(body: str) -> str:
    return next((line.strip() for line in body.splitlines() if line.strip()), "")


def greets_by_name(body: str, person_name: str) -> bool:
    """The first line names the person: their first name, surname or full name, not only a title ("Hi Dr,")."""
    parts = name_parts(person_name)
    tokens = [t for t in (parts.full, parts.given, parts.surname) if t]
    line = greeting_line(body).casefold()
    return any(token.casefold() in line for token in tokens)


def _name_check(*, body: str, person_name: str, tone: str) -> Check:
    name = inline(person_name)
    if not name:
        return Check("name", False, "Write the name of the person you are writing to in the greeting.")
    if greets_by_name(body, person_name):
        return Check("name", True, f"It greets {name} by name.")
    if not name_parts(person_name).full:
        return Check("name", False, f"“{name}” is a title, not a name: write their surname into the greeting.")
    suggestion = "Dear" if tone == FORMAL else "Hi"
    return Check(
        "name",
        False,
        f"The greeting does not name {name}: open with “{suggestion} {salutation_name(person_name, tone=tone)},”.",
    )


def draft_checks(
    *,
    subject: str,
    body: str,
    person_name: str,
    company_name: str,
    others: Iterable[tuple[str, str]] = (),
    tone: str = FORMAL,
    set_name: str = "this interview",
) -> list[Check]:
    """Name, company, gaps and near-copies for one message; `others` are (recipient name, body) of the other
    messages of the same set (the notes of one interview, the notices to one company)."""
    text = inline(f"{subject}\n{body}").casefold()
    company = inline(company_name)
    company_present = bool(company) and company.casefold() in text
    placeholders = PLACEHOLDER_RE.findall(f"{subject}\n{body}")
    closest, closest_to = 0.0, ""
    others_list = list(others)
    for other_name, other_body in others_list:
        ratio = similarity(body, other_body)
        if ratio > closest:
            closest, closest_to = ratio, inline(other_name)
    if not others_list:
        similar = Check("similar", True, f"It is the only message for {set_name}.")
    elif closest >= SIMILARITY_LIMIT:
        similar = Check(
            "similar",
            False,
            f"It is {closest:.0%} the same as another note (to {closest_to}). Make each one personal.",
        )
    else:
        similar = Check("similar", True, f"It reads differently from the others for {set_name}.")
    return [
        _name_check(body=body, person_name=person_name, tone=tone),
        Check(
            "company",
            company_present,
            f"It mentions {company}." if company_present else f"It does not mention {company}.",
        ),
        Check(
            "placeholder",
            not placeholders,
            "Every gap is filled."
            if not placeholders
            else f"Fill in what the brackets ask for: {', '.join(placeholders[:3])}.",
        ),
        similar,
    ]


def message_checks(
    *, draft: Draft, recipient_name: str, company_name: str, others: Iterable[Draft] = (), tone: str = FORMAL
) -> list[Check]:
    """The same checks for a message drafted after an outcome (composer.drafts.rejection_reply_draft,
    withdrawal_notice_draft): `others` are the other drafts of the same set, compared for near-copies."""
    return draft_checks(
        subject=draft.subject,
        body=draft.body,
        person_name=recipient_name,
        company_name=company_name,
        others=[("another contact", other.body) for other in others],
        tone=tone,
        set_name="this company",
    )


# --- Ready to send after an outcome: drafted, checked, with its mail link -------------------------------------------


def rejection_reply_ready(*, interview, recipient_name: str, tone: str, to: str = "") -> dict:
    """The thank-you-and-ask-why to whoever gave the news of a rejection: the draft, its checks and a mail link
    (`to`: their address, when they are someone met at the company)."""
    draft = rejection_reply_draft(interview=interview, recipient_name=recipient_name, tone=tone)
    checks = message_checks(
        draft=draft, recipient_name=recipient_name, company_name=interview.opportunity.company.name, tone=tone
    )
    return {"draft": draft, "checks": checks, "mailto": mailto(to=to, subject=draft.subject, body=draft.body)}


def withdrawal_notices_ready(*, opportunity, people: list, tone: str) -> list[dict]:
    """The courteous notice to each person met at `opportunity` (or one to whoever it concerns when nobody is
    recorded), each checked against the others to that company, with its mail link."""
    names = [person.name for person in people] or [""]
    written = [
        withdrawal_notice_draft(opportunity=opportunity, recipient_name=name, tone=tone, index=index)
        for index, name in enumerate(names)
    ]
    rows = []
    for index, (name, draft) in enumerate(zip(names, written, strict=True)):
        others = [other for i, other in enumerate(written) if i != index]
        email = people[index].email if people else ""
        rows.append(
            {
                "name": name,
                "person": people[index] if people else None,
                "draft": draft,
                "checks": message_checks(
                    draft=draft, recipient_name=name, company_name=opportunity.company.name, others=others, tone=tone
                ),
                "mailto": mailto(to=email, subject=draft.subject, body=draft.body),
            }
        )
    return rows


# --- A thank-you note ready to send: checked, with its mail link ---------------------------------------------------


@dataclasses.dataclass(frozen=True)
class NoteSending:
    """What the page shows beside an unsent note: its checks, its "open in your mail app" link and, for a note
    "through the recruiter", whom that link addresses (None: no address known)."""

    checks: list[Check]
    mailto: str
    contact: Contact | None


def note_ready(
    *, note, others: list, opportunity, sender: str, through_recruiter: bool, contact: Contact | None
) -> NoteSending:
    """A thank-you note (followups.models.ThankYouNote) as it is about to go: checked against the other notes of its
    interview (`others`), with the mail link to the person met or, through the recruiter, the message to `contact`
    that carries it. `through_recruiter`: a recruiter or an agency arranged the interview."""
    draft = Draft(note.subject, note.body)
    if note.channel == RECRUITER:
        forward = forward_to_recruiter(
            draft=draft,
            person_name=note.person.name,
            contact=contact,
            role=opportunity.role_title,
            company=opportunity.company.name,
            sender=sender,
        )
        link = mailto(to=contact.email if contact else "", subject=forward.subject, body=forward.body)
    else:
        link = mailto(to=note.person.email, subject=draft.subject, body=draft.body)
    checks = note_checks(
        note=note,
        others=others,
        company_name=opportunity.company.name,
        through_recruiter=through_recruiter,
        contact=contact,
    )
    return NoteSending(checks=checks, mailto=link, contact=contact)


def notes_ready(*, interview, notes: list) -> dict[int, NoteSending]:
    """{note id: NoteSending} for the thank-you notes of one interview (`interview` with owner and
    opportunity__company loaded), each checked against the others. Whom a note through the recruiter goes to is
    read once, and only when a note needs it."""
    through = goes_through_recruiter(interview=interview)
    wants_contact = through or any(note.channel == RECRUITER for note in notes)
    contact = recruiter_contact(interview=interview) if wants_contact else None
    return {
        note.pk: note_ready(
            note=note,
            others=notes,
            opportunity=interview.opportunity,
            sender=interview.owner.display_name,
            through_recruiter=through,
            contact=contact,
        )
        for note in notes
    }


def note_checks(
    *,
    note,
    others: list,
    company_name: str,
    through_recruiter: bool,
    contact: Contact | None = None,
) -> list[Check]:
    """The checks shown next to a thank-you note: the checks of its text (draft_checks) and the warnings about where
    it goes. `through_recruiter`: a recruiter or an agency arranged the interview;
    `contact` is who a note "through the recruiter" is addressed to (None: no address known)."""
    checks = draft_checks(
        subject=note.subject,
        body=note.body or "",
        person_name=note.person.name,
        company_name=company_name,
        others=[(other.person.name, other.body) for other in others if other.pk != note.pk],
        tone=note.tone,
    )
    if through_recruiter:
        checks.append(
            Check(
                "recruiter",
                False,
                "A recruiter arranged this interview: check with them first. They may prefer to pass it on.",
                warning_only=True,
            )
        )
    if note.channel == EMAIL and not note.person.email:
        checks.append(
            Check(
                "address",
                False,
                f"There is no email address for {inline(note.person.name)}: add it on their page, or copy the "
                "note into your own message.",
                warning_only=True,
            )
        )
    elif note.channel == RECRUITER and contact is None:
        checks.append(
            Check(
                "address",
                False,
                "There is no address to send it through: add the agency contact's email on the opportunity, or "
                "copy the note into your own message.",
                warning_only=True,
            )
        )
    return checks
