"""The draft composer (docs/PRODUCT.md F2, F4): the thank-you note to each person met, and the messages drafted after
an outcome, all from one place and all checked the same way (composer.checks).

A thank-you draft is built from what the debrief holds about that one person: the questions they asked (D6 records
who asked), the topics of those questions, their title, what their job covers and the part they played; then what
went well and the strengths (each item given to one person only), the weakest answer given to that person (recouped
from its answer summary), the hear-back date, the company and the role: the four Rs, formal or casual.

What the user typed keeps its case and its words. It goes after a colon, in quotes, or (a job title) after "as";
it is never spliced into the middle of a sentence, so a clause and a noun phrase read equally well. Where the data
for a part is missing, the part is left out, or (when the note needs it) a short [prompt] says exactly what to add.
Each person of a panel gets different sentences for every part and a different layout (phrases.py), so the drafts
of one interview stay well below the similarity the checks warn about.
"""

import dataclasses
import datetime as dt
import hashlib
import re
from typing import NamedTuple
from urllib.parse import quote

from accounts.selectors import linked_recruiters
from interviews.models import SHORT_TEXT_MAX, Interview, InterviewPerson, Opportunity, Question
from interviews.selectors import debrief_of, people_of_round

from . import phrases
from .phrases import CASUAL, FORMAL

# An answer the candidate scored this low (1-10) is worth recouping in the note; a better one is left alone.
RECOUP_AT_MOST = 6
# How much of a long field goes into a note: the first sentence or a few words, never a wall of text.
ITEM_LIMIT = 160
QUOTE_LIMIT = 140
TOPIC_LIMIT = 80
TOPICS_PER_NOTE = 3
SUBJECT_LIMIT = SHORT_TEXT_MAX  # a subject is stored in a short text field


class Draft(NamedTuple):
    subject: str
    body: str


# --- What the composer reads ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Asked:
    """One question of the debrief (D6)."""

    text: str
    topic: str = ""
    summary: str = ""
    score: int | None = None
    asked_by: int | None = None  # Met.key of who asked it; None when the debrief does not say
    position: int = 0


@dataclasses.dataclass(frozen=True)
class Met:
    """One person met at the interview (D4), with the part they played in it."""

    key: int
    name: str
    title: str = ""
    part: str = ""
    responsibilities: str = ""


@dataclasses.dataclass(frozen=True)
class InterviewFacts:
    """Everything a thank-you draft may use, read once per interview."""

    company: str
    role: str
    day: dt.date
    people: tuple[Met, ...]
    questions: tuple[Asked, ...] = ()
    went_well: tuple[str, ...] = ()
    strengths: str = ""
    background: str = ""
    question_focus: str = ""
    hear_back: dt.date | None = None
    next_steps: str = ""
    sender: str = ""


def interview_facts_read(
    *, interview: Interview, participants: list[InterviewPerson] | None = None
) -> tuple[Interview, InterviewFacts]:
    """Reads the interview as the composer needs it (once per sync or per note written): the interview with its
    owner, company and debrief, its people (`participants`, when already read) and its questions."""
    interview = Interview.objects.select_related("owner", "opportunity__company", "debrief").get(pk=interview.pk)
    if participants is None:
        participants = people_of_round(interview=interview)
    questions = list(Question.objects.filter(interview=interview).order_by("position", "pk"))
    return interview, interview_facts(interview=interview, participants=participants, questions=questions)


