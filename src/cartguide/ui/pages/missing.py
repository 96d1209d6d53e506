"""Shown in place of a section whose content could not be loaded: calm, and a way home."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.pages.home import fallback_title


class MissingSectionPage(ScrollPage):
    def __init__(self, ctx: PageContext, key: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.key = key
        self.add_heading(fallback_title(key))
        self.column.addWidget(ctx.label(tr(
            "This part of the guide is not available right now. Please ask a member of staff, "
            "or choose another part of the guide from the home page."), role="lead"))

    @property
    def title(self) -> str:
        return fallback_title(self.key)
