import re

from django import forms

from .engines import QUERY_MAX_CHARACTERS
from .kinds import KINDS

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SearchForm(forms.Form):
    """The search box. Nothing typed is refused: a long text is searched by its start, and characters that cannot be
    searched (quotes, %, operators, control characters) are left out, so any input gives results or "nothing
    found"."""

    q = forms.CharField(label="Search", required=False, strip=True)
    kind = forms.ChoiceField(
        label="Only", required=False, choices=[("", "Everything"), *((k.key, k.label) for k in KINDS)]
    )

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = data.copy()
            data["q"] = _CONTROL.sub("", data.get("q", ""))[:QUERY_MAX_CHARACTERS]
            if data.get("kind") not in {k.key for k in KINDS}:
                data["kind"] = ""
        super().__init__(data, **kwargs)
