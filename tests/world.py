"""Test data made the way the product makes it: every row through the services, so an interview has its thank-you
notes and reminders as in real use, and no test has to send a capture signal by hand.

- `interview_logged` logs one interview with its people met and, unless `debrief=None`, its debrief;
  `interview_ended` is the same, named by when it ended.
- `link` links a candidate and a recruiter by invitation, as the links page does (and can end the link).
- `fill_account` gives an account a row in every table a user owns.
- `build_world` (the `world` fixture of tests/conftest.py) is the cast of the permission matrix and the security
  tests: an owner with a public and a private interview, another candidate with their own, a linked, an unlinked
  and a revoked recruiter, an open invitation and the tokens of the emailed links.

tests/factories.py stays for the few tests that need a bare row no service would make (a model's own rules, a
bulk of rows for a query count).
"""

import datetime as dt
from dataclasses import dataclass

import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import RecruiterLink, User
from accounts.services import (
    link_invitation_accept,
    link_invitation_create,
    link_invitation_token,
    recruiter_link_consent_set,
    recruiter_link_end,
)
from followups.emails import check_in_token, unsubscribe_token
from followups.models import ThankYouNote
from followups.services import (
    calendar_token_regenerate,
    check_in_ask,
    follow_up_attempt_log,
    follow_up_plan_set,
    outcome_record,
    reminder_kind_set,
    thank_you_note_mark_sent,
    thank_you_note_update,
)
from insight.models import Offer
from insight.services import offer_save, offer_weights_update
from interviews.emails import unsubscribe_token as recruiter_email_unsubscribe_token
from interviews.models import Interview, LearningItem
from interviews.services import (
    PersonMet,
    QuestionAsked,
    client_feedback_save,
    debrief_save,
    interview_delete,
    interview_log,
    interview_reschedule,
    interview_set_people,
    learning_item_set_done,
    planned_question_set_answered,
    question_practise_set,
    stated_terms_save,
)
from reminders.services import sweep_run_record
from tests.conftest import make_user

DEFAULT_DEBRIEF = {"went_well": ["We agreed on the team's priorities"]}


def interview_logged(
    owner: User,
    *,
    starts_at: dt.datetime,
    minutes: int = 60,
    company: str = "Acme Analytics",
    role: str = "Backend engineer",
    people=("Ada Lovelace",),
    debrief: dict | None = None,
    complete: bool = False,
    questions: list[QuestionAsked] | None = None,
    learning: list[str] | None = None,
    **fields,
) -> Interview:
    """An interview of `owner` logged through the capture services, with the people met (each an engineering
    manager, or (name, part) pairs) and, when `debrief` is given, a debrief holding those values (a draft unless
    `complete`). Follow-up hears of each step as it does in use: the notes are drafted, the reminders scheduled."""
    interview, _ = interview_log(
        owner=owner,
        new_company_name=company,
        role_title=role,
        starts_at=starts_at,
        duration_minutes=minutes,
        **fields,
    )
    met = [
        PersonMet(name=person, title="Engineering manager")
        if isinstance(person, str)
        else PersonMet(name=person[0], title="Engineering manager", part=person[1])
        for person in people
    ]
    if debrief is None:
        if met:
            interview_set_people(interview=interview, people=met)
    else:
        debrief_save(
            interview=interview,
            values=debrief,
            people=met,
            questions=questions,
            learning=learning,
            complete=complete,
        )
    interview.refresh_from_db()
    return interview


def interview_ended(owner: User, *, ends_at: dt.datetime, minutes: int = 60, debrief: dict | None = None, **kwargs):
    """interview_logged for an interview that ended at `ends_at`; a given debrief holds, besides its values, one
    thing that went well (so it counts as recorded), and `debrief=None` leaves it without one."""
    if debrief is not None:
        debrief = DEFAULT_DEBRIEF | debrief
    return interview_logged(
        owner, starts_at=ends_at - dt.timedelta(minutes=minutes), minutes=minutes, debrief=debrief, **kwargs
    )


def interview_awaiting_thanks(owner: User, *, ends_at: dt.datetime) -> Interview:
    """Logged at `ends_at`, as the candidate walks out: two people met (two thank-you notes drafted), and a draft
    debrief whose employer promised an answer two days on."""
    with time_machine.travel(ends_at, tick=False):
        hear_back = (ends_at + dt.timedelta(days=2)).date()
        return interview_ended(
            owner, ends_at=ends_at, people=["Ada Lovelace", "Grace Hopper"], debrief={"hear_back_date": hear_back}
        )


