from django.apps import AppConfig


class ComposerConfig(AppConfig):
    """The thank-you composer: the text of a note, and of the messages after an outcome, drafted from a debrief and
    checked before it goes. Above capture (it reads interviews), below follow-up (which stores the notes and calls
    it). No models of its own."""

    name = "composer"
