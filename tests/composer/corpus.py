"""A corpus of varied debriefs for the thank-you composer (issue 15), typed through the capture services the way the
site saves them: the interview is logged, the quick debrief names the people met, their pages get what their job
covers, and only then the full debrief adds the questions (who asked each, the topic, a summary, a score).

Panels of 1 to 6; with and without questions per person; empty and 10,000-character fields; titles (Dr, Prof.),
diacritics, non-Latin names, emoji, acronyms, a leading "I", list items that are clauses and ones that are noun
phrases, one item and six.
"""

import dataclasses
import datetime as dt
import re

from accounts.models import User
from interviews.models import Interview, Person
from interviews.services import PersonMet, QuestionAsked, debrief_save, interview_log, person_update

LONG = ("I rebuilt the month-end close so it runs in two days instead of six, and trained the team on it. " * 110)[
    :10_000
]
LONG_REMIT = ("Owns the close calendar, the finance systems roadmap and the audit relationship. " * 130)[:10_000]
LONG_WORD = "Supercalifragilistic" * 500  # 10,000 characters and not one space


# What no draft may contain (issue 15's list, and a few more of the same kind).
GLITCHES = {
    "dangling 'in particular,' before a lowercase fragment": re.compile(r"in particular, [a-z]"),
    "'since on'": re.compile(r"\bsince on\b", re.I),
    "doubled punctuation": re.compile(r"[,;:][ \t]*[,;:.!?]|[.!?][ \t]*[,;:]|(?<!\.)\.\.(?!\.)|[!?]\.|\.[!?]"),
    "an empty bracket or quote": re.compile(r"\[\s*\]|\(\s*\)|“\s*”|\"\s*\""),
    "a line of whitespace": re.compile(r"^[ \t]+$", re.M),
    "two spaces": re.compile(r"\S {2,}\S"),
    "a space before punctuation": re.compile(r"\w +[,.;:!?](?:\s|$)"),
    "a sentence starting in lowercase": re.compile(r"(?:^|[.!?]\s+)[a-z]", re.M),
    "a bare title as the greeting": re.compile(r"^(?:Dear|Hi|Hello) (?:Dr|Prof|Mr|Mrs|Ms)\.?,", re.M),
    "a leftover format field": re.compile(r"\{\w*\}"),
    "None or an empty list in the text": re.compile(r"\bNone\b|\[\]"),
}


def glitches_in(text: str) -> list[str]:
    return [name for name, pattern in GLITCHES.items() if pattern.search(text)]


@dataclasses.dataclass(frozen=True)
class P:
    name: str
    title: str = ""
    part: str = ""
    responsibilities: str = ""
    email: str = ""


@dataclasses.dataclass(frozen=True)
class Q:
    text: str
    by: int | None = None  # index into the case's people; None: the debrief does not say who asked
    topic: str = ""
    summary: str = ""
    score: int | None = None


@dataclasses.dataclass(frozen=True)
class Case:
    key: str
    company: str
    role: str
    people: tuple[P, ...]
    questions: tuple[Q, ...] = ()
    quick: dict = dataclasses.field(default_factory=dict)  # what the quick debrief holds
    full: dict = dataclasses.field(default_factory=dict)  # what the full debrief adds
    sender: str = "Olivia Brown"
    # The bracketed prompts the composer must write, by person index, because the data is not there.
    # A case not listed here has everything a clean note needs: every check must pass on every draft.
    prompts: dict = dataclasses.field(default_factory=dict)


# The corpus interviews end on Tuesday 9 June 2026 at 12:00 UTC; the promised answer is due that Friday.
INTERVIEW_ENDS = dt.datetime(2026, 6, 9, 12, 0, tzinfo=dt.UTC)
HEAR_BACK = {"hear_back_date": dt.date(2026, 6, 12)}
BETTER_ANSWER = "your better answer, in a sentence or two"  # a weak answer with no summary to amplify