def interview_facts(
    *, interview: Interview, participants: list[InterviewPerson], questions: list[Question]
) -> InterviewFacts:
    """Reads an interview for the composer. `interview` comes with owner, opportunity__company and debrief loaded;
    `participants` with their person, in the order met."""
    debrief = debrief_of(interview)
    # The interview's day as the candidate lived it, in their own zone.
    day = interview.starts_at.astimezone(interview.owner.zone).date()
    return InterviewFacts(
        company=interview.opportunity.company.name,
        role=interview.opportunity.role_title,
        day=day,
        people=tuple(
            Met(
                key=row.person_id,
                name=row.person.name,
                title=row.person.title,
                part=row.part,
                responsibilities=row.person.responsibilities,
            )
            for row in participants
        ),
        questions=tuple(
            Asked(
                text=q.text,
                topic=q.topic,
                summary=q.answer_summary,
                score=q.self_score,
                asked_by=q.asked_by_id,
                position=index,
            )
            for index, q in enumerate(questions)
        ),
        went_well=tuple(str(item) for item in (debrief.went_well if debrief else []) or []),
        strengths=debrief.strengths if debrief else "",
        background=debrief.background_that_matters if debrief else "",
        question_focus=debrief.question_focus if debrief else "",
        hear_back=debrief.hear_back_date if debrief else None,
        next_steps=debrief.next_steps if debrief else "",
        sender=interview.owner.display_name,
    )


# --- The user's words, as they typed them --------------------------------------------------------------------------

_BULLET = re.compile(r"^(?:[-*•·‣–—]+|\d{1,2}[.)])\s*")
_ENDS_SENTENCE = re.compile(r"[.!?…][”’\"»)]*$")
_SENTENCE_END = re.compile(r"[.!?](?=\s)")


def inline(text: str) -> str:
    """One line, single spaces: how a name or a field is written into a sentence."""
    return " ".join((text or "").split())


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters: the first sentences that fit, else whole words, with "…" where it was cut."""
    text = inline(text)
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(head + " ")]
    if ends and ends[-1] >= limit // 3:
        return head[: ends[-1]]
    space = head.rfind(" ")
    head = head[:space] if space >= limit // 2 else head[: limit - 1]
    return head.rstrip(" ,;:.-–—") + "…"


def _item(text: str, limit: int = ITEM_LIMIT) -> str:
    """One list item: no bullet, no trailing comma or single full stop (the sentence adds its own)."""
    text = shorten(_BULLET.sub("", inline(text)), limit)
    text = text.rstrip(",;: ")
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text if any(ch.isalnum() for ch in text) else ""


def _label(text: str) -> str:
    """A topic as a label in a list: the user's words without a trailing ? ! … or full stop."""
    return _item(text, TOPIC_LIMIT).rstrip(".?!…").rstrip() if any(ch.isalnum() for ch in text) else ""


def _items(text: str) -> list[str]:
    """A free-text field as items: one per line (bullets and numbers dropped), empty lines left out."""
    return [item for line in (text or "").splitlines() if (item := _item(line))]


def _listed(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'; items that hold commas themselves are kept apart with semicolons."""
    if len(items) <= 1:
        return "".join(items)
    separator = "; " if any("," in item for item in items) else ", "
    return separator.join(items[:-1]) + " and " + items[-1]


def _quoted(text: str) -> str:
    return f"“{shorten(text, QUOTE_LIMIT)}”"


def _sentence(text: str) -> str:
    """A finished sentence: no full stop doubled after the user's own ! ? … or a quote that ends with one."""
    text = re.sub(r"([.!?…][”’\"»)]*)\.$", r"\1", text.strip())
    return text if _ENDS_SENTENCE.search(text) else text + "."


def _distinct(values: list[str]) -> list[str]:
    seen, kept = set(), []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


def _words(text: str) -> list[str]:
    return text.split()


# --- Names -------------------------------------------------------------------------------------------------------

HONORIFICS = frozenset(
    _words("dr prof professor mr mrs ms mx miss sir dame lord lady herr frau rev nurse dott ing mag")
)
SUFFIXES = frozenset(_words("phd md jr sr ii iii iv mba mbe obe cbe esq"))
# Lowercase particles that belong to the surname: "Dr de la Cruz", "Prof. van der Berg".
PARTICLES = frozenset(_words("de la le du des del della di da dos das van von der den ter ten zu bin al"))


@dataclasses.dataclass(frozen=True)
class Name:
    honorific: str  # as typed: "Dr", "Prof."
    given: str
    surname: str
    full: str  # without the honorific


def name_parts(name: str) -> Name:
    """Splits a person's name as typed: "Dr Zoë Ångström", "Prof. Jürgen Müller", "Lovelace, Ada", "王小明"."""
    text = inline(name)
    main, comma, after = text.partition(",")
    after_tokens = after.split()
    if comma and after_tokens and not all(t.strip(".").casefold() in SUFFIXES for t in after_tokens):
        tokens = after_tokens + main.split()  # "Surname, Given"
    else:
        tokens = main.split()
    while len(tokens) > 1 and tokens[-1].strip(".").casefold() in SUFFIXES:
        tokens.pop()
    honorific = tokens.pop(0) if tokens and tokens[0].rstrip(".").casefold() in HONORIFICS else ""
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1] in PARTICLES:
        start -= 1
    return Name(
        honorific=honorific,
        given=tokens[0] if tokens else "",
        surname=" ".join(tokens[start:]) if len(tokens) > 1 else "",
        full=" ".join(tokens),
    )


