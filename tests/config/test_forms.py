"""The site's form renderer writes a <select> itself (config/forms.py): the same markup as Django's templates, for
every kind of select the site has, in one pass."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from config.forms import FormRenderer
from tests.conftest import make_user

CHOICES = [("", "Any"), ("a&b", 'Tom "&" Jerry <3>'), (1, "One"), ("Group <x>", [("g1", "In a group"), ("g2", "Two")])]


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    chosen = forms.ChoiceField(
        choices=CHOICES, initial="g2", widget=forms.Select(attrs={"data-x": 'a"b', "disabled": True})
    )
    many = forms.MultipleChoiceField(choices=CHOICES, initial=["a&b", "g1"])
    zone = forms.ChoiceField(
        choices=[("Europe/London", "London")], widget=forms.Select(attrs={"data-guess-timezone": "true"})
    )
    yes_no = forms.NullBooleanField()


def rendered(form: forms.Form, renderer) -> dict[str, str]:
    form.renderer = renderer
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize("data", [None, {"plain": "a&b", "chosen": "1", "many": ["g2"], "zone": "Europe/London"}])
def test_every_select_is_written_as_djangos_templates_write_it(data):
    ours, django = rendered(Sample(data), FormRenderer()), rendered(Sample(data), DjangoTemplates())
    assert ours == django
    assert "&quot;&amp;&quot;" in ours["plain"] and "<optgroup" in ours["plain"]


@pytest.mark.django_db
def test_the_sites_long_selects_are_written_as_djangos_templates_write_them():
    # allauth's forms first: they import accounts.forms (the sign-up form's extra fields) while they load.
    from allauth.account import forms as _allauth_forms  # noqa: F401

    from accounts.forms import ProfileForm
    from interviews.forms import OpportunityFilterForm
    from interviews.models import Company

    owner = make_user("owner@example.com")

    Company.objects.bulk_create(Company(owner=owner, name=f"Company <{i}> & co") for i in range(30))
    for make in (lambda: OpportunityFilterForm(owner=owner), lambda: ProfileForm(instance=owner)):
        assert rendered(make(), FormRenderer()) == rendered(make(), DjangoTemplates())


def test_a_select_renders_without_the_option_templates(monkeypatch):
    # The point of the renderer: no template is rendered per option (Django's would render two for each).
    calls = []
    original = DjangoTemplates.render
    monkeypatch.setattr(
        DjangoTemplates, "render", lambda self, name, *a, **k: calls.append(name) or original(self, name, *a, **k)
    )
    form = Sample()
    form.renderer = FormRenderer()
    str(form["plain"])
    assert calls == []
