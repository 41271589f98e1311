import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import RecruiterLink, User
from accounts.services import link_invitation_accept, link_invitation_create, user_create_verified
from followups.models import ThankYouNote
from followups.services import (
    follow_up_attempt_log,
    outcome_record,
    thank_you_note_mark_sent,
    thank_you_note_update,
)
from interviews.models import Interview, LearningItem
from interviews.services import (
    PersonMet,
    QuestionAsked,
    company_get_or_create,
    debrief_save,
    interview_log,
    learning_item_set_done,
    opportunity_add,
    opportunity_create,
)

DEMO_PASSWORD = "debrief-demo-2026"
CANDIDATE_EMAIL = "candidate@example.com"
RECRUITER_EMAIL = "recruiter@example.com"
DEMO_ACCOUNTS = [
    {
        "email": CANDIDATE_EMAIL,
        "role": User.Role.CANDIDATE,
        "display_name": "Dana Candidate",
        "time_zone": "Europe/London",
    },
    {
        "email": RECRUITER_EMAIL,
        "role": User.Role.RECRUITER,
        "display_name": "Riley Recruiter",
        "time_zone": "Europe/London",
    },
]

# Questions that come back across interviews, so Progress has a history for each: (text, topic).
TELL_ME = ("Tell me about yourself.", "Introduction")
WHY_US = ("Why do you want to work here?", "Motivation")
CONFLICT = ("Describe a disagreement with a colleague and how it ended.", "Behavioural")
SQL = ("How would you find duplicate rows in a large table?", "SQL")
DESIGN = ("Design a service that sends reminder emails on time.", "System design")
FAILURE = ("Tell me about a project that failed.", "Behavioural")

# (company, role, through the recruiter)
OPPORTUNITIES = [
    ("Northwind Analytics", "Data engineer", True),
    ("Bluebird Health", "Backend engineer", False),
    ("Cobalt Labs", "Platform engineer", False),
]

# Opportunities with no interview yet: (company, role, status, days ago).
PIPELINE_ONLY = [
    ("Larkspur Energy", "Analytics engineer", "applied", 6),
    ("Quayside Books", "Data engineer", "wishlist", 2),
]

# Oldest first; scores rise over time. (opportunity, round, days ago, hours ago, overall, people, questions)
INTERVIEWS = [
    (0, Interview.Round.SCREEN, 40, 0, 4, [("Priya Shah", "Talent partner")], [(TELL_ME, 4), (WHY_US, 3)]),
    (1, Interview.Round.FIRST, 30, 0, 5, [("Marco Diaz", "Engineering manager")], [(TELL_ME, 5), (SQL, 3)]),
    (
        0,
        Interview.Round.FIRST,
        21,
        0,
        6,
        [("Helen Ward", "Head of data"), ("Tom Okafor", "Senior engineer")],
        [(CONFLICT, 4), (SQL, 5), (WHY_US, 6)],
    ),
    (2, Interview.Round.SCREEN, 14, 0, 6, [("Ana Lopes", "Recruiter")], [(TELL_ME, 7), (FAILURE, 4)]),
    (
        1,
        Interview.Round.SECOND,
        8,
        0,
        7,
        [("Marco Diaz", "Engineering manager"), ("Lena Fischer", "Staff engineer")],
        [(DESIGN, 5), (CONFLICT, 6), (SQL, 7)],
    ),
    (
        0,
        Interview.Round.FINAL,
        0,
        4,
        8,
        [("Helen Ward", "Head of data"), ("Sam Patel", "CTO")],
        [(DESIGN, 7), (WHY_US, 8), (FAILURE, 6)],
    ),
]


class Command(BaseCommand):
    help = (
        "Creates the demo candidate and recruiter, and the candidate's opportunities, interviews, debriefs and notes "
        "(once; running it again changes nothing)."
    )

    def handle(self, *args, **options):
        users = {}
        for account in DEMO_ACCOUNTS:
            user, created = user_create_verified(password=DEMO_PASSWORD, **account)
            users[user.email] = user
            state = "created" if created else "already there"
            self.stdout.write(f"  {user.get_role_display():<24} {user.email}  password: {DEMO_PASSWORD}  ({state})")
        candidate, recruiter = users[CANDIDATE_EMAIL], users[RECRUITER_EMAIL]
        if not RecruiterLink.objects.filter(candidate=candidate, recruiter=recruiter).exists():
            invitation, _ = link_invitation_create(inviter=candidate, email=recruiter.email)
            link_invitation_accept(invitation=invitation, user=recruiter)
            self.stdout.write("  linked the demo recruiter to the demo candidate")
        if Interview.objects.filter(owner=candidate).exists():
            self.stdout.write("  the demo candidate's interviews are already there")
            return
        seed_candidate(candidate=candidate, recruiter=recruiter)
        self.stdout.write("  created the demo candidate's opportunities, interviews, debriefs and notes")


