"""Every icon the app draws, by meaning. Widgets ask for ``icon("next")``, never a font name."""

from __future__ import annotations

import logging
from functools import cache

import qtawesome
from PySide6.QtGui import QColor, QIcon

from cartguide.ui import theme

log = logging.getLogger(__name__)

#: meaning -> Material Design Icons 6 name (one family throughout).
ICONS: dict[str, str] = {
    "home": "mdi6.home",
    "info": "mdi6.information-outline",
    "back": "mdi6.arrow-left",
    "next": "mdi6.arrow-right",
    "close": "mdi6.close",
    "steps": "mdi6.stairs-up",
    "story": "mdi6.account-heart-outline",
    "evaluation": "mdi6.clipboard-check-outline",
    "side_effects": "mdi6.alert-circle-outline",
    "glossary": "mdi6.book-alphabet",
    "about": "mdi6.information-outline",
    "who": "mdi6.account-group-outline",
    "time": "mdi6.clock-outline",
    "prepare": "mdi6.format-list-checks",
    "watch_for": "mdi6.eye-outline",
    "phone": "mdi6.phone",
    "warning": "mdi6.alert-outline",
    "question": "mdi6.comment-question-outline",
    "bring": "mdi6.bag-checked",
    "check": "mdi6.check-circle-outline",
    "sources": "mdi6.bookshelf",
    "note": "mdi6.information-outline",
    "text_size": "mdi6.format-size",
    "contrast": "mdi6.contrast-circle",
    "finish": "mdi6.restart",
    "lock": "mdi6.lock-outline",
    "language": "mdi6.translate",
    "play": "mdi6.play",
    "pause": "mdi6.pause",
    "stop": "mdi6.stop",
    "outline": "mdi6.format-list-bulleted",
    "print": "mdi6.printer",
    "topic": "mdi6.book-open-page-variant-outline",  # a topic section without its own icon
    # A topic's own icon (``icon: home`` in topics/<id>.yaml): "topic_" + each meaning in
    # cartguide.content.model.TOPIC_ICONS.
    "topic_home": "mdi6.home-heart",
    "topic_trial": "mdi6.file-sign",
    "topic_support": "mdi6.hand-heart-outline",
    "topic_medicine": "mdi6.pill",
    "topic_food": "mdi6.food-apple-outline",
    "topic_travel": "mdi6.bus",
    "topic_money": "mdi6.cash",
    "topic_family": "mdi6.human-male-female-child",
    "topic_questions": "mdi6.chat-question-outline",
    "topic_phone": "mdi6.phone-outline",
    "review": "mdi6.shield-check-outline",
    "open_part": "mdi6.chevron-down",  # shows a closed part (What the studies found)
    "close_part": "mdi6.chevron-up",
}


def icon(meaning: str, colour: str = "primary") -> QIcon:
    """The icon for a meaning, in a colour of the palette in force (``primary``, ...)."""
    return _icon(meaning, getattr(theme.palette(), colour))


@cache
def _icon(meaning: str, colour: str) -> QIcon:
    name = ICONS.get(meaning)
    if name is None:
        log.warning("no icon for %r", meaning)
        return QIcon()
    drawn: QIcon = qtawesome.icon(name, color=QColor(colour))
    return drawn
