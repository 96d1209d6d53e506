"""Switch the UI's words to a language: loads ``content/<language>/ui.yaml`` into
:mod:`cartguide.i18n` (pages are then rebuilt, and ask ``tr`` again)."""

from __future__ import annotations

import logging
from pathlib import Path

from cartguide import i18n, ui_strings

log = logging.getLogger(__name__)


def install(language_folder: Path, language: str) -> None:
    """Make ``language`` the UI language (English needs no catalog)."""
    catalog, issues = ui_strings.load_catalog(language_folder / ui_strings.CATALOG_FILE)
    for issue in issues:
        log.warning("ui catalog (%s): %s", language, issue)
    i18n.use_catalog(catalog)
