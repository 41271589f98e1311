"""What search looks through: one Kind per model, with the fields it matches (title-like fields weigh more), the
scoping selector its rows come from, and how a result is named and linked.

Who may see a row is never decided here: each kind starts from the selector the rest of the site uses for it
(interviews_in_full_to for anything of an interview: a recruiter finds only what a link sharing the full debriefs
shows on the interview page; interviews_owned_by for the candidate's own follow-up, the
owner's companies, opportunities and people), so a recruiter finds linked candidates' non-private interviews only.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from accounts.models import User
from followups.models import FollowUpAttempt, ThankYouNote
from followups.selectors import thank_you_notes_of
from interviews.models import Company, Debrief, DebriefNote, LearningItem, Opportunity, Person, Question
from interviews.selectors import (
    companies_owned_by,
    interviews_in_full_to,
    interviews_owned_by,
    learning_items_owned_by,
    opportunities_owned_by,
    people_owned_by,
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Kind:
    key: str  # in the URL: /search/?q=…&kind=questions
    label: str
    model: type[models.Model]
    title_fields: tuple[str, ...]  # weight A: a match here ranks first
    body_fields: tuple[str, ...]  # weight B
    scope: Callable[[User], QuerySet]
    title: Callable[[models.Model], str]
    context: Callable[[models.Model], str]
    links: Callable[[models.Model, User], list[Link]]
    related: tuple[str, ...] = ()
    # The interview a row belongs to, for the kinds a linked recruiter finds (their results go in the candidate's
    # access log); None for the owner's own kinds.
    interview_of: Callable[[models.Model], models.Model | None] | None = None
    json_fields: tuple[str, ...] = field(default=())  # lists stored as JSON: their items are what is searched
    labels: dict[str, str] = field(default_factory=dict)  # a field's name beside its excerpt, when not its own

    def label_of(self, name: str) -> str:
        return self.labels.get(name) or str(self.model._meta.get_field(name).verbose_name)

    @property
    def fields(self) -> tuple[str, ...]:
        return (*self.title_fields, *self.body_fields)


def _when(interview) -> str:
    return date_format(localtime(interview.starts_at), "j M Y")


def _about(interview) -> str:
    """Company, round and day of an interview, as every result of one shows them."""
    return f"{interview.opportunity.company.name} · {interview.get_round_display()} · {_when(interview)}"


def _interview_links(interview, user: User, anchor: str = "") -> list[Link]:
    links = [Link("Interview", reverse("interviews:detail", args=[interview.pk]) + anchor)]
    if interview.owner_id == user.pk:
        links.append(Link("Prep sheet", reverse("interviews:opportunity_prep", args=[interview.opportunity_id])))
    return links


INTERVIEW = "interview__opportunity__company"

KINDS: tuple[Kind, ...] = (
    Kind(
        key="questions",
        label="Questions and answers",
        model=Question,
        title_fields=("text",),
        body_fields=("answer_summary", "topic"),
        scope=lambda user: Question.objects.filter(interview__in=interviews_in_full_to(user=user)),
        related=(INTERVIEW, "asked_by"),
        labels={"answer_summary": "your answer"},
        title=lambda q: q.text,
        context=lambda q: _about(q.interview) + (f" · asked by {q.asked_by.name}" if q.asked_by else ""),
        links=lambda q, user: _interview_links(q.interview, user),
        interview_of=lambda q: q.interview,
    ),
    Kind(
        key="debriefs",
        label="Debriefs",
        model=Debrief,
        title_fields=(),
        body_fields=(
            "employer_feedback",
            "next_steps",
            "tone",
            "question_focus",
            "opportunity_summary",
            "background_that_matters",
            "went_well",
            "to_improve",
            "sell_better",
            "strengths",
            "weaknesses",
            "make_it_ten",
            "to_clarify",
            "improve_chances",
            "questions_if_called_back",
            "still_interested_why",
        ),
        json_fields=("went_well", "to_improve"),
        labels={"went_well": "what went well", "to_improve": "to do better"},
        scope=lambda user: Debrief.objects.filter(interview__in=interviews_in_full_to(user=user)),
        related=(INTERVIEW,),
        title=lambda d: f"Debrief: {d.interview.opportunity.role_title} at {d.interview.opportunity.company.name}",
        context=lambda d: f"{d.interview.get_round_display()} · {_when(d.interview)}",
        links=lambda d, user: _interview_links(d.interview, user),
        interview_of=lambda d: d.interview,
    ),
    Kind(
        key="opportunities",
        label="Opportunities",
        model=Opportunity,
        title_fields=("role_title",),
        body_fields=("job_description", "agency_name"),
        scope=lambda user: opportunities_owned_by(user=user),
        related=("company",),
        title=lambda o: f"{o.role_title} at {o.company.name}",
        context=lambda o: o.get_status_display(),
        links=lambda o, user: [
            Link("Opportunity", reverse("interviews:opportunity_detail", args=[o.pk])),
            Link("Prep sheet", reverse("interviews:opportunity_prep", args=[o.pk])),
        ],
    ),
    Kind(
        key="companies",
        label="Companies",
        model=Company,
        title_fields=("name",),
        body_fields=("location", "website", "notes"),
        scope=lambda user: companies_owned_by(user=user),
        title=lambda c: c.name,
        context=lambda c: c.location,
        links=lambda c, user: [
            Link("Company", reverse("interviews:company_edit", args=[c.pk])),
            Link("Its opportunities", reverse("interviews:opportunity_list") + f"?company={c.pk}"),
        ],
    ),
    Kind(
        key="people",
        label="People",
        model=Person,
        title_fields=("name",),
        body_fields=("title", "responsibilities", "email", "notes"),
        scope=lambda user: people_owned_by(user=user),
        related=("company",),
        title=lambda p: p.name,
        context=lambda p: f"{p.title} · {p.company.name}" if p.title else p.company.name,
        links=lambda p, user: [Link("Person", reverse("interviews:person_edit", args=[p.pk]))],
    ),
    Kind(
        key="thank_you_notes",
        label="Thank-you notes",
        model=ThankYouNote,
        title_fields=("subject",),
        body_fields=("body",),
        scope=lambda user: thank_you_notes_of(user=user),
        related=(INTERVIEW, "person"),
        title=lambda n: f"Thank-you to {n.person.name}",
        context=lambda n: f"{_about(n.interview)} · {n.get_state_display().lower()}",
        links=lambda n, user: [Link("Thank-you notes", reverse("followups:interview", args=[n.interview_id]))],
    ),
    Kind(
        key="follow_up_notes",
        label="Follow-up notes",
        model=FollowUpAttempt,
        title_fields=(),
        body_fields=("notes",),
        scope=lambda user: FollowUpAttempt.objects.filter(interview__in=interviews_owned_by(user=user)),
        related=(INTERVIEW,),
        title=lambda a: f"{a.get_method_display()}, {date_format(localtime(a.happened_at), 'j M Y')}",
        context=lambda a: f"{_about(a.interview)} · {a.get_result_display().lower()}",
        links=lambda a, user: [Link("Follow-up", reverse("followups:interview", args=[a.interview_id]))],
    ),
    Kind(
        key="learning",
        label="To learn",
        model=LearningItem,
        title_fields=("text",),
        body_fields=(),
        # The owner's own list, and for a recruiter the items of the interviews they may see (the interview page
        # shows them): both from the selectors the pages use.
        scope=lambda user: LearningItem.objects.filter(
            Q(pk__in=learning_items_owned_by(user=user).values("pk"))
            | Q(interview__in=interviews_in_full_to(user=user))
        ),
        related=(INTERVIEW,),
        title=lambda i: i.text,
        context=lambda i: ("done" if i.done else "to do") + (f" · {_about(i.interview)}" if i.interview else ""),
        links=lambda i, user: (
            _interview_links(i.interview, user, "#learning")
            if i.interview
            else [Link("To learn", reverse("interviews:learning_list"))]
        ),
        interview_of=lambda i: i.interview,
    ),
    Kind(
        key="recruiter_notes",
        label="Recruiters' notes",
        model=DebriefNote,
        title_fields=(),
        body_fields=("text",),
        scope=lambda user: DebriefNote.objects.filter(debrief__interview__in=interviews_in_full_to(user=user)),
        related=("author", "debrief__interview__opportunity__company"),
        title=lambda n: f"Note from {n.author.name}",
        context=lambda n: _about(n.debrief.interview),
        links=lambda n, user: _interview_links(n.debrief.interview, user, "#recruiter-notes"),
        interview_of=lambda n: n.debrief.interview,
    ),
)

KIND_BY_KEY = {kind.key: kind for kind in KINDS}
