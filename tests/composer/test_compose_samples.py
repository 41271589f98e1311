"""`manage.py compose_samples` prints every sample's drafts with what the checks say, and they are fit to send."""

import io
import itertools

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from composer.checks import SIMILARITY_LIMIT, similarity
from composer.drafts import compose_note
from composer.management.commands.compose_samples import SAMPLES

from .corpus import glitches_in


def run(*args) -> str:
    out = io.StringIO()
    call_command("compose_samples", *args, stdout=out)
    return out.getvalue()


def test_it_prints_every_draft_of_every_sample_in_both_tones_with_its_checks():
    output = run()
    drafts = sum(len(facts.people) for facts in SAMPLES.values()) * 2
    assert output.count("\n--- to ") == drafts and output.rstrip().endswith(f"{drafts} drafts.")
    assert len(SAMPLES) >= 10
    verdicts = [line for line in output.splitlines() if line.startswith("--- to ")]
    # Only the sample that records next to nothing asks for what is missing.
    failing = [line for line in verdicts if not line.endswith("every check passes")]
    assert failing and all(line.startswith("--- to Sam ") for line in failing)
    assert "[one thing you talked about with Sam]" in failing[0] and "[your name]" in failing[0]


def test_one_sample_in_one_tone():
    output = run("--sample", "one-to-one", "--tone", "casual")
    assert output.count("\n--- to ") == 1 and "Hi Ada," in output and "Dear Ada" not in output


def test_an_unknown_sample_is_refused():
    with pytest.raises(CommandError):
        run("--sample", "nope")


@pytest.mark.parametrize("tone", ["formal", "casual"])
def test_the_samples_are_clean_and_no_two_of_a_panel_alike(tone):
    for facts in SAMPLES.values():
        bodies = [compose_note(facts=facts, person_key=m.key, tone=tone).body for m in facts.people]
        assert all(glitches_in(body) == [] for body in bodies)
        assert all(similarity(a, b) < SIMILARITY_LIMIT for a, b in itertools.combinations(bodies, 2))


def test_the_readme_shows_a_sample_exactly_as_the_composer_writes_it():
    readme = (settings.BASE_DIR / "README.md").read_text()
    shown = readme.split("## A thank-you draft, as written", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    facts = SAMPLES["panel-of-five"]
    draft = compose_note(facts=facts, person_key=facts.people[0].key, tone="formal")
    assert " ".join(shown.split()) == " ".join(f"Subject: {draft.subject} {draft.body}".split())
