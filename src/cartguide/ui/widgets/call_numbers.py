"""Whom to call, large: the clinic's 24-hour phone and the emergency number (never a blank).

One widget for the side-effects page's urgent panel and the "Warning signs · who to call"
dialog, so both always say the same thing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from cartguide.emergency import Contacts
from cartguide.i18n import tr
from cartguide.ui.context import PageContext
from cartguide.ui.widgets.text import PlainLabel, WrappingLabel


def contacts_of(ctx: PageContext) -> Contacts:
    """The numbers to call: the site's settings, else the content's emergency number."""
    about = ctx.guide.about
    content_number = (about.emergency_number or "") if about else ""
    return Contacts(ctx.clinic_name.strip(), ctx.clinic_phone.strip(),
                    ctx.emergency_number.strip() or content_number.strip())


class CallNumbers(QFrame):
    """The phone number in large type on its own line, with what it is above it; then what
    to do when the team cannot be reached."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callNumbers")
        self.contacts = contacts = contacts_of(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(4)
        who = WrappingLabel(contacts.clinic_label())
        who.setProperty("role", "h3")
        layout.addWidget(who)
        if contacts.clinic_phone:
            phone = PlainLabel(contacts.clinic_phone)
            phone.setProperty("role", "phone")  # large, and a face with a plain zero
            phone.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            phone.setAccessibleName(tr("Phone number: {0}").format(contacts.clinic_phone))
            self.phone: QLabel | None = phone
        else:
            phone = WrappingLabel(tr("Ask your care team for their 24-hour phone number, and "
                                     "keep it by your phone."))
            self.phone = None
        layout.addWidget(phone)
        emergency = WrappingLabel(contacts.emergency_line())
        emergency.setProperty("role", "emergency")
        layout.addWidget(emergency)
        self.setAccessibleName(" ".join(w.text() for w in (who, phone, emergency)))
