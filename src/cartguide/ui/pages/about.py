"""Important information: the disclaimer, this edition's version and review date, and sources."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from cartguide import __version__
from cartguide.content import ContentIssue, markup
from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.format import long_date
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.pages.home import fallback_title
from cartguide.ui.pages.side_effects import clinic_contact_line
from cartguide.ui.widgets.card import Card


def fallback_disclaimer() -> str:
    """Shown if the content's own disclaimer could not be read: the disclaimer never goes away."""
    return tr("This guide is for learning only. It is not medical advice. Decisions about "
              "treatment are made with your own care team.")


class AboutPage(ScrollPage):
    key = "about"

    def __init__(self, ctx: PageContext, issues: Sequence[ContentIssue] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        about = ctx.guide.about
        if about is None:
            self.add_heading(fallback_title("about"))
            self.column.addWidget(ctx.label(fallback_disclaimer(), role="lead"))
        else:
            self.add_heading(about.title)
            self.add_hero(about.illustration, (about.disclaimer_line,))
            for block in about.sections:
                self.column.addWidget(Card.from_block(ctx, block, icon_name="info"))
            contact = clinic_contact_line(ctx)
            if contact or ctx.clinic_name:
                card = Card(ctx, tr("Contact"), icon_name="phone",
                            paragraphs=(contact or ctx.clinic_name,))
                card.setAccessibleName(tr("Contact"))
                self.column.addWidget(card)
            edition = Card(
                ctx,
                tr("About this edition"),
                icon_name="check",
                items=(
                    tr("Content version: {0}").format(about.content_version),
                    tr("Last reviewed: {0}").format(
                        long_date(about.review_date, ctx.guide.language)),
                    tr("App version: {0}").format(__version__),
                ),
            )
            edition.setAccessibleName(tr("About this edition"))
            self.column.addWidget(edition)
            if about.sources:
                sources = Card(ctx, tr("Sources"), icon_name="sources",
                               items=[f"{s.title}. {s.detail}" for s in about.sources])
                sources.setAccessibleName(tr("Sources"))
                self.column.addWidget(sources)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            staff = Card(ctx, tr("For staff"), icon_name="warning", paragraphs=(tr(
                "Some content could not be loaded ({0} problems), so parts of the guide may be "
                "missing. Run 'cartguide validate' to see each problem with its file and line."
            ).format(len(errors)),))
            self.column.addWidget(staff)

    @property
    def title(self) -> str:
        about = self.ctx.guide.about
        return markup.plain(about.title, self.ctx.term_name) if about else fallback_title("about")
