"""The checks shown before a note, or a message drafted after an outcome, is marked sent (docs/PRODUCT.md F2).

A failing check is a problem to show, not a lock: sending is the candidate's own act. "Mark sent" with a failing
check asks "Send anyway?" first and records the answer. These check the text; follow-up adds what it knows about
where the note goes (followups.selectors.note_checks: the address, the recruiter to check with).
"""

import dataclasses
import difflib
import re
from collections.abc import Iterable

from .drafts import (
    FORMAL,
    Draft,
    inline,
    mailto,
    name_parts,
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
