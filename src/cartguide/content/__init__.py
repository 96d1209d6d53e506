"""The guide's content: a Qt-free model and the loader that validates YAML into it."""

from cartguide.content.loader import MAX_FILE_BYTES, ContentIssue, LoadResult, load_guide
from cartguide.content.model import (
    About,
    Block,
    Evaluation,
    Event,
    Glossary,
    Guide,
    Home,
    Illustration,
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
    "Home",
    "Illustration",
    "LoadResult",
    "SideEffects",
    "Source",
    "Step",
    "Steps",
    "Story",
    "Term",
    "load_guide",
]
