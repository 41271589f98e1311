"""The custom user: email is the login, unique whatever its letter case, enforced by the database itself."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.services import user_create_verified


@pytest.mark.django_db
def test_email_is_unique_ignoring_case_in_the_database(owner):
    # Bypass the manager's lower-casing to prove the constraint itself holds.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="OWNER@EXAMPLE.COM")])
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_create_user_stores_the_email_in_lower_case():
    user = User.objects.create_user("Mixed.Case@Example.COM", "whatever-pass-123")
    assert user.email == "mixed.case@example.com"


@pytest.mark.django_db
def test_login_lookup_ignores_letter_case(owner):
    assert User.objects.get_by_natural_key("OWNER@example.com") == owner


@pytest.mark.django_db
def test_role_outside_the_choices_is_refused_by_the_database(owner):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=owner.pk).update(role="admin")


@pytest.mark.django_db
def test_unknown_time_zone_fails_model_validation(owner):
    owner.time_zone = "Atlantis/Lost_City"
    with pytest.raises(ValidationError) as excinfo:
        owner.full_clean(exclude=["password"])
    assert "time_zone" in excinfo.value.message_dict


@pytest.mark.django_db
def test_user_create_verified_twice_changes_nothing():
    first, created = user_create_verified(email="demo@example.com", password="demo-pass-12345", role="candidate")
    again, created_again = user_create_verified(
        email="DEMO@example.com", password="other-pass-12345", role="recruiter", display_name="Changed"
    )
    assert created
    assert not created_again
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.role == "candidate"
    assert again.check_password("demo-pass-12345")
    assert again.emailaddress_set.get().verified


def test_name_falls_back_to_the_part_before_the_at_sign():
    assert User(email="sam.smith@example.com").name == "sam.smith"
    assert User(email="sam.smith@example.com", display_name="Sam").name == "Sam"
    assert str(User(email="sam.smith@example.com")) == "sam.smith@example.com"