CASES: tuple[Case, ...] = (
    Case(
        "solo-full",
        "Northwind Analytics",
        "Data lead",
        (P("Ada Lovelace", "Head of Data", "hiring manager", "Runs the data platform and its on-call rota"),),
        (
            Q("How do you test data pipelines?", 0, "Data testing", "Contract tests on every source", 8),
            Q("Why do you want to leave your job?", None, "Motivation", "I want to work closer to product", 4),
        ),
        {"went_well": ["My pipeline migration story landed well", "on time and calm"], **HEAR_BACK},
        {"strengths": "Ten years of SQL and a habit of writing things down", "next_steps": "A case study next week"},
    ),
    Case(
        "solo-nothing-recorded",
        "Tiny Startup",
        "Founding engineer",
        (P("Sam"),),
        prompts={0: ["one thing you talked about with Sam"]},
    ),
    Case(
        "pair-asked",
        "Northwind",
        "Data lead",
        (P("Ada Lovelace", "Engineering manager"), P("Grace Hopper", "Staff engineer", "future peer")),
        (
            Q("How do you test data jobs?", 0, "Data testing", "Snapshot tests, then contracts", 8),
            Q("What salary do you expect?", 1, "Salary", "The top of the advertised band", 5),
            Q("Tell me about a failure.", 1, "Behavioural", "The reporting outage of 2023", 3),
        ),
        {"went_well": ["The system design exercise went smoothly", "We clicked on team culture"], **HEAR_BACK},
    ),
    Case(
        "trio-parts-only",
        "Bluebird Health",
        "Backend engineer",
        (P("Marco Diaz", part="hiring manager"), P("Lena Fischer", part="future peer"), P("Priya Shah", part="HR")),
        quick={"went_well": ["Clear answers on the API questions"]},
    ),
    Case(
        "five-all-asked",
        "Cobalt Labs",
        "Platform engineer",
        (
            P("Helen Ward", "Head of Platform", "hiring manager"),
            P("Tom Okafor", "Senior engineer", "panel"),
            P("Ana Lopes", "Talent partner", "HR"),
            P("Sam Patel", "CTO", "panel"),
            P("Mei Lin", "SRE", "future peer"),
        ),
        (
            Q("Walk me through a Kubernetes upgrade you led.", 0, "Kubernetes upgrades", "Blue-green, two clusters", 8),
            Q("How do you keep costs down?", 0, "Cloud costs", "", 5),
            Q("Design a rate limiter.", 1, "System design", "Token bucket in Redis", 6),
            Q("When could you start?", 2, "Notice period", "Three months, maybe two", 7),
            Q("Where do you see the platform in two years?", 3, "Strategy", "Self-service for every team", 7),
            Q("What is your on-call experience?", 4, "On-call", "Five years, follow-the-sun", 9),
        ),
        {
            "went_well": ["Rapport with the CTO", "I explained the cost model clearly", "Good questions at the end"],
            **HEAR_BACK,
        },
        {"strengths": "Kubernetes at scale\nCost control\nCalm incident command"},
        prompts={0: [BETTER_ANSWER]},
    ),
    Case(
        "five-parts-only-two-peers",
        "Monzo",
        "Backend engineer",
        (
            P("Tom Blomfield", part="hiring manager"),
            P("Jess Rao", part="HR"),
            P("Kwame Mensah", part="future peer"),
            P("Inés Sánchez", part="future peer"),
            P("Lars Nilsen", part="panel"),
        ),
        quick={"went_well": ["I explained the ledger design clearly", "We laughed about legacy code"], **HEAR_BACK},
    ),
    Case(
        "six-names-only",
        "Acme Analytics",
        "Analyst",
        tuple(P(name) for name in ("Ann Lee", "Bob Stone", "Cy Young", "Di Fox", "Ed Park", "Flo Ray")),
        quick={
            "went_well": [
                "I asked about the team's roadmap",
                "clear STAR answers",
                "The Excel test",
                "I explained IFRS 9 impairment clearly",
                "rapport with the panel",
                "my portfolio",
            ],
            **HEAR_BACK,
        },
        full={"question_focus": "Modelling and stakeholder work"},
        prompts={
            i: [f"one thing you talked about with {n}"] for i, n in enumerate(["Bob", "Cy", "Di", "Ed", "Flo"], 1)
        },
    ),
    Case(
        "six-titles-only",
        "Globex",
        "Product manager",
        (
            P("Olga Berg", "VP Product"),
            P("Raj Kumar", "Engineering manager"),
            P("Lucía Gómez", "Designer"),
            P("Noah Smith", "Data scientist"),
            P("Emma Brown", "People partner"),
            P("Kenji Sato", "Product manager"),
        ),
        quick={"went_well": ["The prioritisation exercise"]},
    ),
    Case(
        "titles-and-diacritics",
        "Institut Pasteur",
        "Research software engineer",
        (P("Dr Zoë Ångström", "Group leader"), P("Prof. Jürgen Müller", part="panel"), P("Dr. Chen")),
        (
            Q("Explain your favourite algorithm.", 0, "Algorithms", "Dijkstra, with a twist for our data", 7),
            Q("How do you work with biologists?", 1, "Collaboration", "Weekly office hours", 4),
            Q("What do you know about HPC?", 2, "HPC", "Slurm, some MPI", 6),
        ),
        {"went_well": ["Zoë liked my reproducibility checklist"], **HEAR_BACK},
    ),
    Case(
        "non-latin-names",
        "株式会社ミライ",
        "Backend engineer",
        (P("王小明", "Tech lead"), P("Σοφία Παπαδοπούλου", part="panel"), P("Дмитрий Иванов"), P("محمد علي", "CTO")),
        (
            Q("Why Go?", 0, "Go", "Simple concurrency", 8),
            Q("How do you review code?", 1, "Code review", "Small PRs, same day", 6),
            Q("Tell me about scaling.", 2, "Scaling", "", 3),
            Q("Why us?", 3, "Motivation", "Your product is used by my parents", 7),
        ),
        {"went_well": ["We agreed on the team's priorities"]},
        prompts={2: [BETTER_ANSWER]},
    ),
    Case(
        "emoji",
        "Café Olé 🍰",
        "Barista trainer ☕",
        (P("Joy 😊 Park", part="owner"), P("Luca Bianchi", "Head barista")),
        (
            Q("How would you train a new barista? 🤔", 0, "Training 🌱", "Shadowing, then a checklist ✅", 9),
            Q("Latte art?", 1, "Latte art 🎨", "Hearts and tulips", 5),
        ),
        {"went_well": ["Nailed the tasting 🎉", "Good chat about the menu ☕"], **HEAR_BACK},
    ),
    Case(
        "acronyms",
        "KPMG",
        "IFRS 9 consultant",
        (P("Priya Nair", "Partner", "hiring manager"), P("Owen Hughes", "Manager", "panel")),
        (
            Q("Walk me through ECL staging.", 0, "IFRS 9", "Stage 1 to 3 with SICR triggers", 8),
            Q("Have you used NEC4 contracts?", 1, "NEC4", "Only on one project", 4),
        ),
        {"went_well": ["iOS dashboards demo", "I explained SICR clearly"]},
        {"strengths": "IFRS 9, NEC4 and SQL"},
    ),
    Case(
        "ten-thousand-characters",
        "Longfield",
        "Finance manager",
        (
            P("Rita Long", "CFO", responsibilities=LONG_REMIT),
            P("Sid Short", "Controller", responsibilities=LONG_WORD),
        ),
        (
            Q("Tell me about month-end. " * 40, 0, "Month-end close", LONG, 4),
            Q("Why finance?", 1, "Motivation " * 18, LONG_WORD, 5),
        ),
        {"went_well": [LONG[:1000], LONG_WORD[:1000]], **HEAR_BACK},
        {
            "strengths": LONG,
            "background_that_matters": LONG_WORD,
            "next_steps": LONG,
            "opportunity_summary": LONG,
        },
    ),
    Case(
        "leading-i",
        "Initech",
        "QA lead",
        (P("Bill Lumbergh", "Director"),),
        (Q("How do you prioritise bugs?", 0, "Triage", "I rank by customer impact first", 5),),
        {"went_well": ["I stayed calm", "I asked good questions", "I linked my QA work to their release plan"]},
    ),
    Case(
        "noun-phrase-items",
        "Hooli",
        "Site reliability engineer",
        (P("Gavin Belson", "CEO", "panel"), P("Dinesh Chugtai", "Engineer", "future peer")),
        (Q("Biggest outage?", 0, "Incidents", "The DNS one", 6), Q("Favourite tool?", 1, "Tooling", "Terraform", 8)),
        {"went_well": ["on time and calm", "clear answers", "good rapport"], **HEAR_BACK},
    ),
    Case(
        "one-item",
        "Wayne Enterprises",
        "Security analyst",
        (P("Lucius Fox", "Head of R&D"), P("Barbara Gordon", "Security lead")),
        quick={"went_well": ["The threat-modelling exercise"], **HEAR_BACK},
    ),
    Case(
        "mixed-asked",
        "Stark Industries",
        "Mechanical engineer",
        (
            P("Pepper Potts", "COO", "hiring manager"),
            P("Happy Hogan", part="HR"),
            P("Harley Keener", part="future peer"),
            P("Riri Williams"),
        ),
        (
            Q("What is your experience with CAD?", 0, "CAD", "SolidWorks for eight years", 8),
            Q("Tell me about a tough deadline.", 0, "", "Shipped the rig two days early", 7),
            Q("Are you happy to travel?", 1, "Travel", "Yes, up to a week a month", 8),
        ),
        {"went_well": ["The rig story", "my sketches"]},
        prompts={3: ["one thing you talked about with Riri"]},
    ),
    Case(
        "weak-answer-not-given-to-others",
        "Umbrella",
        "Lab manager",
        (P("Alice Abernathy", "Director"), P("Carlos Oliveira", "Lab lead"), P("Jill Valentine", "Safety officer")),
        (
            Q("What salary do you expect?", 1, "Salary", "I named a figure too early", 2),
            Q("How do you run a lab safely?", 2, "Safety", "Audits every quarter", 8),
            Q("Why this lab?", 0, "Motivation", "Your vaccine work", 9),
        ),
        {"went_well": ["Safety audit examples"], **HEAR_BACK},
    ),
    Case(
        "weak-answer-without-summary",
        "Soylent",
        "Food scientist",
        (P("Sol Roth", "R&D lead"),),
        (Q("Describe a failed experiment.", 0, "Failure", "", 3),),
        {"went_well": ["The lab tour"], **HEAR_BACK},
        prompts={0: [BETTER_ANSWER]},
    ),
    Case(
        "no-sender-name",
        "Cyberdyne",
        "Robotics engineer",
        (P("Miles Dyson", "Director of engineering"),),
        (Q("Tell me about neural nets.", 0, "Neural networks", "Three years of PyTorch", 8),),
        {"went_well": ["The whiteboard session"]},
        sender="",
        prompts={0: ["your name"]},
    ),
    Case(
        "next-steps-no-date",
        "Aperture Science",
        "Test engineer",
        (P("Cave Johnson", "Founder"), P("Caroline Smith", "Assistant")),
        (Q("How do you test portals?", 0, "Testing", "Property-based tests", 7),),
        {"went_well": ["Good rapport"]},
        {"next_steps": "They will send a take-home test on Monday"},
    ),
    Case(
        "hyphens-and-particles",
        "Ubisoft",
        "Game designer",
        (
            P("Mary-Jane O'Neil", "Creative director"),
            P("Jean-Luc Picard", part="panel"),
            P("Ana de la Cruz", "Level designer"),
            P("Pieter van der Berg", part="HR"),
        ),
        (
            Q("Which game shaped you?", 0, "Influences", "Zelda", 8),
            Q("Pitch a level.", 2, "Level design", "A heist in a clock tower", 7),
        ),
        {"went_well": ["The level pitch"], **HEAR_BACK},
    ),
    Case(
        "bare-title",
        "Mercy Hospital",
        "Clinical data analyst",
        (P("Dr", part="panel"), P("Nurse Joy Kim", "Ward manager")),
        (Q("How do you handle patient data?", 1, "Data protection", "Pseudonymise first", 8),),
        {"went_well": ["The GDPR discussion"]},
        prompts={0: ["their surname"]},
    ),
    Case(
        "bulleted-strengths",
        "Oscorp",
        "Data engineer",
        (P("Norman Osborn", "CEO"), P("Otto Octavius", "Lead scientist")),
        (Q("Spark or Flink?", 1, "Streaming", "Flink for state", 7),),
        {"went_well": ["- Deep SQL", "* calm", "• Spark tuning"]},
        {"strengths": "- Deep SQL\n- Spark tuning\n- Mentoring juniors\n\n", "background_that_matters": "  \n  "},
    ),
    Case(
        "shared-topic",
        "Initrode",
        "Developer",
        (P("Peter Gibbons", "Developer"), P("Samir Nagheenanajar", "Developer")),
        (
            Q("What salary do you expect?", 0, "Salary", "Market rate", 6),
            Q("And what would you accept?", 1, "Salary", "A bit less for remote", 6),
            Q("Why Python?", 1, "Python", "Readable and fast to ship", 8),
        ),
        {"went_well": ["The pairing session"]},
    ),
    Case(
        "questions-without-topics",
        "Massive Dynamic",
        "Researcher",
        (P("Nina Sharp", "COO"), P("Walter Bishop", "Scientist"), P("Astrid Farnsworth", "Analyst"), P("Peter Bishop")),
        (
            Q("What drives you?", 0, summary="Curiosity about odd results", score=8),
            Q("How do you document experiments?", 1, summary="A lab notebook per project", score=6),
            Q("Can you code in R?", 2, summary="Yes, mostly tidyverse", score=7),
            Q("Why leave academia?", 3, summary="", score=5),
        ),
        {"went_well": ["My notebook habit"], **HEAR_BACK},
        prompts={3: [BETTER_ANSWER]},
    ),
    Case(
        "unattributed-panel",
        "Vandelay Industries",
        "Importer",
        (P("Art Vandelay", "Owner"), P("George Costanza", "Sales"), P("Elaine Benes", "Editor")),
        (
            Q("What do you know about latex?", None, "Latex", "Only the basics", 3),
            Q("How do you negotiate?", None, "Negotiation", "I listen first", 7),
        ),
        {"went_well": ["The negotiation role-play"], **HEAR_BACK},
    ),
    Case(
        "long-names",
        "The International Bank for Reconstruction and Development",
        "Senior Software Engineer (Payments) – Remote, EMEA",
        (P("Maximilian Alexander von Habsburg-Lothringen", "Head of Payments Engineering, EMEA"),),
        (Q("Tell me about ISO 20022.", 0, "ISO 20022", "Migrated 3 rails", 7),),
        {"went_well": ["The ISO 20022 deep dive"], **HEAR_BACK},
    ),
    Case(
        "punctuation-in-input",
        "Pied Piper",
        "Compression engineer",
        (P("Richard Hendricks", "CEO"), P("Jared Dunn", "COO", "HR")),
        (
            Q("Middle-out?", 0, "Compression?", "Yes!!!", 9),
            Q("Culture fit...", 1, "Culture...", "We share values.", 5),
        ),
        {"went_well": ["Great rapport!!!", "Deep SQL.", "Kubernetes...", "  "]},
        {"strengths": "Deep SQL."},
    ),
    Case(
        "six-panel-full",
        "Contoso",
        "Engineering manager",
        (
            P("Kim Ng", "VP Engineering", "hiring manager"),
            P("Luis Ortiz", "Staff engineer", "panel"),
            P("Fatima Zahra", "Product lead", "panel"),
            P("Ben Carter", "Engineer", "future peer"),
            P("Chloé Martin", "Recruiter", "HR"),
            P("Arjun Mehta", "Director", "panel"),
        ),
        (
            Q("How do you grow engineers?", 0, "People growth", "Career ladders and weekly 1:1s", 8),
            Q("How do you handle tech debt?", 1, "Tech debt", "A fixed 20% budget", 6),
            Q("How do you work with product?", 2, "Product partnership", "Shared quarterly goals", 7),
            Q("What is your coding style?", 3, "Hands-on coding", "I still review code daily", 5),
            Q("What is your notice period?", 4, "Logistics", "One month", 8),
            Q("How do you hire?", 5, "Hiring", "Structured interviews", 4),
        ),
        {"went_well": ["The 1:1 role-play", "My hiring process", "I linked my work to their OKRs"], **HEAR_BACK},
        {"strengths": "Grew two teams from 3 to 12", "next_steps": "A final chat with the CTO"},
    ),
    Case(
        "whitespace-everywhere",
        "  Spacey   Corp ",
        "  Role  with   spaces ",
        (P("  Ann   Spacey  ", "  Lead  "),),
        (Q("  What   now?  ", 0, "  Planning  ", "  We plan weekly  ", 7),),
        {"went_well": ["   ", "  a clear plan  "]},
    ),
)


