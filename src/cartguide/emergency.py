"""Whom to call: the clinic's 24-hour phone and the emergency number, decided in one place for
the screen and for print. Qt-free.

The clinic's phone comes only from the site settings (``contact_phone``). The emergency number
comes from the site settings (``emergency_number``), else from the content (``about.yaml``'s
``emergency_number``: zh_CN ships 120), else the words "your local emergency number" stand in
its place: a reader is never shown a blank where a number should be.
"""

from __future__ import annotations

from dataclasses import dataclass

from cartguide.config import Settings
from cartguide.content import Guide
from cartguide.i18n import tr


@dataclass(frozen=True, slots=True)
class Contacts:
    """The numbers to call. An empty string means "not set" (print a line to write it on)."""

    clinic_name: str = ""
    clinic_phone: str = ""
    emergency_number: str = ""

    @classmethod
    def of(cls, guide: Guide, settings: Settings) -> Contacts:
        content_number = guide.about.emergency_number if guide.about else None
        return cls(settings.clinic_name.strip(), settings.contact_phone.strip(),
                   (settings.emergency_number.strip() or (content_number or "").strip()))

    def emergency_words(self) -> str:
        """The emergency number, or the words that stand for it."""
        return self.emergency_number or tr("your local emergency number")

    def clinic_label(self) -> str:
        """'Your care team, day and night' with the clinic's name when it is known."""
        if self.clinic_name:
            return tr("{0}, day and night").format(self.clinic_name)
        return tr("Your care team, day and night")

    def emergency_line(self) -> str:
        """One line: what to do when the team cannot be reached."""
        if self.emergency_number:
            return tr("If you cannot reach them: call {0} for emergency help.").format(
                self.emergency_number)
        return tr("If you cannot reach them: call your local emergency number.")
