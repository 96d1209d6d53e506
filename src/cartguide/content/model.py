"""The guide as typed, immutable data. No Qt here: pages are given these objects and render them.

The field types double as the content schema: the loader reads each section file into the
dataclass named for it, field by field, and rejects anything else. The special text types below
tell the loader what to check besides "is this text".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NewType

#: Patient-facing text. May hold glossary links: ``[[term-id]]`` or ``[[term-id|words shown]]``.
Text = NewType("Text", str)
#: Lowercase words joined by hyphens, unique within their list.
Id = NewType("Id", str)
#: The id of a source defined in ``about.yaml``.
SourceId = NewType("SourceId", str)
#: The name of an SVG in ``resources/illustrations`` (without ``.svg``).
IllustrationName = NewType("IllustrationName", str)
#: A calendar date written ``YYYY-MM-DD``.
IsoDate = NewType("IsoDate", str)
#: Short plain text with no glossary links (versions, language codes, labels).
Plain = NewType("Plain", str)
#: A whole number written as text, counting from 1 (e.g. which choice is right).
Number = NewType("Number", int)


def min_items(count: int) -> dict[str, int]:
    """Field metadata: a list that must hold at least ``count`` items."""
    return {"min_items": count}


@dataclass(frozen=True, slots=True)
class Illustration:
    name: IllustrationName
    alt: Text


@dataclass(frozen=True, slots=True)
class Block:
    """A heading with paragraphs and/or a bullet list, and the sources of what it states."""

    heading: Text
    id: Id | None = None
    paragraphs: tuple[Text, ...] = ()
    items: tuple[Text, ...] = ()
    sources: tuple[SourceId, ...] = ()


@dataclass(frozen=True, slots=True)
class Step:
    id: Id
    title: Text
    short_title: Plain
    illustration: Illustration
    what_happens: tuple[Text, ...] = field(metadata=min_items(1))
    who: tuple[Text, ...] = field(metadata=min_items(1))
    time: tuple[Text, ...] = field(metadata=min_items(1))
    prepare: tuple[Text, ...] = field(metadata=min_items(1))
    watch_for: tuple[Text, ...] = field(metadata=min_items(1))
    sources: tuple[SourceId, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    id: Id
    when: Plain
    title: Text
    text: tuple[Text, ...] = field(metadata=min_items(1))
    sources: tuple[SourceId, ...] = ()


@dataclass(frozen=True, slots=True)
class Term:
    id: Id
    term: Plain
    definition: tuple[Text, ...] = field(metadata=min_items(1))
    sources: tuple[SourceId, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    id: Id
    title: Plain
    detail: Plain


@dataclass(frozen=True, slots=True)
class Question:
    """One 'check your understanding' question: nothing is scored or kept."""

    id: Id
    question: Text
    choices: tuple[Text, ...] = field(metadata=min_items(2))
    answer: Number  # which choice is right, counting from 1
    explanation: tuple[Text, ...] = field(metadata=min_items(1))
    sources: tuple[SourceId, ...] = ()


@dataclass(frozen=True, slots=True)
class Quiz:
    heading: Text
    questions: tuple[Question, ...] = field(metadata=min_items(1))
    intro: tuple[Text, ...] = ()


@dataclass(frozen=True, slots=True)
class Home:
    title: Text
    blurb: Text
    illustration: Illustration
    app_title: Plain
    welcome: tuple[Text, ...] = field(metadata=min_items(1))


@dataclass(frozen=True, slots=True)
class Steps:
    title: Text
    blurb: Text
    illustration: Illustration
    intro: tuple[Text, ...]
    steps: tuple[Step, ...] = field(metadata=min_items(1))
    quiz: Quiz | None = None


@dataclass(frozen=True, slots=True)
class Story:
    title: Text
    blurb: Text
    illustration: Illustration
    experience_note: Text
    intro: tuple[Text, ...]
    timeline: tuple[Event, ...] = field(metadata=min_items(1))
    after: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True)
class Evaluation:
    title: Text
    blurb: Text
    illustration: Illustration
    note: Text
    intro: tuple[Text, ...]
    checks: tuple[Block, ...] = field(metadata=min_items(1))
    bring: Block | None = None
    questions: Block | None = None


@dataclass(frozen=True, slots=True)
class SideEffects:
    title: Text
    blurb: Text
    illustration: Illustration
    intro: tuple[Text, ...]
    call_now: Block
    effects: tuple[Block, ...] = ()
    quiz: Quiz | None = None


@dataclass(frozen=True, slots=True)
class Glossary:
    title: Text
    blurb: Text
    illustration: Illustration
    intro: tuple[Text, ...]
    terms: tuple[Term, ...] = field(metadata=min_items(1))

    def find(self, term_id: str) -> Term | None:
        return next((t for t in self.terms if t.id == term_id), None)


@dataclass(frozen=True, slots=True)
class About:
    title: Text
    blurb: Text
    illustration: Illustration
    language: Plain
    content_version: Plain
    review_date: IsoDate
    disclaimer_line: Text
    sections: tuple[Block, ...] = field(metadata=min_items(1))
    sources: tuple[Source, ...] = ()

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


#: Section key -> (file name, model class). The order is the home page's order.
SECTION_FILES: dict[str, tuple[str, type]] = {
    "home": ("home.yaml", Home),
    "steps": ("steps.yaml", Steps),
    "story": ("story.yaml", Story),
    "evaluation": ("evaluation.yaml", Evaluation),
    "side_effects": ("side_effects.yaml", SideEffects),
    "glossary": ("glossary.yaml", Glossary),
    "about": ("about.yaml", About),
}


@dataclass(frozen=True, slots=True)
class Guide:
    """One language's whole guide. A section whose file could not be read is ``None``."""

    language: str
    home: Home | None = None
    steps: Steps | None = None
    story: Story | None = None
    evaluation: Evaluation | None = None
    side_effects: SideEffects | None = None
    glossary: Glossary | None = None
    about: About | None = None

    def term(self, term_id: str) -> Term | None:
        return self.glossary.find(term_id) if self.glossary else None

    def source(self, source_id: str) -> Source | None:
        return self.about.source(source_id) if self.about else None