def salutation_name(name: str, *, tone: str) -> str:
    """How the greeting addresses someone: title and surname, or the full name, in formal; the first name in casual;
    never a bare title (a prompt for the surname instead)."""
    parts = name_parts(name)
    if parts.honorific and (tone == FORMAL or not parts.surname):
        return f"{parts.honorific} {parts.surname or parts.given or phrases.SURNAME_PROMPT}"
    if tone == FORMAL:
        return parts.full
    return parts.given


def short_name(name: str) -> str:
    """The name a prompt uses: "with Ada", "with Dr Chen"."""
    parts = name_parts(name)
    if parts.honorific and not parts.surname:
        return f"{parts.honorific} {parts.given}".strip()
    return parts.given or inline(name)


# --- Who each person was at this interview -----------------------------------------------------------------------

# The part a person played, from what the candidate typed as their part, or else their title. First match wins.
PART_KINDS = (
    ("hr", re.compile(r"\b(hr|human resources|people|talent|recruit\w*|personnel)\b", re.I)),
    ("exec", re.compile(r"\b(ceo|cto|cfo|coo|cio|cpo|founder|co-founder|owner|president|vp|chief|partner)\b", re.I)),
    ("lead", re.compile(r"\b(hiring manager|manager|head|director|lead|supervisor|principal)\b", re.I)),
    ("peer", re.compile(r"\b(peer|colleague|team ?mate|team member|engineer|developer|analyst|designer)\b", re.I)),
    ("panel", re.compile(r"\b(panel|interviewer)\b", re.I)),
)
# Activities of the interview itself: worth remembering for next time, not worth telling the interviewer.
LOGISTICS = re.compile(
    r"\b(on time|punctual|early|late|calm|nerv\w*|relax\w*|dressed|outfit|eye contact|body language|handshake|"
    r"smil\w*|slept|parking|found the (office|building)|arrived|breath\w*|posture)\b",
    re.I,
)


# A title that names one post reads without an article ("as Head of Data", "as CTO"); others take one.
_ONE_POST = frozenset(
    _words("head chief vp svp evp vice director managing founder co-founder cofounder owner president chair")
    + _words("chairman chairwoman ceo cto cfo coo cio cpo cmo cso chro a an the")
)


def as_title(title: str) -> str:
    """A job title as it follows "as": "a Senior engineer", "an SRE", "Head of Platform", "CTO"."""
    first = title.split()[0].strip(",.;:()").casefold() if title.split() else ""
    if not first or first in _ONE_POST or " of " in f" {title.casefold()} " or not first[0].isascii():
        return title
    word = title.split()[0]
    if word.isupper() and len(word) > 1:  # an acronym is said letter by letter: "an SRE", "a QA lead"
        vowel_sound = word[0] in "AEFHILMNORSX"
    else:
        vowel_sound = first[0] in "aeiou" and not first.startswith(("uni", "use", "usu", "eu", "one"))
    return f"{'an' if vowel_sound else 'a'} {title}"


