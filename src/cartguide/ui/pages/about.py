"""Important information: the disclaimer, what changed in this content version, its clinical
review (or plainly that there is none) and the clinic's own sign-off, this edition's version and
review date, and the sources with when each was last checked and its link or DOI as plain text
(the app opens no links)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QWidget

from cartguide import __version__
from cartguide.content import About, ClinicalReview, ContentIssue, Source, markup
from cartguide.content.model import SiteInfo, on_screen
from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.format import long_date
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.pages.home import fallback_title
from cartguide.ui.widgets.card import Card
from cartguide.ui.widgets.text import PlainLabel


def fallback_disclaimer() -> str:
    """Shown if the content's own disclaimer could not be read: the disclaimer never goes away."""
    return tr("This guide is for learning only. It is not medical advice. Decisions about "
              "treatment are made with your own care team.")


def not_reviewed_mark() -> QLabel:
    """The discreet mark a kiosk shows while its clinic has not signed off this content."""
    words = tr("Not yet reviewed by this clinic")
    mark = PlainLabel(words)
    mark.setObjectName("notReviewedMark")
    mark.setProperty("role", "muted")
    mark.setTextFormat(Qt.TextFormat.PlainText)
    mark.setAccessibleName(words)
    return mark


def staff_notes(issues: Sequence[ContentIssue],
                settings_issues: Sequence[ContentIssue] = ()) -> list[str]:
    """What staff should know: content that did not load (``validate``), and problems in the
    site settings (``check-config``), each counted in words that fit the number."""
    notes = []
    content = [i for i in issues if i.severity == "error" and i not in settings_issues]
    if len(content) == 1:
        notes.append(tr("Some content could not be loaded (1 problem), so parts of the guide "
                        "may be missing. Run 'cartguide validate' to see it with its file and "
                        "line."))
    elif content:
        notes.append(tr(
            "Some content could not be loaded ({0} problems), so parts of the guide may be "
            "missing. Run 'cartguide validate' to see each problem with its file and line."
        ).format(len(content)))
    if len(settings_issues) == 1:
        notes.append(tr("The site settings have 1 problem, so a setting may use its default. "
                        "Run 'cartguide check-config' to see it with its file and line."))
    elif settings_issues:
        notes.append(tr("The site settings have {0} problems, so some settings may use their "
                        "defaults. Run 'cartguide check-config' to see each problem with its "
                        "file and line.").format(len(settings_issues)))
    return notes


def _reviewer(review: ClinicalReview) -> str:
    return (f"{review.reviewer_role}, {review.reviewer_name}" if review.reviewer_name
            else review.reviewer_role)


def review_lines(about: About, signoff: ClinicalReview | None, language: str) -> list[str]:
    """What the guide can honestly say about its clinical review, and the clinic's sign-off."""
    version = about.content_version
    lines = []
    review = about.clinical_review
    if review is not None and review.content_version == version:
        lines.append(tr("This content was reviewed clinically by {0} on {1}.").format(
            _reviewer(review), long_date(review.date, language)))
    elif review is not None:
        lines.append(tr("The last clinical review ({0}, {1}) was of content version {2}. This "
                        "version, {3}, has not been clinically signed off yet.").format(
            _reviewer(review), long_date(review.date, language), review.content_version,
            version))
    else:
        lines.append(tr("The content that comes with this guide has not been signed off by a "
                        "clinician."))
    if signoff is not None and signoff.content_version == version:
        lines.append(tr("This clinic signed it off: {0}, on {1}.").format(
            _reviewer(signoff), long_date(signoff.date, language)))
    elif signoff is not None:
        lines.append(tr("This clinic signed off content version {0} ({1}, on {2}), not this "
                        "version ({3}).").format(signoff.content_version, _reviewer(signoff),
                                                 long_date(signoff.date, language), version))
    else:
        lines.append(tr("This clinic has not recorded its own sign-off."))
    return lines


def source_line(source: Source, language: str) -> str:
    """'Title. Detail. Link-or-DOI Checked: date.' as plain text (no link leaves the app). A
    part that already ends with a full stop (. or 。) gets no second one; the link gets none."""
    chinese = language.startswith("zh")

    def sentence(text: str) -> str:
        text = text.strip()
        return text if text.endswith((".", "。", "!", "?", "\uff01", "\uff1f")) else (
            text + ("。" if chinese and not text.isascii() else "."))

    parts = [sentence(source.title), sentence(source.detail)]
    if source.url:
        parts.append(source.url.strip())
    if source.checked:
        parts.append(tr("Checked: {0}.").format(long_date(source.checked, language)))
    line = parts[0]
    for part in parts[1:]:  # no space after a Chinese full stop
        line += ("" if line.endswith(("。", "\uff01", "\uff1f")) else " ") + part
    return line


