"""Own your data: the JSON and CSV exports hold everything of the user and nothing of anyone else, stream, and
can be imported back into an empty account to give the same data."""

import csv
import io
import json
import zipfile

import pytest
from django.http import StreamingHttpResponse

from accounts import data
from accounts.models import RecruiterLink
from followups.models import FollowUpSettings
from tests.conftest import make_user
from tests.factories import InterviewFactory
from tests.world import fill_account

EXPORT_JSON = "/me/data/export.json"
EXPORT_CSV = "/me/data/export.zip"


def _download(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def _canonical(document: dict) -> dict:
    """The tables with every id replaced by the row's place in its table, so two accounts compare equal."""
    tables = {data.Table(model=t.model, owner_path=t.owner_path).label: t for t in data.user_tables()}
    places = {label: {row["id"]: index for index, row in enumerate(rows)} for label, rows in document["tables"].items()}
    user_id = document["user"]["id"]
    out = {}
    for label, rows in document["tables"].items():
        table = tables[label]
        if not table.importable:
            continue
        canonical_rows = []
        for row in rows:
            row = dict(row)
            row.pop("id")
            row.pop("updated_at", None)  # auto_now: the moment of import
            for field in table.fields:
                if field.is_relation and row.get(field.attname) is not None:
                    target = field.related_model._meta.label_lower
                    value = row[field.attname]
                    row[field.attname] = (
                        "self" if target == "accounts.user" and value == user_id else places[target][value]
                    )
            canonical_rows.append(row)
        out[label] = canonical_rows
    return out


@pytest.mark.django_db
def test_json_export_round_trips_into_an_empty_account(owner, other_candidate, client):
    fill_account(owner)
    fill_account(other_candidate, tag="o")
    client.force_login(owner)
    exported = json.loads(_download(client.post(EXPORT_JSON)))

    assert exported["format"] == "debrief-export"
    filled = [label for label, rows in exported["tables"].items() if rows]
    assert len(filled) >= 18, filled
    assert {"interviews.statedterms", "interviews.plannedquestionanswered"} <= set(filled)
    assert {r["name"] for r in exported["tables"]["interviews.company"]} == {"Acme 0", "Acme 1"}

    fresh = make_user("fresh@example.com")
    data.data_import(user=fresh, document=exported)
    again = json.loads(b"".join(c.encode() for c in data.export_json_chunks(user=fresh)))

    assert _canonical(again) == _canonical(exported)
    assert again["user"]["display_name"] == owner.display_name
    # The other candidate's data is where it was.
    assert data.user_row_counts(user=other_candidate)["interviews.interview"] == 2


@pytest.mark.django_db
def test_json_export_leaves_out_the_calendar_secret_and_others_rows(owner, other_candidate, owner_client):
    fill_account(owner)
    fill_account(other_candidate, tag="o")
    body = _download(owner_client.post(EXPORT_JSON)).decode()
    assert FollowUpSettings.objects.get(user=owner).calendar_token not in body
    assert "Acme o0" not in body
    assert "calendar_token" not in body


@pytest.mark.django_db
def test_export_includes_links_with_recruiters(owner, recruiter, owner_client):
    RecruiterLink.objects.create(candidate=owner, recruiter=recruiter, invited_by=owner, status="active")
    exported = json.loads(_download(owner_client.post(EXPORT_JSON)))
    assert [r["recruiter_id"] for r in exported["tables"]["accounts.recruiterlink"]] == [recruiter.pk]


@pytest.mark.django_db
def test_csv_export_is_a_zip_with_one_formula_safe_file_per_table(owner, owner_client):
    fill_account(owner)
    response = owner_client.post(EXPORT_CSV)
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(_download(response)))
    names = set(archive.namelist())
    assert names == {"profile.csv"} | {f"{t.label.replace('.', '_')}.csv" for t in data.user_tables()}

    interviews = list(csv.DictReader(io.StringIO(archive.read("interviews_interview.csv").decode("utf-8-sig"))))
    assert len(interviews) == 2
    assert {r["location"] for r in interviews} == {'\'=HYPERLINK("http://evil.example","click")', "Room 4"}
    questions = list(csv.DictReader(io.StringIO(archive.read("interviews_question.csv").decode("utf-8-sig"))))
    assert {r["topic"] for r in questions} == {"'-SUM(A1)"}
    attempts = archive.read("followups_followupattempt.csv").decode("utf-8-sig")
    assert "'\tleft a message" in attempts
    learning = archive.read("interviews_learningitem.csv").decode("utf-8-sig")
    assert "'@Kubernetes basics" in learning
    debriefs = list(csv.DictReader(io.StringIO(archive.read("interviews_debrief.csv").decode("utf-8-sig"))))
    # A list is written as JSON; its first character is "[", so it is left alone.
    assert debriefs[0]["went_well"] == '["clear examples", "+1 rapport"]'


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (-3, "-3"),
        (None, ""),
    ],
)
def test_csv_cells_that_would_start_a_formula_are_neutralised(value, cell):
    assert data.csv_safe(value) == cell


@pytest.mark.django_db
def test_formula_imported_from_json_comes_out_of_the_csv_neutralised(owner, owner_client):
    document = {
        "format": "debrief-export",
        "version": 1,
        "user": {"id": 999_999},
        "tables": {
            "interviews.company": [{"id": 7, "owner_id": 999_999, "name": '=HYPERLINK("http://x","y")'}],
        },
    }
    data.data_import(user=owner, document=document)
    archive = zipfile.ZipFile(io.BytesIO(_download(owner_client.post(EXPORT_CSV))))
    companies = list(csv.DictReader(io.StringIO(archive.read("interviews_company.csv").decode("utf-8-sig"))))
    assert [c["name"] for c in companies] == ['\'=HYPERLINK("http://x","y")']


@pytest.mark.django_db
@pytest.mark.parametrize("url", [EXPORT_JSON, EXPORT_CSV])
def test_export_of_a_thousand_interviews_streams_in_a_bounded_number_of_queries(
    owner, owner_client, url, django_assert_max_num_queries
):
    opportunity = InterviewFactory(owner=owner, opportunity__company__owner=owner).opportunity
    InterviewFactory.create_batch(999, opportunity=opportunity)
    response = owner_client.post(url)
    assert isinstance(response, StreamingHttpResponse)
    chunks = 0
    # One query per table and per 500 rows, whatever the size: the export is read a chunk at a time.
    with django_assert_max_num_queries(len(data.user_tables()) * 3 + 5):
        for _ in response.streaming_content:
            chunks += 1
    assert chunks > 4


@pytest.mark.django_db
def test_export_needs_login_and_post(client, owner):
    assert client.post(EXPORT_JSON).status_code == 302
    owner_client = client
    owner_client.force_login(owner)
    assert owner_client.get(EXPORT_JSON).status_code == 405


@pytest.mark.django_db
def test_export_is_rate_limited(owner_client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "debrief_data_export": "2/h/user"}
    assert owner_client.post(EXPORT_JSON).status_code == 200
    assert owner_client.post(EXPORT_CSV).status_code == 200
    response = owner_client.post(EXPORT_JSON)
    assert response.status_code == 429
    assert "try again later" in response.content.decode()


@pytest.mark.django_db
def test_profile_links_to_the_data_page(owner_client):
    assert 'href="/me/data/"' in owner_client.get("/me/profile/").content.decode()
    page = owner_client.get("/me/data/").content.decode()
    assert "Download JSON" in page and "Delete my account" in page