def part_kind(*, part: str, title: str = "") -> str:
    """ "lead", "hr", "peer", "exec", "panel", or "" when neither the part nor the title says."""
    for text in (part, title):
        for kind, pattern in PART_KINDS:
            if text and pattern.search(text):
                return kind
    return ""


@dataclasses.dataclass
class _Person:
    met: Met
    slot: int
    kind: str
    topics: list[str]
    quote: Asked | None
    recoup: Asked | None
    recoup_whose: str
    shared: str = ""
    kind_index: int = 0
    went_well: str = ""
    strength: str = ""
    lead: bool = False


def _plan(facts: InterviewFacts) -> dict[int, _Person]:
    """What goes into each person's note. Each item of the debrief is given to one person only, so no two notes
    repeat the same words; who asked what decides what each note is about."""
    people = facts.people
    keys = {met.key for met in people}
    solo = len(people) == 1
    unattributed = [q for q in facts.questions if q.asked_by not in keys]
    went_well = _distinct([w for item in facts.went_well if (w := _item(item)) and not LOGISTICS.search(w)])
    strengths = _distinct(_items(facts.strengths) + _items(facts.background))
    kinds = [part_kind(part=met.part, title=met.title) for met in people]
    lead_at = kinds.index("lead") if "lead" in kinds else 0
    shared = [] if solo else _distinct([_label(q.topic) for q in unattributed if q.topic.strip()])
    shared += [] if solo else [s for s in _items(facts.question_focus) if s.casefold() not in map(str.casefold, shared)]

    plans: dict[int, _Person] = {}
    kind_seen: dict[str, int] = {}
    for index, met in enumerate(people):
        # A question no one is recorded as asking was asked by the one person there, in a one-to-one.
        own = list(facts.questions) if solo else [q for q in facts.questions if q.asked_by == met.key]
        weak = [q for q in own if q.score is not None and q.score <= RECOUP_AT_MOST]
        whose = "your"
        if not weak and index == lead_at and not solo:
            # A weak answer no one is recorded as asking goes to the lead only, and never as "your question".
            weak = [q for q in unattributed if q.score is not None and q.score <= RECOUP_AT_MOST]
            whose = "the"
        recoup = min(weak, key=lambda q: (q.score, q.position)) if weak else None
        others = [q for q in own if q is not recoup]
        quotable = sorted(others, key=lambda q: (-(q.score or 0), q.position))
        plans[met.key] = _Person(
            met=met,
            slot=index % len(phrases.OPENING[FORMAL]),
            kind=kinds[index],
            topics=_distinct([_label(q.topic) for q in others if q.topic.strip()])[:TOPICS_PER_NOTE],
            quote=quotable[0] if quotable else None,
            recoup=recoup,
            recoup_whose=whose,
            kind_index=kind_seen.get(kinds[index], 0),
            lead=index == lead_at,
        )
        kind_seen[kinds[index]] = kind_seen.get(kinds[index], 0) + 1
    _share_out(plans, went_well=went_well, strengths=strengths)
    # A topic of the interview that no one is recorded as raising, for people the debrief says nothing about.
    waiting = [
        p
        for p in plans.values()
        if not (p.topics or p.quote or p.kind or p.met.title.strip() or _item(p.met.responsibilities))
    ]
    for person, topic in zip(waiting, shared, strict=False):
        person.shared = topic
    return plans


def _mentions(item: str, name: str) -> bool:
    parts = name_parts(name)
    return any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", item, re.I) for t in (parts.given, parts.surname) if t)


def _share_out(plans: dict[int, "_Person"], *, went_well: list[str], strengths: list[str]) -> None:
    """One thing that went well and one strength per person, in the order met: each item goes into one note only
    (the same words in two notes is what the similarity check is there to catch), and never to the person it names
    ("Zoë liked my checklist" is not for Zoë)."""
    used: set[str] = set()
    for pool, attribute in ((went_well, "went_well"), (strengths, "strength")):
        for person in plans.values():
            pick = next((i for i in pool if i.casefold() not in used and not _mentions(i, person.met.name)), None)
            if pick is not None:
                setattr(person, attribute, pick)
                used.add(pick.casefold())