def logged_in(user: User) -> Client:
    """A test client of its own, logged in as `user` (two people at once each get one)."""
    client = Client()
    client.force_login(user)
    return client


def link(candidate: User, recruiter: User, *, ended: bool = False) -> RecruiterLink:
    """The candidate invites the recruiter and the recruiter accepts, as on the links page; `ended`: the candidate
    then ends it. The invitation's email is not left in mail.outbox."""
    invitation, _ = link_invitation_create(inviter=candidate, email=recruiter.email)
    made = link_invitation_accept(invitation=invitation, user=recruiter)
    if ended:
        recruiter_link_end(link=made, user=candidate)
    mail.outbox.clear()
    return made


# --- A full account ----------------------------------------------------------------------------------------------

FILLED_AT = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def fill_account(user: User, *, interviews: int = 2, tag: str = "") -> None:
    """A row in every table a user owns, as a few weeks of use leave them (on 2 March 2026), with text a spreadsheet
    would run as a formula in the places an export writes."""
    with time_machine.travel(FILLED_AT, tick=False):
        for n in range(interviews):
            interview = interview_logged(
                user,
                starts_at=FILLED_AT - dt.timedelta(days=10 - n),
                company=f"Acme {tag}{n}",
                people=[(f"Person {tag}{n}", "hiring manager")],
                location='=HYPERLINK("http://evil.example","click")' if n == 0 else "Room 4",
            )
            if n == 0:  # moved once: its history has a row
                interview_reschedule(
                    interview=interview,
                    starts_at=interview.starts_at + dt.timedelta(hours=1),
                    time_zone="America/New_York",
                    reason="=their diary",
                )
            met = interview.participants.get().person
            debrief = debrief_save(
                interview=interview,
                values={
                    "went_well": ["clear examples", "+1 rapport"],
                    "overall_rating": 6 + n,
                    "hear_back_date": dt.date(2026, 3, 5),
                    "questions_if_called_back": "- Who would I report to?\n- How is on-call organised?",
                },
                questions=[
                    QuestionAsked(text=f"Tell me about project {n}?", asked_by=met, self_score=4 + n, topic="-SUM(A1)")
                ],
                learning=["@Kubernetes basics"],
                complete=True,
            )
            question_practise_set(owner=user, questions=list(interview.questions.all()), practise=True)
            planned_question_set_answered(debrief=debrief, text="Who would I report to?", answered=True)
            stated_terms_save(
                interview=interview,
                recorded_by=user,
                values={
                    "salary_amount": 75_000 + n,
                    "salary_currency": "EUR",
                    "salary_note": "=negotiable",
                    "notice_amount": 3,
                    "earliest_start": dt.date(2026, 6, 1),
                    "relocation": "open",
                    "other_processes_count": 2,
                },
            )
            for note in ThankYouNote.objects.filter(interview=interview):
                thank_you_note_update(note=note, subject="Thank you", body="Thank you", channel=note.channel)
                thank_you_note_mark_sent(note=note)
            follow_up_plan_set(interview=interview, planned_on=dt.date(2026, 3, 7))
            follow_up_attempt_log(
                interview=interview, happened_at=FILLED_AT, method="phone", notes="\tleft a message", result="no_answer"
            )
            follow_up_attempt_log(
                interview=interview, happened_at=FILLED_AT, method="email", notes="", result="new_date",
                new_date=dt.date(2026, 3, 9),
            )  # fmt: skip
            if n == 0:
                outcome_record(interview=interview, kind="heard_back")
            else:  # an offer to answer by a date, its Offers row made by insight and completed here
                outcome_record(
                    interview=interview, kind="offer", contact_name="+Person", answer_by=dt.date(2026, 3, 13)
                )
            offer = Offer.objects.filter(opportunity=interview.opportunity).first() or Offer(
                opportunity=interview.opportunity
            )
            offer.salary, offer.currency, offer.benefits = 60_000 + n, "EUR", "=cmd|' /C calc'!A0"
            offer.career_fit, offer.interest = 7, 8 - n
            offer_save(offer=offer)
        weights = {"salary": 9, "benefits": 5, "location": 5, "conditions": 5, "security": 5, "career_fit": 5}
        offer_weights_update(user=user, weights={**weights, "interest": 0})
        # A learning item outlives the interview it came from: done, and its interview deleted since.
        gone = interview_logged(user, starts_at=FILLED_AT - dt.timedelta(days=20), company=f"Acme {tag}0", people=[])
        debrief_save(interview=gone, values={}, learning=["Loose item"])
        learning_item_set_done(item=LearningItem.objects.get(interview=gone), done=True)
        interview_delete(interview=gone)
        reminder_kind_set(user=user, kind="thanks_passed", enabled=False)
        calendar_token_regenerate(user=user)


