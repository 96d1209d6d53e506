"""The guide's content: a Qt-free model and the loader that validates YAML into it."""

from cartguide.content.library import GuideLibrary
from cartguide.content.loader import (
    MAX_FILE_BYTES,
    ContentIssue,
    LoadResult,
    compare_languages,
    load_guide,
)
from cartguide.content.model import (
    About,
    Block,
    Evaluation,
    Event,
    Glossary,
    Guide,
    Home,
    Illustration,
    Question,
    Quiz,
    SideEffects,
    Source,
    Step,
    Steps,
    Story,
    Term,
)

__all__ = [
    "MAX_FILE_BYTES",
    "About",
    "Block",
    "ContentIssue",
    "Evaluation",
    "Event",
    "Glossary",
    "Guide",
    "GuideLibrary",
    "Home",
    "Illustration",
    "LoadResult",
    "Question",
    "Quiz",
    "SideEffects",
    "Source",
    "Step",
    "Steps",
    "Story",
    "Term",
    "compare_languages",
    "load_guide",
]