# --- The thank-you note --------------------------------------------------------------------------------------------


def _pick(variants, index: int):
    return variants[index % len(variants)]


def _day(day: dt.date, *, year_of: dt.date) -> str:
    text = f"{day:%A} {day.day} {day:%B}"
    return text if day.year == year_of.year else f"{text} {day.year}"


def _about(person: _Person, tone: str) -> list[str]:
    """Remember me: what this person discussed, from their own part of the interview."""
    met, slot = person.met, person.slot
    if person.topics:
        return [_sentence(_pick(phrases.ABOUT_TOPICS[tone], slot).format(x=_listed(person.topics)))]
    if person.quote is not None:
        return [_sentence(_pick(phrases.ABOUT_QUESTION[tone], slot).format(q=_quoted(person.quote.text)))]
    title = shorten(met.title, TOPIC_LIMIT).rstrip(".,;: ")
    remit = _item(met.responsibilities)
    sentences = []
    if title:
        sentences.append(_pick(phrases.ABOUT_TITLE[tone], slot).format(title=as_title(title)))
    if remit:
        sentences.append(_sentence(_pick(phrases.ABOUT_REMIT[tone], slot).format(x=remit)))
    if sentences:
        return sentences
    if person.shared:
        return [_sentence(_pick(phrases.ABOUT_SHARED[tone], slot).format(x=person.shared))]
    if person.kind:
        return [_pick(phrases.ABOUT_PART[tone][person.kind], person.kind_index)]
    if person.recoup is not None:
        return []  # their own question comes in the recoup paragraph
    prompt = phrases.NOTHING_PROMPT.format(name=short_name(met.name))
    return [phrases.ABOUT_NOTHING[tone].format(prompt=prompt)]


def _article(person: _Person, tone: str, url: str, topic: str) -> str:
    """The optional article, in the sentence about its topic (the one named, else their first topic)."""
    topics = person.topics or ([person.shared] if person.shared else [])
    wanted = inline(topic).casefold()
    chosen = next((t for t in topics if t.casefold() == wanted), None) or (inline(topic) if topic.strip() else "")
    chosen = chosen or (topics[0] if topics else "")
    if chosen:
        return phrases.ARTICLE[tone].format(x=_quoted(chosen), url=url)
    return phrases.ARTICLE_NO_TOPIC[tone].format(url=url)


def _recoup(person: _Person, tone: str) -> list[str]:
    question = person.recoup
    if question is None:
        return []
    lead, follow = _pick(phrases.RECOUP[tone], person.slot)
    whose = person.recoup_whose
    first = _sentence(lead.format(q=_quoted(question.text), whose=whose, Whose=whose.capitalize()))
    summary = _item(question.summary, 220)
    second = _sentence(follow.format(x=summary)) if summary else phrases.RECOUP_PROMPT
    return [first, second]


def _next(person: _Person, tone: str, facts: InterviewFacts) -> list[str]:
    sentences = []
    steps = _item(facts.next_steps, 200) if person.lead else ""
    if steps:
        sentences.append(_sentence(phrases.NEXT_STEPS[tone].format(x=steps)))
        if not facts.hear_back:
            return [*sentences, phrases.NEXT_AFTER_STEPS[tone]]
    if facts.hear_back:
        date = _day(facts.hear_back, year_of=facts.day)
        sentences.append(
            _pick(phrases.NEXT_BY_DATE[tone], person.slot).format(date=date, company=inline(facts.company))
        )
    else:
        sentences.append(_pick(phrases.NEXT_NO_DATE[tone], person.slot).format(company=inline(facts.company)))
    return sentences


