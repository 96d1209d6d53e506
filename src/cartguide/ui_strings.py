"""The UI's own words (buttons, labels, messages), found in the code, and their translations.

Code marks each string with ``tr("...")`` (cartguide.i18n). Translations live beside the
content, in ``content/<language>/ui.yaml``, a flat mapping from the English text to the
translation. This module is Qt-free so
``cartguide validate`` can check catalogs without a display.
"""

from __future__ import annotations

import ast
import string
from dataclasses import dataclass
from pathlib import Path

import yaml

from cartguide import safe_read
from cartguide.content import markup
from cartguide.content.loader import ContentIssue, read_yaml_nodes

CATALOG_FILE = "ui.yaml"
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class UiString:
    text: str
    path: Path
    line: int


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def extract(package: Path = _PACKAGE) -> list[UiString]:
    """Every string passed to ``tr(...)`` or ``translate(context, ...)`` in the package."""
    found: dict[str, UiString] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            # self.tr("..."), a module's own tr("..."), QCoreApplication.translate("Ctx", "...")
            name = (node.func.attr if isinstance(node.func, ast.Attribute)
                    else node.func.id if isinstance(node.func, ast.Name) else "")
            text = None
            if name == "tr" and node.args:
                text = _literal(node.args[0])
            elif name == "translate" and len(node.args) >= 2:
                text = _literal(node.args[1])
            if text is not None and text not in found:
                found[text] = UiString(text, path, node.lineno)
    return sorted(found.values(), key=lambda s: (str(s.path), s.line))


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def load_catalog(path: Path) -> tuple[dict[str, str], list[ContentIssue]]:
    """Read ``ui.yaml`` safely; every problem is an issue with file:line."""
    issues: list[ContentIssue] = []
    if not path.exists():
        return {}, issues
    root = read_yaml_nodes(path, issues, max_bytes=safe_read.CAPS["catalog"])
    if root is None:
        return {}, issues
    if not isinstance(root, yaml.MappingNode):
        issues.append(ContentIssue(path, root.start_mark.line + 1, "", "expected lines of "
                                   "'English text: translation'."))
        return {}, issues
    catalog: dict[str, str] = {}
    first: dict[str, int] = {}
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        if not (isinstance(key_node, yaml.ScalarNode) and isinstance(value_node, yaml.ScalarNode)):
            issues.append(ContentIssue(path, line, "", "each entry is 'English text: "
                                       "translation', both plain text."))
            continue
        source, target = key_node.value, value_node.value.strip()
        if source in catalog:
            issues.append(ContentIssue(path, line, source, f"translated twice (first on line "
                                       f"{first[source]}). Keep one."))
            continue
        if not target:
            issues.append(ContentIssue(path, line, source, "has no translation."))
            continue
        problem = markup.html_like_message(target)
        if problem is not None:  # not used: the English words are shown instead
            issues.append(ContentIssue(path, value_node.start_mark.line + 1, source, problem))
            continue
        if placeholders(source) != placeholders(target):
            issues.append(ContentIssue(path, line, source, "the translation must keep the "
                                       f"same {{0}}-style placeholders as the English "
                                       f"({', '.join(sorted(placeholders(source))) or 'none'})."))
            continue
        catalog[source] = target
        first[source] = line
    return catalog, issues


def check_catalog(folder: Path, strings: list[UiString] | None = None) -> list[ContentIssue]:
    """Problems in a language's UI catalog: bad entries, missing and unused translations."""
    path = folder / CATALOG_FILE
    language = folder.name
    catalog, issues = load_catalog(path)  # English too: the app reads en/ui.yaml if it is there
    if language == "en":
        return issues  # the code's own words are English: nothing needs translating
    if not path.exists():
        issues.append(ContentIssue(path, None, "", f"is missing: the {language} UI would show "
                                   "English buttons and labels. Add a translation for every "
                                   "string 'cartguide validate' lists."))
        return issues
    strings = extract() if strings is None else strings
    wanted = {s.text for s in strings}
    for ui in strings:
        if ui.text not in catalog:
            issues.append(ContentIssue(path, None, ui.text, "has no translation (used in "
                                       f"{ui.path.name}:{ui.line}). Add a line for it."))
    lines = _key_lines(path)
    for source in catalog:
        if source not in wanted:
            issues.append(ContentIssue(path, lines.get(source), source, "is not used by the "
                                       "app any more; remove it.", "warning"))
    return issues


def _key_lines(path: Path) -> dict[str, int]:
    root = read_yaml_nodes(path, [], max_bytes=safe_read.CAPS["catalog"])
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in root.value
            if isinstance(k, yaml.ScalarNode)}