# --- The cast of the permission matrix and the security tests ----------------------------------------------------

# Texts only the owner's objects hold: a page shown to someone who may not see the object must not contain them.
PUBLIC_MARK = "Quillfeather Analytics"
PRIVATE_MARK = "Hushwater Holdings"
PRIVATE_TEXT = "private-debrief-8c1f"
PUBLIC_TEXT = "public-debrief-2b7e"


@dataclass
class World:
    users: dict  # role -> user (None for a visitor); "private" is the linked recruiter, shown the private interview;
    # "summary" a recruiter whose link shares the summary only
    public: dict  # the owner's objects a linked recruiter may see
    private: dict  # the owner's private interview and what hangs off it
    shared: dict  # the link, the open invitation and the tokens of the emailed links


def objects_of(owner: User, *, company: str, private: bool, text: str) -> dict:
    """One interview of `owner` with everything that hangs off one (people, a question, a complete debrief, a
    learning item, a thank-you note, a plan and a rejection), every text in it marked with `text`."""
    interview = interview_logged(
        owner,
        starts_at=timezone.now().replace(microsecond=0) - dt.timedelta(hours=2),
        company=company,
        people=[f"Person at {company}"],
        debrief={"interest": 7, "overall_rating": 6, "strengths": text},
        complete=True,
        learning=[f"Learn {text}"],
        is_private=private,
    )
    person = interview.participants.get().person
    debrief_save(interview=interview, values={}, questions=[QuestionAsked(text=f"Question about {text}?")])
    note = thank_you_note_update(
        note=ThankYouNote.objects.get(interview=interview), subject="Thanks", body=text, channel="email"
    )
    follow_up_plan_set(interview=interview, planned_on=dt.date(2026, 12, 1))
    outcome = outcome_record(interview=interview, kind="rejected")
    interview.refresh_from_db()
    return {
        "interview": interview,
        "opportunity": interview.opportunity,
        "company": interview.opportunity.company,
        "person": person,
        "debrief": interview.debrief,
        "item": interview.learning_items.get(),
        "note": note,
        "outcome": outcome,
    }


def build_world(*, owner: User, other_candidate: User, recruiter: User, unlinked_recruiter: User) -> World:
    revoked = make_user("revoked.recruiter@example.com", role=User.Role.RECRUITER, name="Rex Revoked")
    summary = make_user("summary.recruiter@example.com", role=User.Role.RECRUITER, name="Sue Summary")
    active = link(owner, recruiter)
    link(owner, revoked, ended=True)
    summary_link = recruiter_link_consent_set(link=link(owner, summary), user=owner, scope="summary", expires_on=None)
    public = objects_of(owner, company=PUBLIC_MARK, private=False, text=PUBLIC_TEXT)
    private = objects_of(owner, company=PRIVATE_MARK, private=True, text=PRIVATE_TEXT)
    # The other candidate has data of their own: lists must show theirs and never the owner's.
    objects_of(other_candidate, company="Othercorp", private=False, text="other-debrief")
    invitation, _ = link_invitation_create(inviter=owner, email="invited.recruiter@example.com")
    check_in, _ = check_in_ask(recruiter=recruiter, interview=public["interview"])
    client_feedback_save(
        interview=public["interview"], recorded_by=recruiter, decision="rejected", score=4, feedback="Too vague"
    )
    mail.outbox.clear()
    sweep_run_record(counts={})  # the site is running: its reminder sweep has just run (/healthz reads it)
    users = {
        "anon": None,
        "owner": owner,
        "other": other_candidate,
        "linked": recruiter,
        "unlinked": unlinked_recruiter,
        "revoked": revoked,
        "private": recruiter,
        "summary": summary,
    }
    shared = {
        "link": active,
        "summary_link": summary_link,
        "invitation": invitation,
        "token": link_invitation_token(invitation=invitation),
        "calendar_token": calendar_token_regenerate(user=owner),
        "unsubscribe_token": unsubscribe_token(user=owner, kind="thanks_passed"),
        "check_in_token": check_in_token(check_in=check_in, answer="call"),
        "notification_unsubscribe_token": recruiter_email_unsubscribe_token(
            user_id=owner.pk, choice="email_on_recruiter_note"
        ),
        "candidate": owner,  # the owner as the desk's candidate page names them
    }
    return World(users=users, public=public, private=private, shared=shared)