def compose_note(
    *, facts: InterviewFacts, person_key: int, tone: str, article_url: str = "", article_topic: str = ""
) -> Draft:
    """The thank-you draft to one person met (facts.people[...].key == person_key), in `tone` (formal or casual),
    with the optional article link in the sentence about its topic."""
    tone = tone if tone in (FORMAL, CASUAL) else FORMAL
    person = _plan(facts)[person_key]
    slot = person.slot
    fields = {
        "company": inline(facts.company),
        "role": inline(facts.role),
        "weekday": f"{facts.day:%A}",
        "name": salutation_name(person.met.name, tone=CASUAL),
    }
    opening = _pick(phrases.OPENING[tone], slot).format(**fields)
    about = _about(person, tone)
    keen = _pick(phrases.KEEN[tone], slot).format(**fields)
    praise = []
    if person.went_well:
        praise.append(_sentence(_pick(phrases.WENT_WELL[tone], slot).format(x=person.went_well)))
    if person.strength:
        praise.append(_sentence(_pick(phrases.STRENGTH[tone], slot).format(x=person.strength)))
    recoup = _recoup(person, tone)
    follow = _next(person, tone, facts)

    # Three layouts, so that notes differ in shape as well as in words. The article ends a paragraph of its own,
    # right after what this person discussed: nothing follows a link on its line.
    layout = slot % 3
    if layout == 0:
        paragraphs = [[opening, *about], [keen, *praise], recoup, follow]
    elif layout == 1:
        paragraphs = [[opening], about, praise, recoup, [keen, *follow]]
    else:
        paragraphs = [[opening, keen], about, [*praise, *recoup], follow]
    if article_url.strip():
        at = next((i for i, p in enumerate(paragraphs) if about and about[0] in p), 0) + 1
        paragraphs.insert(at, [_article(person, tone, article_url.strip(), article_topic)])

    greeting = _pick(phrases.GREETING[tone], slot).format(name=salutation_name(person.met.name, tone=tone))
    sender = inline(facts.sender) or phrases.SENDER_PROMPT
    sign_off = f"{_pick(phrases.SIGN_OFF[tone], slot)},\n{sender}"
    body = "\n\n".join([greeting, *(" ".join(p) for p in paragraphs if p), sign_off])
    subject = shorten(_pick(phrases.SUBJECT[tone], slot).format(**fields), SUBJECT_LIMIT)
    return Draft(subject=subject, body=body)


def draft_digest(draft: Draft) -> str:
    """A fingerprint of a draft: tells whether the composer would now write something else than it did."""
    return hashlib.sha256(f"{draft.subject}\n{draft.body}".encode()).hexdigest()


# --- Channels ------------------------------------------------------------------------------------------------------

# The ways a thank-you note goes (followups.models.NoteChannel): the composer writes the mail link of the first and the
# message to the recruiter that carries the last; a card is copied out by hand.
EMAIL, CARD, RECRUITER = "email", "card", "recruiter"


@dataclasses.dataclass(frozen=True)
class Contact:
    """Who a note goes through when it goes through the recruiter: the linked recruiter, or the agency's contact."""

    name: str
    email: str
    kind: str  # "recruiter" or "agency"


def goes_through_recruiter(*, interview: Interview) -> bool:
    """A linked recruiter or an outside agency arranged the interview: the notes may go through them."""
    return bool(
        interview.arranged_by_id or interview.agency_name or interview.opportunity.source == Opportunity.Source.AGENCY
    )


def recruiter_contact(*, interview: Interview) -> Contact | None:
    """Whom a note "through the recruiter" is addressed to: the recruiter who arranged the interview or placed the
    opportunity, while their link with the candidate is active; else the agency contact on the opportunity."""
    opportunity = interview.opportunity
    wanted = [pk for pk in (interview.arranged_by_id, opportunity.recruiter_id) if pk]
    if wanted:
        recruiters = {r.pk: r for r in linked_recruiters(candidate=interview.owner).filter(pk__in=wanted)}
        recruiter = next((recruiters[pk] for pk in wanted if pk in recruiters), None)
        if recruiter is not None:
            return Contact(name=recruiter.name, email=recruiter.email, kind="recruiter")
    if opportunity.agency_contact_email:
        return Contact(name=opportunity.agency_contact_name, email=opportunity.agency_contact_email, kind="agency")
    return None


