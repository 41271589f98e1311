"""Importing a JSON export: validated, atomic, ids never trusted, objects recreated for the importing user."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import data
from interviews.models import Company, Interview, Question, StatedTerms
from tests.world import fill_account

IMPORT = "/me/data/import/"


def _export(user) -> dict:
    return json.loads("".join(data.export_json_chunks(user=user)))


def _upload(client, content: bytes, name="export.json"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content, content_type="application/json")})


def _all_counts():
    return {t.label: t.model._default_manager.count() for t in data.user_tables()}


@pytest.mark.django_db
def test_import_page_creates_the_rows_for_the_importing_user(owner, other_candidate, owner_client):
    fill_account(other_candidate, tag="o")
    response = _upload(owner_client, json.dumps(_export(other_candidate)).encode())
    assert response.status_code == 302
    page = owner_client.get(response["Location"]).content.decode()
    assert "Imported" in page
    assert set(Company.objects.filter(owner=owner).values_list("name", flat=True)) == {"Acme o0", "Acme o1"}
    assert Interview.objects.filter(owner=owner).count() == 2


@pytest.mark.django_db
def test_ids_of_another_users_export_never_touch_their_rows(owner, other_candidate, owner_client):
    fill_account(other_candidate, tag="o")
    theirs = _export(other_candidate)
    before = {i.pk: (i.owner_id, i.location) for i in Interview.objects.all()}
    question_before = list(Question.objects.values_list("pk", "interview_id", "text").order_by("pk"))

    assert _upload(owner_client, json.dumps(theirs).encode()).status_code == 302

    # Theirs are unchanged; ours are new rows with new ids, all owned by the importer.
    assert {i.pk: (i.owner_id, i.location) for i in Interview.objects.filter(pk__in=before)} == before
    assert (
        list(
            Question.objects.filter(pk__in=[q[0] for q in question_before])
            .values_list("pk", "interview_id", "text")
            .order_by("pk")
        )
        == question_before
    )
    mine = Interview.objects.filter(owner=owner)
    assert mine.count() == 2 and not set(mine.values_list("pk", flat=True)) & set(before)
    assert set(Question.objects.filter(interview__owner=owner).values_list("asked_by__owner", flat=True)) == {owner.pk}
    assert set(Interview.objects.filter(owner=owner).values_list("opportunity__company__owner", flat=True)) == {
        owner.pk
    }


@pytest.mark.django_db
def test_a_row_pointing_outside_the_file_is_refused_and_nothing_is_imported(owner, other_candidate, owner_client):
    fill_account(other_candidate, tag="o")
    theirs = _export(other_candidate)
    # Point an interview at the other user's real opportunity id without including that opportunity.
    theirs["tables"]["interviews.opportunity"] = []
    before = _all_counts()
    response = _upload(owner_client, json.dumps(theirs).encode())
    assert response.status_code == 400
    assert "not in the file" in response.content.decode()
    assert _all_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not a JSON file"),
        (b"\xff\xfe\x00garbage", "not a JSON file"),
        (b"[1, 2, 3]", "not a Debrief export"),
        (json.dumps({"format": "someone-else", "tables": {}, "user": {}}).encode(), "not a Debrief export"),
        (json.dumps({"format": "debrief-export", "version": 99, "tables": {}, "user": {"id": 1}}).encode(), "version"),
        (
            json.dumps(
                {"format": "debrief-export", "version": 1, "tables": {"auth.group": []}, "user": {"id": 1}}
            ).encode(),
            "does not know",
        ),
        (
            json.dumps(
                {
                    "format": "debrief-export",
                    "version": 1,
                    "user": {"id": 1},
                    "tables": {"interviews.company": [{"id": 1, "owner_id": 1, "name": "x" * 500}]},
                }
            ).encode(),
            "not valid",
        ),
        (
            json.dumps(
                {
                    "format": "debrief-export",
                    "version": 1,
                    "user": {"id": 1},
                    "tables": {
                        "interviews.company": [{"id": 1, "owner_id": 1, "name": "Acme"}],
                        "interviews.opportunity": [
                            {"id": 1, "owner_id": 1, "company_id": 1, "role_title": "x", "status": "hired"}
                        ],
                    },
                }
            ).encode(),
            "not valid",
        ),
    ],
)
def test_malformed_or_foreign_files_are_refused_with_a_message(owner, owner_client, content, message):
    before = _all_counts()
    response = _upload(owner_client, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _all_counts() == before


@pytest.mark.django_db
def test_a_later_bad_row_rolls_back_the_rows_before_it(owner, other_candidate, owner_client):
    fill_account(other_candidate, tag="o")
    theirs = _export(other_candidate)
    theirs["tables"]["followups.outcome"][0]["kind"] = "hired"
    before = _all_counts()
    response = _upload(owner_client, json.dumps(theirs).encode())
    assert response.status_code == 400
    assert _all_counts() == before


@pytest.mark.django_db
def test_importing_twice_clashes_and_keeps_the_first_copy(owner, other_candidate, owner_client):
    fill_account(other_candidate, tag="o")
    content = json.dumps(_export(other_candidate)).encode()
    assert _upload(owner_client, content).status_code == 302
    before = _all_counts()
    response = _upload(owner_client, content)
    assert response.status_code == 400
    assert "clash" in response.content.decode()
    assert _all_counts() == before


@pytest.mark.django_db
def test_a_twenty_megabyte_file_is_refused_unread(owner, owner_client):
    content = b'{"format": "debrief-export", "padding": "' + b"x" * (20 * 1024 * 1024) + b'"}'
    response = _upload(owner_client, content)
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()
    assert not Company.objects.exists()


@pytest.mark.django_db
def test_no_file_gets_a_message_next_to_the_field(owner_client):
    response = owner_client.post(IMPORT, {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


@pytest.mark.django_db
def test_import_is_rate_limited(owner_client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "debrief_data_import": "1/h/user"}
    assert _upload(owner_client, b"{").status_code == 400
    assert _upload(owner_client, b"{").status_code == 429


@pytest.mark.django_db
def test_rows_written_by_someone_else_are_left_out_not_refused(owner, other_candidate):
    fill_account(other_candidate, tag="o")
    theirs = _export(other_candidate)
    # A row tied (not nullably) to a third person cannot become the importer's: it is skipped, the rest imports.
    theirs["tables"]["reminders.reminder"][0]["user_id"] = 424242
    counts = data.data_import(user=owner, document=theirs)
    assert counts["reminders.reminder"] == len(theirs["tables"]["reminders.reminder"]) - 1
    assert counts["interviews.interview"] == 2


@pytest.mark.django_db
def test_an_export_made_while_offers_lived_in_followups_imports_its_offers(owner, other_candidate, owner_client):
    from insight.models import Offer, OfferWeights

    fill_account(other_candidate, tag="o")
    theirs = _export(other_candidate)
    tables = theirs["tables"]
    tables["followups.offer"], tables["followups.offerweights"] = (
        tables.pop("insight.offer"),
        tables.pop("insight.offerweights"),
    )

    assert _upload(owner_client, json.dumps(theirs).encode()).status_code == 302

    assert Offer.objects.filter(opportunity__owner=owner).count() == 2
    assert OfferWeights.objects.get(user=owner).salary == 9


@pytest.mark.django_db
def test_an_export_made_while_reminders_lived_in_followups_imports_its_reminders(owner, other_candidate, owner_client):
    from reminders.models import Reminder

    fill_account(other_candidate, tag="o")
    theirs = _export(other_candidate)
    theirs["tables"]["followups.reminder"] = theirs["tables"].pop("reminders.reminder")
    assert theirs["tables"]["followups.reminder"]

    assert _upload(owner_client, json.dumps(theirs).encode()).status_code == 302

    assert Reminder.objects.filter(user=owner).count() == len(theirs["tables"]["followups.reminder"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        ("interviews.statedterms", "salary_period", "decade"),
        ("interviews.statedterms", "salary_amount", -5),
        ("interviews.statedterms", "salary_amount", 10**10),
        ("interviews.statedterms", "salary_currency", "euros"),
        ("interviews.statedterms", "salary_currency", "e1x"),
        ("interviews.statedterms", "notice_amount", 99),
        ("interviews.statedterms", "notice_unit", "years"),
        ("interviews.statedterms", "earliest_start", "9999-12-31"),
        ("interviews.statedterms", "earliest_start", "1066-10-14"),
        ("interviews.statedterms", "relocation", "maybe"),
        ("interviews.statedterms", "other_processes_count", 51),
        ("interviews.statedterms", "salary_note", "x" * 201),
        ("interviews.statedterms", "salary_note", "plus\x00bonus"),
        ("interviews.plannedquestionanswered", "normalized_text", "q" * 1001),
        ("interviews.question", "to_practise", "maybe"),
        # A null character, refused by every form: PostgreSQL cannot store it, in text or in JSON.
        ("interviews.company", "name", "Acme\x00"),
        ("interviews.debrief", "went_well", ["fine", "not\x00fine"]),
    ],
)
def test_new_fields_and_null_characters_are_checked_like_the_forms(
    owner, other_candidate, owner_client, table, field, value
):
    fill_account(other_candidate, tag="o")
    theirs = _export(other_candidate)
    theirs["tables"][table][0][field] = value
    before = _all_counts()
    response = _upload(owner_client, json.dumps(theirs).encode())
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert _all_counts() == before


@pytest.mark.django_db
def test_stated_terms_recorded_by_someone_else_import_as_recorded_by_nobody(owner, other_candidate):
    fill_account(other_candidate, tag="o")
    theirs = _export(other_candidate)
    theirs["tables"]["interviews.statedterms"][0]["recorded_by_id"] = 424242  # a recruiter, in issue 17
    data.data_import(user=owner, document=theirs)
    recorded = StatedTerms.objects.filter(interview__owner=owner).order_by("salary_amount")
    assert [t.recorded_by_id for t in recorded] == [None, owner.pk]


# --- Issue 14's fields: checked on import exactly as the forms check them, carried by the export -------------------


def _first(document, label):
    return document["tables"][label][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "field", "value", "message"),
    [
        ("interviews.interview", "time_zone", "Mars/Olympus", "Choose a time zone from the list"),
        ("interviews.interview", "time_zone", "", "cannot be blank"),
        ("interviews.interview", "state", "exploded", "is not a valid choice"),
        ("interviews.interview", "cancelled_by", "the cat", "is not a valid choice"),
        ("interviews.interviewchange", "to_time_zone", "Nowhere/Land", "Choose a time zone from the list"),
        ("interviews.opportunity", "status", "dreaming", "is not a valid choice"),
        ("followups.outcome", "answer_by", "9999-12-31", "check the year"),
        ("followups.outcome", "contact_name", "x" * 201, "at most 200 characters"),
        ("followups.followupattempt", "new_date", "1900-01-01", "from 1990 on"),
        ("reminders.reminder", "kind", "offer_answer_yesterday", "is not a valid choice"),
    ],
)
def test_a_bad_value_in_a_new_field_is_refused_like_the_form_refuses_it(
    owner, other_candidate, owner_client, label, field, value, message
):
    fill_account(other_candidate, tag="o")
    theirs = _export(other_candidate)
    _first(theirs, label)[field] = value
    before = _all_counts()
    response = _upload(owner_client, json.dumps(theirs).encode())
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert _all_counts() == before


@pytest.mark.django_db
def test_the_export_carries_each_interviews_zone_state_and_history(owner):
    fill_account(owner)
    exported = _export(owner)
    interviews = {row["time_zone"] for row in exported["tables"]["interviews.interview"]}
    assert interviews == {"America/New_York", "Europe/London"}
    (change,) = exported["tables"]["interviews.interviewchange"]
    assert (change["kind"], change["to_time_zone"], change["reason"]) == (
        "rescheduled",
        "America/New_York",
        "=their diary",
    )
    assert [o["answer_by"] for o in exported["tables"]["followups.outcome"] if o["kind"] == "offer"] == ["2026-03-13"]
    assert {a["new_date"] for a in exported["tables"]["followups.followupattempt"]} == {None, "2026-03-09"}
    assert len(exported["tables"]["followups.calendarrevision"]) == 2


@pytest.mark.django_db
def test_an_export_from_before_interviews_had_a_zone_imports_them_in_the_profiles_zone(owner, other_candidate):
    fill_account(other_candidate, tag="o")
    theirs = _export(other_candidate)
    theirs["user"]["time_zone"] = "Asia/Tokyo"
    for row in theirs["tables"]["interviews.interview"]:
        del row["time_zone"]
    data.data_import(user=owner, document=theirs)
    assert set(Interview.objects.filter(owner=owner).values_list("time_zone", flat=True)) == {"Asia/Tokyo"}
