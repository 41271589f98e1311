"""R2's second half: when a linked recruiter arranged the interview, the thank-you flow offers sending the notes
through that recruiter (the default channel) and says to check with them first."""

import datetime as dt
import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import RecruiterLink
from accounts.services import recruiter_link_end
from followups.models import ThankYouNote
from interviews.services import PersonMet, interview_set_people
from tests.world import interview_logged, link

pytestmark = pytest.mark.django_db

ENDED = timezone.now() - dt.timedelta(hours=2)


@pytest.mark.parametrize(("arranged", "channel"), [(True, "recruiter"), (False, "email")])
def test_notes_of_a_recruiter_arranged_interview_go_through_the_recruiter(
    owner_client, owner, recruiter, arranged, channel
):
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    interview = interview_logged(owner, starts_at=ENDED, arranged_by=recruiter if arranged else None)

    assert ThankYouNote.objects.get(interview=interview).channel == channel
    page = owner_client.get(reverse("followups:interview", args=[interview.pk])).content.decode()
    assert "Through the recruiter" in page


def mail_link_of(page: str) -> str:
    match = re.search(r'href="(mailto:[^"]*)"', page)
    assert match, "no mail link on the page"
    return html.unescape(match.group(1))


def test_through_the_recruiter_the_mail_goes_to_the_recruiter_with_the_interviewer_in_the_subject(
    owner_client, owner, recruiter
):
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    interview = interview_logged(owner, starts_at=ENDED, company="Northwind", arranged_by=recruiter)
    note = ThankYouNote.objects.get(interview=interview)

    page = owner_client.get(reverse("followups:interview", args=[interview.pk])).content.decode()
    link = urlsplit(mail_link_of(page))
    fields = parse_qs(link.query)
    assert unquote(link.path) == recruiter.email
    assert fields["subject"] == ["Thank-you note for Ada Lovelace (Northwind)"]
    assert fields["body"][0].startswith(f"Hi {recruiter.name.split()[0]},")
    assert note.body in fields["body"][0] and note.subject in fields["body"][0]
    assert f"Open in mail app, to {recruiter.name}" in page


def test_once_the_link_is_revoked_the_agency_contact_or_nobody_is_addressed(owner_client, owner, recruiter):
    made = link(owner, recruiter)
    interview = interview_logged(owner, starts_at=ENDED, arranged_by=recruiter)
    recruiter_link_end(link=made, user=owner)

    page = owner_client.get(reverse("followups:interview", args=[interview.pk])).content.decode()
    assert urlsplit(mail_link_of(page)).path == ""
    assert recruiter.email not in page
    assert "add the agency contact&#x27;s email on the opportunity" in page  # the warning says what to do


def test_an_agency_opportunity_goes_through_its_contact(owner_client, owner):
    interview = interview_logged(owner, starts_at=ENDED, company="Northwind", people=())
    opportunity = interview.opportunity
    response = owner_client.post(
        reverse("interviews:opportunity_edit", args=[opportunity.pk]),
        {"role_title": opportunity.role_title, "source": "agency", "agency_name": "Hays",
         "agency_contact_name": "Sam Reed", "agency_contact_email": "sam@hays.example"},
    )  # fmt: skip
    assert response.status_code == 302
    interview_set_people(interview=interview, people=[PersonMet(name="Grace Hopper")])
    note = ThankYouNote.objects.get(interview=interview)
    assert note.channel == ThankYouNote.Channel.RECRUITER

    page = owner_client.get(reverse("followups:interview", args=[interview.pk])).content.decode()
    link = urlsplit(mail_link_of(page))
    assert unquote(link.path) == "sam@hays.example"
    assert parse_qs(link.query)["body"][0].startswith("Hi Sam,")
    assert "check with them first" in page


def test_a_bad_agency_email_is_refused_next_to_the_field(owner_client, owner):
    opportunity = interview_logged(owner, starts_at=ENDED).opportunity
    response = owner_client.post(
        reverse("interviews:opportunity_edit", args=[opportunity.pk]),
        {"role_title": "Data lead", "source": "agency", "agency_name": "Hays", "agency_contact_email": "not-an-email"},
    )
    assert response.status_code == 200 and "Enter a valid email address." in response.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.agency_contact_email == "" and opportunity.role_title != "Data lead"


def test_a_handwritten_card_has_a_printable_a6_layout_for_its_owner_only(owner_client, client, owner, other_candidate):
    interview = interview_logged(owner, starts_at=ENDED)
    note = ThankYouNote.objects.get(interview=interview)
    owner_client.post(
        reverse("followups:note_save", args=[note.pk]),
        {f"note-{note.pk}-channel": "card", f"note-{note.pk}-subject": note.subject, f"note-{note.pk}-body": note.body},
    )
    note.refresh_from_db()
    assert note.channel == "card" and note.is_untouched

    page = owner_client.get(reverse("followups:interview", args=[interview.pk])).content.decode()
    card_url = reverse("followups:note_card", args=[note.pk])
    assert f'href="{card_url}"' in page and "mailto:" not in page
    card = owner_client.get(card_url)
    assert card.status_code == 200
    html_card = card.content.decode()
    assert 'class="a6-card"' in html_card and "Dear Ada Lovelace," in html_card and "data-print" in html_card
    # The site's one stylesheet prints the card on an A6 page of its own (assets/scss/_notes.scss).
    css = (settings.BASE_DIR / "static" / "css" / "debrief.css").read_text()
    assert "@page a6-card{size:105mm 148mm" in css and "page:a6-card" in css

    client.force_login(other_candidate)
    assert client.get(card_url).status_code == 404
