"""The UI's words in the reader's language: ``tr("Home")`` -> "首页" when Chinese is in use.

One mechanism for every button, label and message: the code writes English and calls ``tr``;
translations come from ``content/<language>/ui.yaml`` (see cartguide.ui_strings, which also
lets ``cartguide validate`` list anything untranslated). Qt's own QTranslator is deliberately
not subclassed: in PySide6 a Python override of QTranslator.translate loses a reference to
None on every call (measured: -1000 after 1000 calls), so a kiosk running in Chinese would in
time crash. A plain lookup has no such edge and leaves Qt's own words alone.
"""

from __future__ import annotations

_catalog: dict[str, str] = {}


def tr(text: str) -> str:
    """``text`` in the language in use (English, the code's own words, if no translation)."""
    return _catalog.get(text, text)


def use_catalog(catalog: dict[str, str]) -> None:
    """Switch every later ``tr`` call to this catalog (empty: English)."""
    global _catalog
    _catalog = dict(catalog)
