"""Two saves of one interview's debrief at the same moment (the phone and the laptop) on PostgreSQL."""

import threading

import pytest
from django.db import connection

from interviews import services
from interviews.models import Debrief, Interview, InterviewPerson, Person
from tests.factories import InterviewFactory


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_first_saves_make_one_debrief_and_one_person(owner):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs it on PostgreSQL)")
    interview = InterviewFactory(opportunity__company__owner=owner)
    barrier = threading.Barrier(2)
    errors = []

    def save(tone):
        try:
            barrier.wait(timeout=10)
            services.debrief_save(
                interview=Interview.objects.select_related("owner", "opportunity").get(pk=interview.pk),
                values={"tone": tone},
                people=[services.PersonMet(name="Lee Park")],
            )
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(tone,)) for tone in ("calm", "tense")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Debrief.objects.filter(interview=interview).count() == 1
    assert Person.objects.filter(owner=owner, name="Lee Park").count() == 1
    assert InterviewPerson.objects.filter(interview=interview).count() == 1
