"""A clinic's site layer: its own words on top of the shipped content, which stays untouched.

The layer folder mirrors a content folder but holds only what the clinic adds or changes::

    site/
      site.yaml                 name: and logo: (both optional)
      logo.png                  the logo file site.yaml names (PNG or SVG, at most 1 MiB)
      en/steps.yaml             only the keys and items that change
      en/topics/our-rules.yaml  a whole new topic
      en/sections.yaml          home's sections, to list the new topic

Merging works on the YAML nodes before the loader checks them, so every problem still names
the file and line it came from: the layer's file for what the clinic wrote. The rules:

- a mapping merges key by key: a key the layer gives replaces the shipped one, the rest stay;
- a list whose items have ``id:`` merges item by item: the same id merges into that item, a new
  id is added at the end;
- any other list (``time``, ``paragraphs``, ``items``, home's ``sections``) is replaced whole.

A layer file whose merged result has an error is not used at all (the shipped file is shown
instead) and its problems are reported; the other layer files still apply.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from cartguide import safe_read
from cartguide.content.loader import ContentIssue, read_yaml_nodes
from cartguide.content.model import (
    SECTION_FILES,
    SECTIONS_FILE,
    TOPICS_FOLDER,
    Guide,
    SiteInfo,
)

SITE_FILE = "site.yaml"
MAX_LOGO_BYTES = 1024 * 1024
_SITE_KEYS = ("name", "logo")


def _remark(node: yaml.Node, path: Path) -> None:
    """Make every node of a layer file name that file in its marks (for file:line)."""
    stack = [node]
    name = str(path)
    while stack:
        current = stack.pop()
        for attr in ("start_mark", "end_mark"):
            mark = getattr(current, attr, None)
            if mark is not None:
                setattr(current, attr, yaml.Mark(name, mark.index, mark.line, mark.column,
                                                  None, 0))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def node_path(node: yaml.Node | None) -> Path | None:
    """The layer file a node came from, or None for shipped content."""
    mark = getattr(node, "start_mark", None)
    name = getattr(mark, "name", None)
    if isinstance(name, str) and name and not name.startswith("<"):
        return Path(name)
    return None


#: One change of a layer file: (top-level key, item id or None for the whole key).
Unit = tuple[str, str | None]


def _only(node: yaml.MappingNode, units: set[Unit]) -> yaml.MappingNode:
    """A copy of a layer file's mapping with only the given changes."""
    kept = []
    for key_node, value_node in node.value:
        key = getattr(key_node, "value", None)
        if (key, None) in units:
            kept.append((key_node, value_node))
        elif isinstance(value_node, yaml.SequenceNode):
            items = [i for i in value_node.value if (key, _item_id(i)) in units]
            if items:
                part = copy.copy(value_node)
                part.value = items
                kept.append((key_node, part))
    out = copy.copy(node)
    out.value = kept
    return out


