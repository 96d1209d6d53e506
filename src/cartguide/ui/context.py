"""What every page is given: the guide it shows and where its glossary links go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cartguide.content import ClinicalReview, Guide
from cartguide.ui.widgets.text import LinkRouter, TextLabel

if TYPE_CHECKING:
    from collections.abc import Iterable

    from PySide6.QtWidgets import QWidget

    from cartguide.ui.pages.base import ScrollAreaPool


@dataclass(frozen=True)
class PageContext:
    guide: Guide
    router: LinkRouter
    clinic_name: str = ""
    clinic_phone: str = ""
    #: the site's emergency number setting ("" : the content's, else words, never a blank)
    emergency_number: str = ""
    #: where pages get their touch-scrolling areas (None: each page makes a plain one)
    scroll_areas: ScrollAreaPool | None = None
    #: the site's own clinical sign-off (site settings), if any
    clinical_signoff: ClinicalReview | None = None
    #: an unattended kiosk (not a nurse's counselling window)
    kiosk: bool = False

    @property
    def clinic_signed_off(self) -> bool:
        """True when the site's sign-off is for the content version shown."""
        about = self.guide.about
        signoff = self.clinical_signoff
        return (signoff is not None and about is not None
                and signoff.content_version == about.content_version)

    @property
    def show_not_reviewed_mark(self) -> bool:
        """A kiosk showing content its clinic has not signed off marks it (discreetly)."""
        return self.kiosk and not self.clinic_signed_off

    def term_name(self, term_id: str) -> str | None:
        term = self.guide.term(term_id)
        return term.term if term else None

    def label(self, text: str, role: str = "body", parent: QWidget | None = None) -> TextLabel:
        """A label for content text, with working glossary links."""
        return TextLabel(text, role=role, router=self.router, term_name=self.term_name,
                         parent=parent)

    def source_titles(self, ids: Iterable[str]) -> list[str]:
        titles = []
        for source_id in ids:
            source = self.guide.source(source_id)
            titles.append(source.title if source else source_id)
        return titles
