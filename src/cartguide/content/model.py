"""The guide as typed, immutable data. No Qt here: pages are given these objects and render them.

The field types double as the content schema: the loader reads each section file into the
dataclass named for it, field by field, and rejects anything else. The special text types below
tell the loader what to check besides "is this text".
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, NewType

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
#: Where a block appears: ``both`` (the default), ``screen`` only or ``print`` only.
Show = NewType("Show", str)
#: How a block's boxed note looks: ``note`` (the default, calm) or ``warning`` (the warning-signs
#: look: for anything that says to call at once).
CalloutKind = NewType("CalloutKind", str)
#: A section of home (``sections.yaml``): a special section's key or a topic's id.
SectionKey = NewType("SectionKey", str)

SHOW_VALUES = ("both", "screen", "print")
CALLOUT_KINDS = ("note", "warning")
#: The sections with their own file and layout; any other section key is a topic.
SPECIAL_SECTIONS = ("steps", "story", "evaluation", "side_effects", "glossary", "about")
#: Home's order when a language folder has no ``sections.yaml`` (content before 1.1).
DEFAULT_START = "steps"
DEFAULT_SECTIONS = ("story", "evaluation", "side_effects", "glossary", "about")
SECTIONS_FILE = "sections.yaml"
TOPICS_FOLDER = "topics"
#: What a topic's icon on home means: one of :data:`TOPIC_ICONS`.
TopicIcon = NewType("TopicIcon", str)
#: The meanings a topic may give its icon on home (``icon: trial``); the UI draws each one
#: (``cartguide.ui.icons``: ``topic_<meaning>``). A topic without ``icon`` gets the generic one.
TOPIC_ICONS = ("home", "trial", "support", "medicine", "food", "travel", "money", "family",
               "questions", "phone")


#: The most steps a walkthrough may have (docs/content-format.md).
MAX_STEPS = 20


def min_items(count: int) -> dict[str, int]:
    """Field metadata: a list that must hold at least ``count`` items."""
    return {"min_items": count}


@dataclass(frozen=True, slots=True)
class Illustration:
    name: IllustrationName
    alt: Text


@dataclass(frozen=True, slots=True)
class Block:
    """A heading with paragraphs, a bullet list and/or a boxed note, and their sources."""

    heading: Text
    id: Id | None = None
    paragraphs: tuple[Text, ...] = ()
    items: tuple[Text, ...] = ()
    callout: Text | None = None
    callout_kind: CalloutKind = CalloutKind("note")
    illustration: Illustration | None = None
    show: Show = Show("both")
    sources: tuple[SourceId, ...] = ()

    @property
    def on_screen(self) -> bool:
        """Shown on screen (``show: both`` or ``screen``)."""
        return self.show != "print"

    @property
    def on_paper(self) -> bool:
        """Printed (``show: both`` or ``print``)."""
        return self.show != "screen"


def on_screen(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    return tuple(b for b in blocks if b.on_screen)


def on_paper(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    return tuple(b for b in blocks if b.on_paper)


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
    url: Plain | None = None  # a link or DOI, shown as plain text (never a link out of the app)
    checked: IsoDate | None = None  # when someone last checked it


@dataclass(frozen=True, slots=True)
class ClinicalReview:
    """Who signed off the content clinically, and for which content version."""

    reviewer_role: Plain
    date: IsoDate
    content_version: Plain
    reviewer_name: Plain | None = None


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
    # At most 20: more steps than a walkthrough can show (red-team B13; the strip scrolls anyway).
    steps: tuple[Step, ...] = field(metadata={**min_items(1), "max_items": MAX_STEPS})
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
    studies: tuple[Block, ...] = ()  # "What the studies found": the numbers, opened on request


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
    studies: tuple[Block, ...] = ()  # "What the studies found": the numbers, opened on request
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
    what_changed: tuple[Text, ...] = ()  # for this content version
    clinical_review: ClinicalReview | None = None  # None: not clinically signed off
    #: The local emergency number for this language's readers (zh_CN: 120); a site setting
    #: of the same name wins. None: print "your local emergency number".
    emergency_number: Plain | None = None

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


@dataclass(frozen=True, slots=True)
class Topic:
    """A general section (``topics/<id>.yaml``): blocks and an optional quiz, no code needed."""

    title: Text
    blurb: Text
    blocks: tuple[Block, ...] = field(metadata=min_items(1))
    illustration: Illustration | None = None
    #: the icon on its home tile, by meaning (one of TOPIC_ICONS); None: the generic topic icon
    icon: TopicIcon | None = None
    intro: tuple[Text, ...] = ()
    quiz: Quiz | None = None


@dataclass(frozen=True, slots=True)
class SectionOrder:
    """``sections.yaml``: home's one large start action, then the other sections in order."""

    sections: tuple[SectionKey, ...] = field(metadata=min_items(1))
    start: SectionKey = SectionKey(DEFAULT_START)


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """The clinic's site layer, as applied: its name and logo, and which parts it wrote."""

    name: str | None = None
    logo: bytes | None = None  # PNG or SVG bytes, read with a size cap by the loader
    logo_format: str | None = None  # "png" or "svg"
    #: what the clinic wrote or changed, for people ("How CAR-T treatment works: Collecting ...")
    parts: tuple[str, ...] = ()


#: Special section key -> (file name, model class).
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
    #: home's primary action and then its list of sections (special keys and topic ids)
    start: str = DEFAULT_START
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    #: topic id -> topic, every topic file that loaded (listed in ``sections`` or not)
    topics: dict[str, Topic] = field(default_factory=dict)
    #: the clinic's site layer, when one is applied (content/site.py)
    site: SiteInfo | None = None

    @property
    def home_sections(self) -> tuple[str, ...]:
        """Start first, then the list: every section home offers, in order."""
        return (self.start, *(k for k in self.sections if k != self.start))

    @property
    def topic_order(self) -> tuple[str, ...]:
        """The topics home offers, in its order."""
        return tuple(k for k in self.home_sections if k in self.topics)

    def section(self, key: str) -> Any:
        """The model of a special section (``story``) or a topic (``at-home``), or None."""
        if key in SPECIAL_SECTIONS or key == "home":
            return getattr(self, key)
        return self.topics.get(key)

    def illustrations(self) -> list[Illustration]:
        """Every illustration the guide names (sections, steps, topics, blocks), in order."""
        found: list[Illustration] = []

        def walk(value: object) -> None:
            if isinstance(value, Illustration):
                found.append(value)
            elif isinstance(value, tuple):
                for item in value:
                    walk(item)
            elif dataclasses.is_dataclass(value) and not isinstance(value, type):
                for f in dataclasses.fields(value):
                    walk(getattr(value, f.name))

        for key in ("home", *SPECIAL_SECTIONS):
            walk(getattr(self, key))
        for topic_id in sorted(self.topics):
            walk(self.topics[topic_id])
        return found

    def term(self, term_id: str) -> Term | None:
        return self.glossary.find(term_id) if self.glossary else None

    def source(self, source_id: str) -> Source | None:
        return self.about.source(source_id) if self.about else None