def mailto(*, to: str, subject: str, body: str) -> str:
    """An "open in your mail app" link with the subject and body filled in (RFC 6068 percent-encoding)."""
    return f"mailto:{quote(to or '', safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def forward_to_recruiter(
    *, draft: Draft, person_name: str, contact: Contact | None, role: str, company: str, sender: str
) -> Draft:
    """The message to the recruiter (or agency contact) that carries a thank-you note: a subject naming the
    interviewer, two lines asking them to pass it on, then the note itself."""
    first = name_parts(contact.name).given if contact and contact.name.strip() else ""
    intro = phrases.FORWARD_INTRO if first else phrases.FORWARD_INTRO_NO_NAME
    head = intro.format(
        name=first,
        person=inline(person_name),
        role=inline(role),
        company=inline(company),
        sender=inline(sender) or phrases.SENDER_PROMPT,
    )
    subject = phrases.FORWARD_SUBJECT.format(person=inline(person_name), company=inline(company))
    return Draft(subject=shorten(subject, SUBJECT_LIMIT), body=f"{head}{draft.subject}\n\n{draft.body}")


# --- After an outcome (issue 14 calls these) -----------------------------------------------------------------------


def _outcome_message(
    *, bank, opportunity: Opportunity, recipient_name: str, tone: str, index: int, subject: str
) -> Draft:
    """One message after an outcome, from `bank` (phrases.REJECTION, phrases.WITHDRAWAL); `subject` is given the
    opportunity's inline company and role."""
    tone = tone if tone in (FORMAL, CASUAL) else FORMAL
    company, role = inline(opportunity.company.name), inline(opportunity.role_title)
    sender = opportunity.owner.display_name
    subject = subject.format(company=company, role=role)
    name = salutation_name(recipient_name, tone=tone) if recipient_name.strip() else ""
    name = name or phrases.OUTCOME_RECIPIENT_PROMPT.format(company=company)
    paragraphs = [p.format(company=company, role=role) for p in _pick(bank[tone], index)]
    greeting = _pick(phrases.GREETING[tone], index).format(name=name)
    sign_off = f"{_pick(phrases.SIGN_OFF[tone], index)},\n{inline(sender) or phrases.SENDER_PROMPT}"
    return Draft(subject=shorten(subject, SUBJECT_LIMIT), body="\n\n".join([greeting, *paragraphs, sign_off]))


def rejection_reply_draft(*, interview: Interview, recipient_name: str, tone: str = FORMAL, index: int = 0) -> Draft:
    """After a rejection (docs/PRODUCT.md F4): the thank-you-and-ask-why to the person who gave the news.

    Takes the interview (with opportunity__company and opportunity__owner loaded, or they are read), the name of the
    person who called or wrote as the candidate recorded it ("" when unknown: the greeting is then a prompt for it),
    the tone, and `index` to vary the wording when several go out for one interview. Check it with
    composer.checks.message_checks before offering it."""
    return _outcome_message(
        bank=phrases.REJECTION, opportunity=interview.opportunity, recipient_name=recipient_name, tone=tone,
        index=index, subject="Thank you, and a request: {role} at {company}",
    )  # fmt: skip


def withdrawal_notice_draft(
    *, opportunity: Opportunity, recipient_name: str, tone: str = FORMAL, index: int = 0
) -> Draft:
    """After accepting an offer elsewhere (docs/PRODUCT.md F4): the courteous notice to one contact of another open
    opportunity, saying the candidate has accepted another offer and withdraws.

    Takes the other opportunity (with company and owner loaded, or they are read), the contact's name ("" when
    unknown: the greeting is then a prompt for it), the tone, and `index`, the contact's place among those written
    to at that company, so that two people there get different wording. Check it with
    composer.checks.message_checks, passing the other notices to that company as `others`."""
    return _outcome_message(
        bank=phrases.WITHDRAWAL, opportunity=opportunity, recipient_name=recipient_name, tone=tone, index=index,
        subject="My application for the {role} role at {company}",
    )  # fmt: skip
