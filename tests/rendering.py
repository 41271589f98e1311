"""Every page and feed that shows a candidate's rows, as the candidate and a linked recruiter get them: for checks
that whatever a row holds renders (issue 12). Each answer is a status; an exception is a 500."""

from django.test import Client
from django.urls import reverse

from accounts.models import User
from followups.models import FollowUpSettings
from followups.services import calendar_token_regenerate
from interviews.models import Interview


def owner_pages(owner: User) -> list[str]:
    urls = [
        reverse("home"),
        reverse("interviews:list"),
        reverse("interviews:opportunity_list"),
        reverse("interviews:pipeline"),
        reverse("interviews:question_bank"),
        reverse("interviews:learning_list"),
        reverse("insight:progress"),
        reverse("insight:offers"),
    ]
    for interview in Interview.objects.filter(owner=owner).order_by("pk"):
        urls += [
            reverse("interviews:detail", args=[interview.pk]),
            reverse("interviews:debrief_full", args=[interview.pk]),
            reverse("interviews:opportunity_prep", args=[interview.opportunity_id]),
            reverse("followups:interview", args=[interview.pk]),
            reverse("followups:interview_ics", args=[interview.pk]),
        ]
    settings_row = FollowUpSettings.objects.filter(user=owner).first()
    token = settings_row.calendar_token if settings_row and settings_row.calendar_token else None
    urls.append(reverse("followups:calendar_feed", args=[token or calendar_token_regenerate(user=owner)]))
    return urls


def recruiter_pages(owner: User) -> list[str]:
    urls = [reverse("home")]
    for interview in Interview.objects.filter(owner=owner, is_private=False).order_by("pk"):
        urls.append(reverse("interviews:detail", args=[interview.pk]))
    return urls


def broken_pages(owner: User, *, recruiter: User | None = None) -> list[str]:
    """The URLs that answer 500 (or raise) to the owner, and to `recruiter` if given: [] when every page renders."""
    broken = []
    visits = [(owner, owner_pages(owner))]
    if recruiter is not None:
        visits.append((recruiter, recruiter_pages(owner)))
    for user, urls in visits:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            if response.status_code >= 500:
                broken.append(f"{user.email} {url} {response.status_code}")
    return broken
