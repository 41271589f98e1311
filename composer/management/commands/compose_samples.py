"""`manage.py compose_samples`: the thank-you drafts of a set of varied demo debriefs, printed for reading in one go.

Nothing is read from or written to the database: the samples are the composer's own input (InterviewFacts).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from composer.checks import blocking, draft_checks
from composer.drafts import Asked, InterviewFacts, Met, compose_note

DAY = dt.date(2026, 6, 9)  # a Tuesday
FRIDAY = dt.date(2026, 6, 12)

SAMPLES: dict[str, InterviewFacts] = {
    "one-to-one": InterviewFacts(
        company="Northwind Analytics",
        role="Data lead",
        day=DAY,
        people=(Met(1, "Ada Lovelace", "Head of Data", "hiring manager", "Runs the data platform team"),),
        questions=(
            Asked("How do you test data pipelines?", "Data testing", "Contract tests on every source", 8),
            Asked("Why do you want to leave?", "Motivation", "I want to work closer to product decisions", 4, None, 1),
        ),
        went_well=("My pipeline migration story landed well", "on time and calm"),
        strengths="Ten years of SQL\nWriting things down",
        hear_back=FRIDAY,
        sender="Dana Candidate",
    ),
    "panel-of-five": InterviewFacts(
        company="Cobalt Labs",
        role="Platform engineer",
        day=DAY,
        people=(
            Met(1, "Helen Ward", "Head of Platform", "hiring manager"),
            Met(2, "Tom Okafor", "Senior engineer", "panel"),
            Met(3, "Ana Lopes", "Talent partner", "HR"),
            Met(4, "Sam Patel", "CTO"),
            Met(5, "Mei Lin", "SRE", "future peer"),
        ),
        questions=(
            Asked(
                "Walk me through a Kubernetes upgrade you led.", "Kubernetes upgrades", "Blue-green, two clusters", 8, 1
            ),
            Asked("How do you keep cloud costs down?", "Cloud costs", "Tagging, budgets and a weekly review", 5, 1, 1),
            Asked("Design a rate limiter.", "System design", "A token bucket in Redis", 6, 2, 2),
            Asked("When could you start?", "Notice period", "In two months", 7, 3, 3),
            Asked("Where should the platform be in two years?", "Strategy", "Self-service for every team", 7, 4, 4),
            Asked("What is your on-call experience?", "On-call", "Five years, follow-the-sun", 9, 5, 5),
        ),
        went_well=("Rapport with the CTO", "I explained the cost model clearly", "Good questions at the end"),
        strengths="Kubernetes at scale\nCost control\nCalm incident command",
        hear_back=FRIDAY,
        sender="Dana Candidate",
    ),
    "panel-nothing-per-person": InterviewFacts(
        company="Bluebird Health",
        role="Backend engineer",
        day=DAY,
        people=(
            Met(1, "Marco Diaz", part="hiring manager"),
            Met(2, "Lena Fischer", part="future peer"),
            Met(3, "Priya Shah", part="HR"),
        ),
        went_well=("Clear answers on the API questions", "We agreed on how the team reviews code"),
        sender="Dana Candidate",
    ),
    "titles-and-diacritics": InterviewFacts(
        company="Institut Pasteur",
        role="Research software engineer",
        day=DAY,
        people=(Met(1, "Dr Zoë Ångström", "Group leader"), Met(2, "Prof. Jürgen Müller", part="panel")),
        questions=(
            Asked("Explain your favourite algorithm.", "Algorithms", "Dijkstra, adapted to our graphs", 7, 1),
            Asked(
                "How do you work with biologists?", "Collaboration", "Weekly office hours and shared notebooks", 4, 2, 1
            ),
        ),
        went_well=("Zoë liked my reproducibility checklist",),
        hear_back=FRIDAY,
        sender="Dana Candidate",
    ),
    "non-latin-names": InterviewFacts(
        company="株式会社ミライ",
        role="Backend engineer",
        day=DAY,
        people=(Met(1, "王小明", "Tech lead"), Met(2, "Σοφία Παπαδοπούλου", part="panel"), Met(3, "محمد علي", "CTO")),
        questions=(
            Asked("Why Go?", "Go", "Simple concurrency and fast builds", 8, 1),
            Asked("How do you review code?", "Code review", "Small pull requests, reviewed the same day", 6, 2, 1),
            Asked("Why us?", "Motivation", "My parents use your app every day", 7, 3, 2),
        ),
        went_well=("We agreed on the team's priorities",),
        sender="Dana Candidate",
    ),
    "acronyms-and-emoji": InterviewFacts(
        company="KPMG",
        role="IFRS 9 consultant",
        day=DAY,
        people=(Met(1, "Priya Nair", "Partner", "hiring manager"), Met(2, "Owen Hughes", "Manager", "panel")),
        questions=(
            Asked("Walk me through ECL staging.", "IFRS 9", "Stages 1 to 3, with the SICR triggers", 8, 1),
            Asked("Have you used NEC4 contracts?", "NEC4", "On one infrastructure project", 4, 2, 1),
        ),
        went_well=("iOS dashboards demo 🎉", "I explained SICR clearly"),
        strengths="IFRS 9, NEC4 and SQL",
        sender="Dana Candidate",
    ),
    "six-titles-only": InterviewFacts(
        company="Globex",
        role="Product manager",
        day=DAY,
        people=(
            Met(1, "Olga Berg", "VP Product"),
            Met(2, "Raj Kumar", "Engineering manager"),
            Met(3, "Lucía Gómez", "Designer"),
            Met(4, "Noah Smith", "Data scientist"),
            Met(5, "Emma Brown", "People partner"),
            Met(6, "Kenji Sato", "Product manager"),
        ),
        went_well=("The prioritisation exercise", "My roadmap story"),
        hear_back=FRIDAY,
        sender="Dana Candidate",
    ),
    "questions-without-topics": InterviewFacts(
        company="Massive Dynamic",
        role="Researcher",
        day=DAY,
        people=(Met(1, "Nina Sharp", "COO"), Met(2, "Walter Bishop", "Scientist"), Met(3, "Astrid Farnsworth")),
        questions=(
            Asked("What drives you?", summary="Curiosity about odd results", score=8, asked_by=1),
            Asked(
                "How do you document experiments?",
                summary="A lab notebook per project",
                score=6,
                asked_by=2,
                position=1,
            ),
            Asked("Can you code in R?", summary="Yes, mostly the tidyverse", score=7, asked_by=3, position=2),
        ),
        went_well=("My notebook habit",),
        hear_back=FRIDAY,
        sender="Dana Candidate",
    ),
    "next-steps-stated": InterviewFacts(
        company="Aperture Science",
        role="Test engineer",
        day=DAY,
        people=(Met(1, "Cave Johnson", "Founder", "hiring manager"), Met(2, "Caroline Smith", part="HR")),
        questions=(Asked("How would you test a portal?", "Testing", "Property-based tests first", 7, 1),),
        went_well=("Good rapport with the founder",),
        next_steps="A take-home test arrives on Monday",
        sender="Dana Candidate",
    ),
    "little-recorded": InterviewFacts(
        company="Tiny Startup",
        role="Founding engineer",
        day=DAY,
        people=(Met(1, "Sam"),),
        sender="",
    ),
}


class Command(BaseCommand):
    help = "Prints the thank-you drafts the composer writes for a set of varied demo debriefs, with their checks."

    def add_arguments(self, parser):
        parser.add_argument("--tone", choices=["formal", "casual", "both"], default="both")
        parser.add_argument("--sample", action="append", choices=sorted(SAMPLES), help="Only this sample (repeatable).")

    def handle(self, *args, **options):
        keys = options["sample"] or list(SAMPLES)
        tones = ["formal", "casual"] if options["tone"] == "both" else [options["tone"]]
        if not keys:
            raise CommandError("No sample to print.")
        drafts = 0
        for key in keys:
            facts = SAMPLES[key]
            people = len(facts.people)
            self.stdout.write(f"\n=== {key}: {facts.role} at {facts.company}, {people} met ===")
            for tone in tones:
                notes = [(m, compose_note(facts=facts, person_key=m.key, tone=tone)) for m in facts.people]
                for met, draft in notes:
                    others = [(other.name, d.body) for other, d in notes if other.key != met.key]
                    checks = draft_checks(subject=draft.subject, body=draft.body, person_name=met.name,
                                          company_name=facts.company, others=others, tone=tone)  # fmt: skip
                    failing = blocking(checks)
                    verdict = "every check passes" if not failing else "; ".join(c.message for c in failing)
                    self.stdout.write(f"\n--- to {met.name} ({tone}) · {verdict}")
                    self.stdout.write(f"Subject: {draft.subject}\n\n{draft.body}")
                    drafts += 1
        self.stdout.write(f"\n{drafts} drafts.")