def corpus_owner(case: Case) -> User:
    email = f"{case.key}@corpus.example"
    return User.objects.create_user(email=email, password="x-corpus-9", display_name=case.sender)


def build(case: Case, *, owner: User | None = None) -> Interview:
    """Types the case in through the capture services, in the order the site saves it."""
    owner = owner or corpus_owner(case)
    interview, _ = interview_log(
        owner=owner,
        new_company_name=case.company,
        role_title=case.role,
        starts_at=INTERVIEW_ENDS - dt.timedelta(hours=1),
        duration_minutes=60,
    )
    people = [PersonMet(name=p.name, title=p.title, part=p.part) for p in case.people]
    debrief_save(interview=interview, values={"went_well": [], **case.quick}, people=people)
    persons = list(Person.objects.filter(participations__interview=interview).order_by("participations__position"))
    for person, typed in zip(persons, case.people, strict=True):
        if typed.responsibilities or typed.email:
            person_update(person=person, name=person.name, title=person.title,
                          responsibilities=typed.responsibilities, email=typed.email)  # fmt: skip
    if case.questions or case.full:
        asked = [
            QuestionAsked(
                text=q.text,
                asked_by=persons[q.by] if q.by is not None else None,
                answer_summary=q.summary,
                self_score=q.score,
                topic=q.topic,
            )
            for q in case.questions
        ]
        debrief_save(interview=interview, values=case.full, questions=asked, complete=True)
    return interview