def _item_id(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if getattr(key, "value", None) == "id" and isinstance(value, yaml.ScalarNode):
                return str(value.value).strip()
    return None


@dataclasses.dataclass
class _Change:
    """What one layer file changed: top-level keys, and item ids per list."""

    keys: list[str] = dataclasses.field(default_factory=list)
    ids: list[str] = dataclasses.field(default_factory=list)
    added: bool = False  # a whole new file (a topic)


class SiteLayer:
    """One language of a site layer (``root/<language>``), merged into that language's files."""

    def __init__(self, root: Path, language: str) -> None:
        self.root = Path(root)
        self.folder = self.root / language
        self.language = language
        self._changes: dict[str, _Change] = {}
        self._nodes: dict[str, yaml.Node | None] = {}

    def owns(self, path: Path) -> bool:
        try:
            Path(path).resolve().relative_to(self.root.resolve())
        except (ValueError, OSError):
            return False
        return True

    def files(self, issues: list[ContentIssue]) -> list[str]:
        """The layer's YAML files for this language, as names relative to the language folder
        (``steps.yaml``, ``topics/our-rules.yaml``); unknown ones are reported and skipped."""
        if not self.folder.is_dir():
            return []
        known = {f for f, _ in SECTION_FILES.values()} | {SECTIONS_FILE}
        names = []
        for path in sorted(self.folder.rglob("*")):
            if path.is_dir() or path.name.startswith("."):
                continue
            relative = path.relative_to(self.folder).as_posix()
            if relative in known or (relative.startswith(f"{TOPICS_FOLDER}/")
                                     and relative.count("/") == 1
                                     and relative.endswith(".yaml")):
                names.append(relative)
            else:
                issues.append(ContentIssue(path, None, "", "is not a file the guide reads, so "
                                           "it is ignored. A site layer holds section files "
                                           f"({', '.join(sorted(known))}) and topics/*.yaml.",
                                           "warning"))
        return names

    def topic_ids(self, issues: list[ContentIssue]) -> list[str]:
        return [name[len(TOPICS_FOLDER) + 1:-len(".yaml")] for name in self.files(issues)
                if name.startswith(f"{TOPICS_FOLDER}/")]

    def has(self, name: str) -> bool:
        return (self.folder / name).is_file()

    def merge(self, name: str, shipped: yaml.Node | None, issues: list[ContentIssue],
              only: set[Unit] | None = None) -> yaml.Node | None:
        """The shipped file's nodes with the layer's ``name`` merged in (a copy), or None if
        the layer file cannot be read (its problem is reported). ``only``: merge just these
        changes (see :meth:`units`)."""
        path = self.folder / name
        node = self._node(name, issues)
        if node is None:
            return None
        change = _Change(added=shipped is None)
        self._changes[name] = change
        if shipped is None:
            return node
        if not isinstance(node, yaml.MappingNode) or not isinstance(shipped, yaml.MappingNode):
            issues.append(ContentIssue(path, node.start_mark.line + 1, "", "expected key: "
                                       "value lines, like the shipped file. Not used."))
            del self._changes[name]
            return None
        if only is not None:
            node = _only(node, only)
        merged = copy.deepcopy(shipped)
        self._merge_mapping(merged, node, "", change, issues, path)
        return merged

    def _node(self, name: str, issues: list[ContentIssue]) -> yaml.Node | None:
        """The layer file's nodes, read once (its reading problems are reported once)."""
        if name not in self._nodes:
            path = self.folder / name
            node = read_yaml_nodes(path, issues)
            if node is None and path.exists() and not any(i.path == path for i in issues):
                issues.append(ContentIssue(path, None, "", "file is empty; it changes "
                                           "nothing. Remove it, or write the changes."))
            if node is not None:
                _remark(node, path)
            self._nodes[name] = node
        return self._nodes[name]

    def units(self, name: str, shipped: yaml.Node | None) -> list[Unit]:
        """The separate changes a layer file makes: each top-level key, and each item (by id)
        of a list merged by id. One that has an error can be left out alone."""
        node = self._nodes.get(name)
        if not isinstance(node, yaml.MappingNode) or not isinstance(shipped, yaml.MappingNode):
            return []
        shipped_values = {getattr(k, "value", None): v for k, v in shipped.value}
        found: list[Unit] = []
        for key_node, value_node in node.value:
            key = getattr(key_node, "value", None)
            base = shipped_values.get(key)
            if (isinstance(base, yaml.SequenceNode) and isinstance(value_node, yaml.SequenceNode)
                    and base.value and all(_item_id(i) for i in base.value)):
                found += [(str(key), _item_id(i)) for i in value_node.value if _item_id(i)]
            else:
                found.append((str(key), None))
        return found

    def _merge_mapping(self, base: yaml.MappingNode, over: yaml.MappingNode, where: str,
                       change: _Change, issues: list[ContentIssue], path: Path) -> None:
        positions = {getattr(k, "value", None): i for i, (k, _) in enumerate(base.value)}
        seen: set[str] = set()
        for key_node, value_node in over.value:
            key = getattr(key_node, "value", None)
            if not isinstance(key, str):
                base.value.append((key_node, value_node))  # the loader reports it
                continue
            if key in seen:
                issues.append(ContentIssue(path, key_node.start_mark.line + 1, where + key,
                                           "duplicate key in the site layer. Keep one."))
                continue
            seen.add(key)
            if not where:
                change.keys.append(key)
            if key not in positions:
                base.value.append((key_node, value_node))
                continue
            index = positions[key]
            old_key, old_value = base.value[index]
            base.value[index] = (old_key, self._merge_value(old_value, value_node,
                                                            where + key, change, issues, path))

    def _merge_value(self, base: yaml.Node, over: yaml.Node, where: str, change: _Change,
                     issues: list[ContentIssue], path: Path) -> yaml.Node:
        if isinstance(base, yaml.MappingNode) and isinstance(over, yaml.MappingNode):
            merged = copy.copy(base)
            merged.value = list(base.value)
            self._merge_mapping(merged, over, where + ".", change, issues, path)
            return merged
        if (isinstance(base, yaml.SequenceNode) and isinstance(over, yaml.SequenceNode)
                and base.value and all(_item_id(item) for item in base.value)):
            merged_list = copy.copy(base)
            merged_list.value = list(base.value)
            index_of = {_item_id(item): i for i, item in enumerate(merged_list.value)}
            for item in over.value:
                item_id = _item_id(item)
                if item_id is None:
                    issues.append(ContentIssue(
                        path, item.start_mark.line + 1, where, "each item here needs an id: "
                        "the id of the shipped item it changes, or a new id for a new item. "
                        "This item is not used."))
                    continue
                change.ids.append(item_id)
                if item_id in index_of:
                    at = index_of[item_id]
                    merged_list.value[at] = self._merge_value(merged_list.value[at], item,
                                                              where, change, issues, path)
                else:
                    index_of[item_id] = len(merged_list.value)
                    merged_list.value.append(item)
            return merged_list
        return over  # text, or a list without ids: the layer's replaces the shipped one

    def forget(self, name: str) -> None:
        """A layer file that was not used after all (it had errors)."""
        self._changes.pop(name, None)

    # -- after loading -------------------------------------------------------------------------
    def info(self, guide: Guide, issues: list[ContentIssue]) -> SiteInfo:
        name, logo, logo_format = read_site_file(self.root, issues)
        return SiteInfo(name=name, logo=logo, logo_format=logo_format,
                        parts=tuple(self._describe(guide)))

    def _describe(self, guide: Guide) -> Iterable[str]:
        by_file = {file_name: key for key, (file_name, _) in SECTION_FILES.items()}
        for name, change in sorted(self._changes.items()):
            if name == SECTIONS_FILE:
                continue
            if name.startswith(f"{TOPICS_FOLDER}/"):
                topic = guide.topics.get(name[len(TOPICS_FOLDER) + 1:-len(".yaml")])
                if topic is not None:
                    yield str(topic.title)
                continue
            section = guide.section(by_file.get(name, ""))
            if section is None:
                continue
            title = str(getattr(section, "title", "") or getattr(section, "app_title", ""))
            names = [n for n in (_item_name(section, i) for i in dict.fromkeys(change.ids)) if n]
            chinese = self.language.startswith("zh")  # full-width punctuation in Chinese
            colon, comma = ("：", "、") if chinese else (": ", ", ")
            yield f"{title}{colon}{comma.join(names)}" if names else title


def _item_name(section: Any, item_id: str) -> str | None:
    """The title, heading or term of the item with ``item_id`` anywhere in a section."""
    for f in dataclasses.fields(section):
        value = getattr(section, f.name)
        candidates = value if isinstance(value, tuple) else (value,)
        for item in candidates:
            if getattr(item, "id", None) == item_id:
                for attr in ("title", "heading", "term", "question"):
                    text = getattr(item, attr, None)
                    if text:
                        return str(text)
    return None


def read_site_file(root: Path, issues: list[ContentIssue]) -> tuple[str | None, bytes | None,
                                                                    str | None]:
    """``site.yaml``'s name and logo (bytes and "png"/"svg"); problems are reported."""
    path = Path(root) / SITE_FILE
    if not path.exists():
        return None, None, None
    node = read_yaml_nodes(path, issues, max_bytes=64 * 1024)
    if node is None:
        return None, None, None
    if not isinstance(node, yaml.MappingNode):
        issues.append(ContentIssue(path, node.start_mark.line + 1, "", "expected key: value "
                                   "lines (name: and logo:)."))
        return None, None, None
    values: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = getattr(key_node, "value", None)
        line = key_node.start_mark.line + 1
        if key not in _SITE_KEYS:
            issues.append(ContentIssue(path, line, str(key), "unknown key. Allowed here: "
                                       f"{', '.join(_SITE_KEYS)}."))
        elif key in values:
            issues.append(ContentIssue(path, line, key, "duplicate key. Keep one."))
        elif not isinstance(value_node, yaml.ScalarNode) or not value_node.value.strip():
            issues.append(ContentIssue(path, line, key, "expected one line of text."))
        else:
            values[key] = value_node
    name = values["name"].value.strip() if "name" in values else None
    if name and ("\n" in name or "[[" in name):
        issues.append(ContentIssue(path, values["name"].start_mark.line + 1, "name",
                                   "must be one line of plain text."))
        name = None
    logo, logo_format = None, None
    if "logo" in values:
        logo, logo_format = _read_logo(Path(root), values["logo"], path, issues)
    return name, logo, logo_format


def _read_logo(root: Path, node: yaml.Node, site_file: Path,
               issues: list[ContentIssue]) -> tuple[bytes | None, str | None]:
    line = node.start_mark.line + 1
    value = str(node.value).strip()

    def fail(message: str) -> tuple[None, None]:
        issues.append(ContentIssue(site_file, line, "logo", message))
        return None, None

    relative = Path(value)
    if relative.is_absolute() or ".." in relative.parts or "\\" in value:
        return fail(f"'{value}' must be a file name inside the site layer folder, e.g. "
                    "logo.png.")
    suffix = relative.suffix.lower()
    if suffix not in (".png", ".svg"):
        return fail(f"'{value}' must be a .png or .svg file.")
    path = root / relative
    try:
        if path.is_symlink() or not path.resolve().is_relative_to(root.resolve()):
            return fail(f"'{value}' must be a real file inside the site layer folder.")
        data = safe_read.read_bytes(path, MAX_LOGO_BYTES)  # regular files only, capped
    except safe_read.SafeReadError as exc:
        if "KiB" in exc.reason or "large" in exc.reason:
            return fail(f"'{value}' is too large; the limit is {MAX_LOGO_BYTES // 1024} KiB. "
                        "Save a smaller image.")
        return fail(f"'{value}' {exc.reason}")
    except OSError as exc:
        return fail(f"'{value}' cannot be read: {exc.strerror or exc}. Check the file name.")
    if len(data) > MAX_LOGO_BYTES:
        return fail(f"'{value}' is larger than {MAX_LOGO_BYTES // 1024} KiB.")
    if suffix == ".png" and not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return fail(f"'{value}' is not a PNG image.")
    if suffix == ".svg" and b"<svg" not in data[:4096]:
        return fail(f"'{value}' is not an SVG drawing.")
    return data, suffix[1:]


def layer_languages(root: Path) -> list[str]:
    """The language folders in a site layer."""
    if not Path(root).is_dir():
        return []
    return sorted(p.name for p in Path(root).iterdir()
                  if p.is_dir() and not p.name.startswith("."))
