"""Qt's translation system, fed from ``content/<language>/ui.yaml`` instead of compiled .qm files.

Code asks for its words through ``self.tr()`` and ``QCoreApplication.translate()`` as usual;
this translator answers from the language's catalog. Educators edit one YAML file beside the
content, ``cartguide validate`` lists anything missing, and nothing has to be compiled.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from cartguide import ui_strings

log = logging.getLogger(__name__)


class CatalogTranslator(QTranslator):
    def __init__(self, catalog: dict[str, str], language: str) -> None:
        super().__init__()
        self._catalog = catalog
        self._language = language

    def language(self) -> str:
        return self._language

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return not self._catalog

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        # Not in the catalog: answer with the source text itself. Never "": Qt takes an empty
        # string as a translation and would blank out its own words (page-size names among
        # them). Never None: PySide then corrupts None's reference count and the interpreter
        # dies at exit. The source is exactly what "not translated" shows.
        return self._catalog.get(source, source)


_installed: CatalogTranslator | None = None


def install(language_folder: Path, language: str) -> None:
    """Make ``language`` the UI language (English needs no catalog)."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        return
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    catalog, issues = ui_strings.load_catalog(language_folder / ui_strings.CATALOG_FILE)
    for issue in issues:
        log.warning("ui catalog: %s", issue)
    if catalog:
        _installed = CatalogTranslator(catalog, language)
        app.installTranslator(_installed)
