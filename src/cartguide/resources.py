"""Where the bundled content and resources live, installed or from a checkout.

Everything the app reads from disk is found here and nowhere else. In an installed wheel the
top-level ``content/`` and ``resources/`` folders ship as ``cartguide/_data/``; in a source
checkout (or an editable install) they are read from the project root.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def data_root() -> Path:
    """The folder that holds ``content/`` and ``resources/``."""
    packaged = resources.files("cartguide") / "_data"
    if packaged.is_dir():
        return Path(str(packaged))
    # Source checkout: src/cartguide/resources.py -> project root.
    return Path(__file__).resolve().parents[2]


def content_root() -> Path:
    """The bundled content folder, holding one sub-folder per language."""
    return data_root() / "content"


def resources_dir() -> Path:
    return data_root() / "resources"


def illustrations_dir() -> Path:
    return resources_dir() / "illustrations"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


def _safe_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not a resource name: {name!r}")
    return name


def illustration_path(name: str, language: str | None = None) -> Path:
    """The SVG file for an illustration name such as ``step-infusion``: the language's own
    drawing where it has one (``illustrations/zh_CN/NAME.svg``: settings its readers know),
    else the shared one."""
    file = f"{_safe_name(name)}.svg"
    if language and _LANGUAGE.match(language):
        own = illustrations_dir() / language / file
        if own.is_file():
            return own
    return illustrations_dir() / file


def illustration_bytes(name: str, language: str | None = None) -> bytes:
    """The SVG of an illustration, read safely (a regular file, at most 2 MiB).

    Raises ValueError for a name that is not allowed, OSError (with a reason in words: see
    :mod:`cartguide.safe_read`) for a missing, special or oversized file. The drawing is
    handed to Qt as bytes, so Qt never opens a path itself.
    """
    from cartguide import safe_read

    return safe_read.read(illustration_path(name, language), "svg")


def font_bytes(path: Path) -> bytes:
    """A bundled font file, read safely (a regular file, at most 32 MiB)."""
    from cartguide import safe_read

    return safe_read.read(path, "font")


def illustration_names() -> frozenset[str]:
    """Names of all bundled illustrations (file names without ``.svg``)."""
    folder = illustrations_dir()
    if not folder.is_dir():
        return frozenset()
    return frozenset(p.stem for p in folder.glob("*.svg"))


def font_files() -> list[Path]:
    folder = fonts_dir()
    if not folder.is_dir():
        return []
    return sorted([*folder.glob("*.ttf"), *folder.glob("*.otf")])


def available_languages(root: Path | None = None) -> list[str]:
    """Language folders (``en``, ``zh_CN``, ...) under a content root."""
    root = content_root() if root is None else root
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "home.yaml").exists())
