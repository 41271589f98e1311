"""The matching words of a result marked with <mark>, in a short excerpt around the first of them. Every piece of
user text is escaped before the marks go around it, so a result can never carry markup of its own."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

EXCERPT_BEFORE = 60
EXCERPT_LENGTH = 220


def terms_pattern(terms: list[str]) -> re.Pattern | None:
    """A word that starts with one of the terms, case ignored: the same words the engines matched."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def marked(text: str, pattern: re.Pattern | None) -> SafeString:
    """`text` escaped, with each match of `pattern` in a <mark>."""
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def excerpt(texts: list[str], pattern: re.Pattern | None) -> SafeString:
    """The part of the first text with a match (or the start of the first non-empty text), cut near word
    boundaries, marked."""
    texts = [" ".join(str(text).split()) for text in texts if text]
    if not texts:
        return mark_safe("")
    chosen, start = texts[0], 0
    for text in texts:
        found = pattern.search(text) if pattern else None
        if found:
            chosen, start = text, max(0, found.start() - EXCERPT_BEFORE)
            break
    if start:
        space = chosen.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = start + EXCERPT_LENGTH
    if end < len(chosen):
        space = chosen.rfind(" ", start, end)
        end = space if space > start + EXCERPT_LENGTH // 2 else end
    piece = chosen[start:end]
    prefix = "…" if start else ""
    suffix = "…" if end < len(chosen) else ""
    return mark_safe(escape(prefix) + marked(piece, pattern) + escape(suffix))