@transaction.atomic
def seed_candidate(*, candidate: User, recruiter: User, now: dt.datetime | None = None) -> None:
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    zone = candidate.zone
    opportunities = []
    for name, role, through_recruiter in OPPORTUNITIES:
        company = company_get_or_create(owner=candidate, name=name)
        opportunities.append(
            opportunity_create(
                owner=candidate,
                company=company,
                role_title=role,
                recruiter=recruiter if through_recruiter else None,
                now=now - dt.timedelta(days=45),
            )
        )
    known_people: dict[tuple[int, str], object] = {}
    interviews = []
    for number, (opp_index, round_, days_ago, hours_ago, overall, people, questions) in enumerate(INTERVIEWS):
        opportunity = opportunities[opp_index]
        starts_at = now - dt.timedelta(days=days_ago, hours=hours_ago or 0)
        if days_ago:  # a mid-morning start in the candidate's own zone
            local = timezone.localtime(starts_at, zone).replace(hour=10, minute=0)
            starts_at = local.astimezone(dt.UTC)
        interview, _ = interview_log(
            owner=candidate,
            opportunity=opportunity,
            round=round_,
            format=Interview.Format.VIDEO if number % 2 else Interview.Format.ONSITE,
            starts_at=starts_at,
            duration_minutes=60,
            location="Meeting link in the invitation" if number % 2 else f"{opportunity.company.name} office",
            arranged_by=recruiter if opportunity.recruiter_id else None,
        )
        company_id = opportunity.company_id
        met = []
        for name, title in people:
            person = known_people.get((company_id, name))
            met.append(PersonMet(person=person) if person else PersonMet(name=name, title=title))
        interview_day = timezone.localtime(interview.starts_at, zone).date()
        # The second Bluebird round promised an answer three days ago and has not given one: follow-up is due.
        hear_back = interview_day + dt.timedelta(days=5) if number == 4 else interview_day + dt.timedelta(days=7)
        debrief_save(
            interview=interview,
            values={
                "tone": "Friendly and curious; they let me talk." if overall > 5 else "Formal and fast-paced.",
                "question_focus": "Past projects, then a practical problem.",
                "went_well": ["Clear examples from my last role", "Asked good questions about the team"][
                    : 1 + (overall > 5)
                ],
                "to_improve": ["Shorter answers", "Numbers for impact"][: 2 - (overall > 6)],
                "strengths": "Hands-on data pipeline work; calm under pressure.",
                "weaknesses": "Little cloud cost work; long-winded answers."
                if overall < 7
                else "Little cloud cost work.",
                "interest": min(10, overall + 1),
                "hear_back_date": hear_back,
                "next_steps": "They will decide on the next round within a week.",
                "overall_rating": overall,
            },
            people=met,
            questions=[
                QuestionAsked(
                    text=text, topic=topic, self_score=score, answer_summary=f"Answered with an example ({topic})."
                )
                for (text, topic), score in questions
            ],
            learning=["Cloud cost basics"] if number == 1 else ["Window functions in SQL"] if number == 2 else None,
            complete=True,
            now=interview.ends_at + dt.timedelta(minutes=30) if days_ago else now,
        )
        for row in interview.participants.select_related("person"):
            known_people[(company_id, row.person.name)] = row.person
        interviews.append(interview)

    # Notes in every state and channel: the earlier rounds' notes sent (by email, through the recruiter for the
    # rounds Riley arranged, one as a handwritten card), the latest interview's freshly drafted and due tonight
    # (the top of Today).
    for number, interview in enumerate(interviews[:-1]):
        for index, note in enumerate(ThankYouNote.objects.filter(interview=interview).order_by("pk")):
            if number == 3:
                note = thank_you_note_update(
                    note=note, subject=note.subject, body=note.body, channel=ThankYouNote.Channel.CARD
                )
            thank_you_note_mark_sent(note=note, now=interview.ends_at + dt.timedelta(hours=5 + index))

    for interview in interviews[:4]:
        outcome_record(
            interview=interview,
            kind="next_round",
            notes="They asked for another round.",
            now=interview.ends_at + dt.timedelta(days=3),
        )
    follow_up_attempt_log(
        interview=interviews[1],
        happened_at=interviews[1].ends_at + dt.timedelta(days=2),
        method="email",
        notes="Asked whether they had news; they replied the same day.",
        result="spoke",
    )
    for item in LearningItem.objects.filter(owner=candidate, text="Window functions in SQL"):
        learning_item_set_done(item=item, done=True, now=now - dt.timedelta(days=5))

    # Before any interview: one applied for last week, one on the wishlist (the pipeline's first two columns).
    for name, role, status, days_ago in PIPELINE_ONLY:
        opportunity_add(
            owner=candidate,
            new_company_name=name,
            role_title=role,
            status=status,
            job_link=f"https://jobs.example.com/{name.split()[0].lower()}",
            now=now - dt.timedelta(days=days_ago),
        )
