"""All the languages of one content folder, each loaded when first wanted and then kept."""

from __future__ import annotations

import logging
from pathlib import Path

from cartguide import resources
from cartguide.content.loader import LoadResult, load_guide
from cartguide.content.site import SiteLayer

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"


class GuideLibrary:
    """``root`` holds language folders (``en/``, ``zh_CN/``), or is itself one language folder."""

    def __init__(self, root: Path | None = None,
                 illustrations: frozenset[str] | None = None, site: Path | None = None) -> None:
        root = resources.content_root() if root is None else Path(root)
        #: a clinic's site layer merged over every language (content/site.py), or None
        self.site = Path(site) if site is not None else None
        if (root / "home.yaml").exists():
            self._folders = {root.name: root}
        else:
            self._folders = {lang: root / lang for lang in resources.available_languages(root)}
        self._illustrations = (resources.illustration_names() if illustrations is None
                               else illustrations)
        self._loaded: dict[str, LoadResult] = {}

    @property
    def languages(self) -> list[str]:
        """Available languages, the default first."""
        return sorted(self._folders, key=lambda lang: (lang != DEFAULT_LANGUAGE, lang))

    def folder(self, language: str) -> Path:
        return self._folders[language]

    def match(self, wanted: str | None) -> str | None:
        """The language ``wanted`` names, if one does: exactly, in any case, with ``-`` or
        ``_`` (``zh-cn``), or by a prefix only one language has (``zh`` is zh_CN; ``z`` too,
        while no other language starts with it)."""
        if not wanted:
            return None
        if wanted in self._folders:
            return wanted
        key = wanted.strip().replace("-", "_").lower()
        exact = [lang for lang in self._folders if lang.lower() == key]
        if exact:
            return exact[0]
        prefixed = [lang for lang in self._folders if lang.lower().startswith(key)]
        return prefixed[0] if len(prefixed) == 1 else None

    def not_found(self, wanted: str, used: str) -> str:
        """The one message for a language that is not there (the app and every command)."""
        return (f"Language '{wanted}' not found (have: {', '.join(self.languages) or 'none'}); "
                f"using '{used}'.")

    def resolve(self, wanted: str | None) -> str:
        """The language ``wanted`` names (see :meth:`match`), else the default language (or
        the first there is)."""
        found = self.match(wanted)
        if found is not None:
            return found
        fallback = (DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in self._folders
                    else (self.languages or [DEFAULT_LANGUAGE])[0])
        if wanted is not None:
            log.warning("%s", self.not_found(wanted, fallback))
        return fallback

    @property
    def folders(self) -> list[Path]:
        return [self._folders[lang] for lang in self.languages]

    def reload(self) -> None:
        """Forget what was loaded: the next load() reads the files again (authoring)."""
        self._loaded.clear()

    def load(self, language: str) -> LoadResult:
        if language not in self._loaded:
            folder = self._folders.get(language, Path(language))
            layer = SiteLayer(self.site, language) if self.site is not None else None
            result = load_guide(folder, illustrations=self._illustrations, language=language,
                                layer=layer)
            for issue in result.issues:
                log.warning("content: %s", issue)
            self._loaded[language] = result
        return self._loaded[language]
