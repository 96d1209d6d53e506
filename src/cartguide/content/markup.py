"""The one piece of markup in content text: glossary links ``[[term-id]]``, ``[[term-id|words]]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

LINK = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
#: What HTML or XML looks like: "<" right before a letter, "/", "!" or "?" (<img, </a, <!--).
_TAG = re.compile(r"<[A-Za-z/!?]")


def html_like(text: str) -> str | None:
    """The start of the first HTML-looking tag in ``text`` (e.g. ``"<img"``), or None.

    The guide shows every string as plain text, so a tag would appear literally on screen;
    and a mistake here once made Qt read files named in the text (kiosk red-team B3).
    """
    match = _TAG.search(text)
    if match is None:
        return None
    return re.match(r"<[/!?]?[A-Za-z0-9-]*", text[match.start():]).group(0)  # type: ignore[union-attr]


def html_like_message(text: str) -> str | None:
    """An error message for HTML-looking text, or None."""
    tag = html_like(text)
    if tag is None:
        return None
    return (f"looks like HTML or XML ('{tag}'). Content and translations are plain text: "
            "remove the tag (write '<' only before a space or a digit).")


@dataclass(frozen=True, slots=True)
class Link:
    term_id: str
    words: str | None  # None: show the term's own name


def segments(text: str) -> Iterator[str | Link]:
    """Split text into plain strings and links, in reading order."""
    pos = 0
    for match in LINK.finditer(text):
        if match.start() > pos:
            yield text[pos : match.start()]
        words = match.group(2)
        yield Link(match.group(1).strip(), words.strip() if words is not None else None)
        pos = match.end()
    if pos < len(text):
        yield text[pos:]


def link_ids(text: str) -> list[str]:
    return [s.term_id for s in segments(text) if isinstance(s, Link)]


def stray_brackets(text: str) -> bool:
    """True when ``[[`` or ``]]`` remain after removing well-formed links."""
    rest = LINK.sub("", text)
    return "[[" in rest or "]]" in rest


def plain(text: str, term_name: Callable[[str], str | None] = lambda _id: None) -> str:
    """The text as a reader sees it, links replaced by their words (or the term's name)."""
    parts: list[str] = []
    for seg in segments(text):
        if isinstance(seg, Link):
            parts.append(seg.words or term_name(seg.term_id) or seg.term_id.replace("-", " "))
        else:
            parts.append(seg)
    return "".join(parts)
