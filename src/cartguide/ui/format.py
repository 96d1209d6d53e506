"""Dates and other values, shown the way a reader of the current language expects."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale

_DATE_FORMATS = {"zh": "yyyy年M月d日"}


def long_date(iso: str, language: str) -> str:
    """``2026-11-25`` -> ``25 November 2026`` (or the language's own long form)."""
    date = QDate.fromString(iso, "yyyy-MM-dd")
    if not date.isValid():
        return iso
    fmt = _DATE_FORMATS.get(language.split("_")[0], "d MMMM yyyy")
    return QLocale(language).toString(date, fmt)