def clinic_logo(site: SiteInfo, height: int = 96) -> QLabel | None:
    """The clinic's logo from its site layer (PNG or SVG bytes, read by the loader)."""
    if site.logo is None:
        return None
    pixmap = QPixmap()
    if site.logo_format == "svg":
        renderer = QSvgRenderer(QByteArray(site.logo))
        if not renderer.isValid():
            return None
        size = renderer.defaultSize()
        width = max(1, round(size.width() * height / max(1, size.height())))
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        pixmap = QPixmap.fromImage(image)
    elif not pixmap.loadFromData(site.logo) or pixmap.isNull():
        return None
    label = PlainLabel()
    label.setObjectName("clinicLogo")
    label.setPixmap(pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation))
    words = tr("Logo of {0}").format(site.name) if site.name else tr("Logo of your clinic")
    label.setAccessibleName(words)
    return label


def clinic_card(ctx: PageContext, site: SiteInfo) -> Card:
    """Which parts of the guide the clinic wrote (its site layer), with its name and logo."""
    heading = tr("Written by your clinic")
    lead = (tr("{0} wrote or changed these parts of the guide:").format(site.name)
            if site.name else tr("Your clinic wrote or changed these parts of the guide:"))
    card = Card(ctx, heading, icon_name="note", paragraphs=(lead,) if site.parts else (),
                items=site.parts)
    card.setObjectName("card")
    card.setAccessibleName(heading)
    logo = clinic_logo(site)
    layout = card.layout()
    if logo is not None and layout is not None:
        layout.addWidget(logo)
    return card


class AboutPage(ScrollPage):
    key = "about"

    def __init__(self, ctx: PageContext, issues: Sequence[ContentIssue] = (),
                 parent: QWidget | None = None, *,
                 settings_issues: Sequence[ContentIssue] = ()) -> None:
        super().__init__(ctx, parent)
        about = ctx.guide.about
        if about is None:
            self.add_heading(fallback_title("about"))
            self.column.addWidget(ctx.label(fallback_disclaimer(), role="lead"))
        else:
            self.add_heading(about.title)
            if ctx.show_not_reviewed_mark:
                self.column.addWidget(not_reviewed_mark())
            self.add_hero(about.illustration, (about.disclaimer_line,))
            for block in on_screen(about.sections):
                self.column.addWidget(Card.from_block(ctx, block, icon_name="info"))
            from cartguide.ui.pages.side_effects import clinic_contact_line

            contact = clinic_contact_line(ctx)
            if contact or ctx.clinic_name:
                card = Card(ctx, tr("Contact"), icon_name="phone",
                            paragraphs=(contact or ctx.clinic_name,))
                card.setAccessibleName(tr("Contact"))
                self.column.addWidget(card)
            site = ctx.guide.site
            if site is not None and (site.parts or site.name or site.logo):
                self.column.addWidget(clinic_card(ctx, site))
            if about.what_changed:
                heading = tr("What changed in version {0}").format(about.content_version)
                changed = Card(ctx, heading, icon_name="note", items=about.what_changed)
                changed.setAccessibleName(heading)
                self.column.addWidget(changed)
            review = Card(ctx, tr("Clinical review"), icon_name="review",
                          paragraphs=review_lines(about, ctx.clinical_signoff,
                                                  ctx.guide.language))
            review.setAccessibleName(tr("Clinical review"))
            self.column.addWidget(review)
            edition = Card(
                ctx,
                tr("About this edition"),
                icon_name="check",
                items=(
                    tr("Content version: {0}").format(about.content_version),
                    tr("Sources last checked: {0}").format(
                        long_date(about.review_date, ctx.guide.language)),
                    tr("App version: {0}").format(__version__),
                ),
            )
            edition.setAccessibleName(tr("About this edition"))
            self.column.addWidget(edition)
            if about.sources:
                sources = Card(ctx, tr("Sources"), icon_name="sources",
                               items=[source_line(s, ctx.guide.language)
                                      for s in about.sources])
                sources.setAccessibleName(tr("Sources"))
                self.column.addWidget(sources)
        notes = staff_notes(issues, settings_issues)
        if notes:
            staff = Card(ctx, tr("For staff"), icon_name="warning", paragraphs=tuple(notes))
            self.column.addWidget(staff)

    @property
    def title(self) -> str:
        about = self.ctx.guide.about
        return markup.plain(about.title, self.ctx.term_name) if about else fallback_title("about")
