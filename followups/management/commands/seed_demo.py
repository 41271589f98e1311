from django.core.management.base import BaseCommand

from accounts.models import User
from accounts.services import user_create_verified

DEMO_PASSWORD = "debrief-demo-2026"
DEMO_ACCOUNTS = [
    {
        "email": "candidate@example.com",
        "role": User.Role.CANDIDATE,
        "display_name": "Dana Candidate",
        "time_zone": "Europe/London",
    },
    {
        "email": "recruiter@example.com",
        "role": User.Role.RECRUITER,
        "display_name": "Riley Recruiter",
        "time_zone": "Europe/London",
    },
]


class Command(BaseCommand):
    help = "Creates the demo candidate and recruiter (once; running it again changes nothing)."

    def handle(self, *args, **options):
        for account in DEMO_ACCOUNTS:
            user, created = user_create_verified(password=DEMO_PASSWORD, **account)
            state = "created" if created else "already there"
            self.stdout.write(f"  {user.get_role_display():<24} {user.email}  password: {DEMO_PASSWORD}  ({state})")
