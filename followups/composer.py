"""The thank-you draft composer and the checks shown before a note is marked sent (PRODUCT.md F2).

The draft is built from the debrief in four parts: remember me, reinforce the positives, recoup the weakest answer,
the next step. It is a starting point the candidate edits, so it is plain and short; the wording is ours.
"""

import dataclasses
import difflib
import re
from urllib.parse import quote

from interviews.models import Debrief, Interview, Person, Question

from .models import ThankYouNote

Tone = ThankYouNote.Tone

# Anything in square brackets is a gap the draft could not fill: the candidate must replace it before sending.
PLACEHOLDER_RE = re.compile(r"\[[^\[\]\n]{1,80}\]")
SIMILARITY_LIMIT = 0.9


def _first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text else text


def _their_topic(person: Person, questions: list[Question], index: int) -> str:
    for question in questions:
        if question.asked_by_id == person.pk:
            return _lower_first(question.topic or question.text.rstrip("?"))
    # Nobody recorded as asking: each person gets a different topic where there are enough, so drafts differ.
    topics = [q.topic for q in questions if q.topic]
    return _lower_first(topics[index % len(topics)]) if topics else "[a topic we discussed]"


def _day(day) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def _weakest(questions: list[Question]) -> Question | None:
    scored = [q for q in questions if q.self_score is not None]
    return min(scored, key=lambda q: (q.self_score, q.position, q.pk)) if scored else None


def compose_draft(
    *,
    interview: Interview,
    person: Person,
    debrief: Debrief | None,
    questions: list[Question],
    tone: str,
    sender_name: str,
    index: int = 0,
) -> tuple[str, str]:
    """Returns (subject, body) of a first draft to `person`, the `index`-th person met (so that each one is given
    a different point from the debrief where it has several). Gaps are left as [placeholders] on purpose."""
    company = interview.opportunity.company.name
    role = interview.opportunity.role_title
    topic = _their_topic(person, questions, index)
    went_well = [item for item in (debrief.went_well if debrief else []) if isinstance(item, str) and item.strip()]
    if went_well:
        strength = _lower_first(went_well[index % len(went_well)])
    else:
        strength = _lower_first(debrief.strengths) if debrief else ""
    strength = strength or "[a strength of yours that fits the role]"
    weakest = _weakest(questions)
    hear_back = debrief.hear_back_date if debrief else None
    formal = tone == Tone.FORMAL

    if formal:
        subject = f"Thank you: {role} at {company}"
        parts = [
            f"Dear {person.name},",
            f"Thank you for taking the time to meet me about the {role} role at {company}. "
            f"I particularly valued our conversation about {topic}.",
            f"Having met the team, I am confident the role suits me well: in particular, {strength}.",
        ]
        if weakest is not None:
            parts.append(
                f'Looking back on your question "{weakest.text.strip()}", I would like to add a little to my '
                "answer: [what you would add or correct]."
            )
        if hear_back:
            parts.append(
                f"I understand you expect to decide by {_day(hear_back)}, and I look forward to hearing from you."
            )
        else:
            parts.append("I look forward to hearing about the next steps.")
        parts.append(f"Kind regards,\n{sender_name}")
    else:
        subject = f"Thanks for today, {_first_name(person.name)}"
        parts = [
            f"Hi {_first_name(person.name)},",
            f"Thanks a lot for the conversation about the {role} role at {company}. "
            f"I really enjoyed talking about {topic}.",
            f"It left me even keener on the job, especially since {strength}.",
        ]
        if weakest is not None:
            parts.append(f'One more thought on "{weakest.text.strip()}": [what you would add or correct].')
        if hear_back:
            parts.append(f"I gather you hope to get back to me by {_day(hear_back)}. Looking forward to it!")
        else:
            parts.append("Looking forward to hearing what comes next.")
        parts.append(f"Best,\n{sender_name}")
    return subject, "\n\n".join(parts)


@dataclasses.dataclass(frozen=True)
class Check:
    key: str
    ok: bool
    message: str
    warning_only: bool = False


def _similarity(a: str, b: str) -> float:
    a, b = " ".join(a.lower().split()), " ".join(b.lower().split())
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def note_checks(*, note: ThankYouNote, others: list[ThankYouNote], company_name: str, arranged_by_recruiter: bool):
    """The checks shown next to a note before "mark sent". Failing ones are shown as problems, not blockers:
    sending is the candidate's own act."""
    body = note.body or ""
    text = f"{note.subject}\n{body}".lower()
    person_name = note.person.name.strip()
    name_present = bool(person_name) and (person_name.lower() in text or _first_name(person_name).lower() in text)
    company_present = bool(company_name.strip()) and company_name.strip().lower() in text
    placeholders = PLACEHOLDER_RE.findall(f"{note.subject}\n{body}")
    closest = max((_similarity(body, other.body) for other in others if other.pk != note.pk), default=0.0)
    checks = [
        Check("name", name_present, f"It names {person_name}." if name_present else f"It does not name {person_name}."),
        Check(
            "company",
            company_present,
            f"It mentions {company_name}." if company_present else f"It does not mention {company_name}.",
        ),
        Check(
            "placeholder",
            not placeholders,
            "Every gap is filled."
            if not placeholders
            else f"Fill in the gap{'s' if len(placeholders) > 1 else ''}: {', '.join(placeholders[:3])}.",
        ),
        Check(
            "similar",
            closest < SIMILARITY_LIMIT,
            "It reads differently from your other notes for this interview."
            if closest < SIMILARITY_LIMIT
            else f"It is {closest:.0%} the same as another note for this interview. Make each one personal.",
        ),
    ]
    if arranged_by_recruiter:
        checks.append(
            Check(
                "recruiter",
                False,
                "A recruiter arranged this interview: check with them first. They may prefer to pass it on.",
                warning_only=True,
            )
        )
    return checks


def mailto_link(*, note: ThankYouNote) -> str:
    """An "open in your mail app" link with the subject and body filled in (RFC 6068 percent-encoding)."""
    address = note.person.email or ""
    return f"mailto:{quote(address, safe='@')}?subject={quote(note.subject, safe='')}&body={quote(note.body, safe='')}"
