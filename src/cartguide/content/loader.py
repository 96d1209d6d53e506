"""Read one language's YAML files into the model, checking everything an educator could get wrong.

Every problem becomes a :class:`ContentIssue` naming ``file:line``, the key and what to do; the
loader never raises for bad content. What is valid is kept: a broken list item is dropped, a
broken section file leaves that section ``None``, and the rest of the guide loads.

Safety: files over :data:`MAX_FILE_BYTES` are refused unread; anchors, aliases and tags are
refused before anything is composed (no alias bombs, no object construction); scalars are never
resolved by YAML 1.1's implicit rules, so ``no`` stays ``"no"`` and ``8:30`` stays ``"8:30"``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import difflib
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cartguide import safe_read
from cartguide.content import markup
from cartguide.content.model import (
    CALLOUT_KINDS,
    DEFAULT_SECTIONS,
    DEFAULT_START,
    SECTION_FILES,
    SECTIONS_FILE,
    SHOW_VALUES,
    SPECIAL_SECTIONS,
    TOPIC_ICONS,
    TOPICS_FOLDER,
    Block,
    CalloutKind,
    Guide,
    IllustrationName,
    IsoDate,
    Number,
    Plain,
    Question,
    SectionKey,
    SectionOrder,
    Show,
    SourceId,
    Text,
    Topic,
    TopicIcon,
)
from cartguide.content.model import Id as IdType

if typing.TYPE_CHECKING:
    from cartguide.content.site import SiteLayer

try:  # the C parser is much faster; both are safe
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = safe_read.CAPS["content"]
#: At most this many topic files per language are read (the rest are reported and skipped).
MAX_TOPICS = 60
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INDEX = re.compile(r"\[\d+\]")
_DIGITS = re.compile(r"^[0-9]+$")


@dataclass(frozen=True, slots=True)
class ContentIssue:
    """One problem found in content: where it is, which key, and what to do."""

    path: Path
    line: int | None
    key: str
    message: str
    severity: str = "error"  # or "warning": reported, but the content is still usable

    def location(self) -> str:
        path = self.path
        with contextlib.suppress(ValueError, OSError):  # short paths read better
            path = path.resolve().relative_to(Path.cwd())
        return f"{path}:{self.line}" if self.line else str(path)

    def __str__(self) -> str:
        key = f" {self.key}:" if self.key else ""
        label = "" if self.severity == "error" else f" {self.severity}:"
        return f"{self.location()}:{label}{key} {self.message}"


@dataclass(frozen=True, slots=True)
class LoadResult:
    guide: Guide
    issues: tuple[ContentIssue, ...]
    #: (file name, "list/id") -> line, for every item with an id: what language parity compares
    id_lines: dict[tuple[str, str], int] = dataclasses.field(default_factory=dict)
    #: the same keys -> the site layer file an item came from (absent: the language folder's)
    id_paths: dict[tuple[str, str], Path] = dataclasses.field(default_factory=dict)

    @property
    def errors(self) -> tuple[ContentIssue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")


class _Fail:
    """Marker for a value that could not be built (its issue is already recorded)."""


_FAIL = _Fail()


def _kind(node: yaml.Node | None) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, yaml.SequenceNode):
        return "a list (lines starting with '- ')"
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value == ""):
        return "nothing"
    return "text"


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _node_path(node: yaml.Node | None) -> Path | None:
    """The site layer file a node came from (content/site.py names it in the marks)."""
    name = getattr(getattr(node, "start_mark", None), "name", None)
    return Path(name) if isinstance(name, str) and name and not name.startswith("<") else None


def read_yaml_nodes(
    path: Path, issues: list[ContentIssue], *, max_bytes: int = MAX_FILE_BYTES
) -> yaml.Node | None:
    """Read and compose one YAML file safely; record any problem and return None.

    Also used for the site settings (:mod:`cartguide.config`). An empty file gives None with no
    issue. Scalar nodes keep their text in ``node.value``: convert it yourself, never trust the
    YAML 1.1 tag the resolver guessed.
    """

    def fail(line: int | None, message: str) -> None:
        issues.append(ContentIssue(path, line, "", message))

    try:
        data = safe_read.read_bytes(path, max_bytes)
    except safe_read.SafeReadError as exc:
        fail(None, exc.reason if exc.reason.startswith("file is") else
             f"cannot be read: it {exc.reason}")
        return None
    except OSError as exc:
        fail(None, f"cannot be read: {exc.strerror or exc}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(safe_read.line_of(data, exc.start),
             f"is not UTF-8 text (byte {exc.start}). Save the file as UTF-8.")
        return None
    if "\x00" in text:  # YAML would report only a character position
        fail(text.count("\n", 0, text.index("\x00")) + 1,
             "contains a NUL byte (the file may be damaged or not text). Remove it.")
        return None
    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, yaml.AliasEvent):
                fail(line, f"alias '*{event.anchor}' is not allowed. Write the text out in full.")
                return None
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                fail(line, f"anchor '&{anchor}' is not allowed. Write the text out in full.")
                return None
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                fail(line, f"tag '{tag}' is not allowed. Remove it; all values are plain text.")
                return None
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = mark.line + 1 if mark is not None else None
        problem = exc.problem or "is not valid YAML"
        fail(where, f"YAML syntax: {problem}. Check indentation and quotes on this line.")
    except yaml.YAMLError as exc:
        fail(None, f"YAML syntax: {exc}")
    return None


class _Builder:
    """Builds model objects from YAML nodes, guided by the dataclasses' type hints."""

    def __init__(
        self,
        path: Path,
        issues: list[ContentIssue],
        *,
        term_ids: frozenset[str] | None,
        source_ids: frozenset[str] | None,
        illustrations: frozenset[str] | None,
        section_keys: frozenset[str] | None = None,
    ) -> None:
        self._path = path
        self._section_keys = section_keys
        self._issues = issues
        self._term_ids = term_ids
        self._source_ids = source_ids
        self._illustrations = illustrations
        self.id_lines: dict[str, int] = {}
        self.id_paths: dict[str, Path] = {}  # items from a site layer file

    def error(self, node: yaml.Node | None, key: str, message: str) -> _Fail:
        path = _node_path(node) or self._path  # a site layer's node names its own file
        self._issues.append(ContentIssue(path, _line(node), key, message))
        return _FAIL

    # -- dispatch ---------------------------------------------------------------------------
    def build(self, tp: Any, node: yaml.Node, key: str) -> Any:
        origin = typing.get_origin(tp)
        if origin is tuple:
            return self._list(typing.get_args(tp)[0], node, key)
        if origin in (typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(tp) if a is not type(None)]
            return self.build(inner[0], node, key)
        if dataclasses.is_dataclass(tp):
            return self._object(tp, node, key)
        return self._scalar(tp, node, key)

    # -- scalars ----------------------------------------------------------------------------
    def _scalar(self, tp: Any, node: yaml.Node, key: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return self.error(node, key, f"expected text, found {_kind(node)}.")
        value = node.value.strip()
        if not value:
            return self.error(node, key, "is empty. Write the text, or remove the key.")
        if tp is Text or tp is Plain:
            problem = markup.html_like_message(value)
            if problem is not None:
                return self.error(node, key, problem)
        if tp is Text:
            return self._text(value, node, key)
        if tp is Plain:
            if "[[" in value or "]]" in value:
                return self.error(node, key, "glossary links are not allowed here; use plain text.")
            return value
        if tp is IdType:
            if not _ID.match(value):
                return self.error(node, key, f"'{value}' is not a valid id. Use lowercase letters, "
                                  "digits and single hyphens, e.g. 'tumour-burden'.")
            return value
        if tp is SourceId:
            if self._source_ids is not None and value not in self._source_ids:
                hint = _did_you_mean(value, self._source_ids)
                return self.error(node, key, f"unknown source '{value}'.{hint} Add it to "
                                  "about.yaml 'sources' or fix the id.")
            return value
        if tp is IllustrationName:
            if not _ID.match(value):
                return self.error(node, key, f"'{value}' is not an illustration name. Use the "
                                  "SVG's file name without '.svg', e.g. 'step-infusion'.")
            if self._illustrations is not None and value not in self._illustrations:
                hint = _did_you_mean(value, self._illustrations)
                self.error(node, key, f"unknown illustration '{value}'.{hint} Add "
                           f"resources/illustrations/{value}.svg or fix the name.")
                # Kept: the page still works and shows a placeholder where the drawing goes.
            return value
        words = {Show: (SHOW_VALUES, "a place to show a block"),
                 CalloutKind: (CALLOUT_KINDS, "a kind of boxed note")}.get(tp)
        if words is not None:  # one of a few words
            allowed, what = words
            if value not in allowed:
                hint = _did_you_mean(value, allowed)
                return self.error(node, key, f"'{value}' is not {what}.{hint} "
                                  f"Write one of: {', '.join(allowed)}.")
            return value
        if tp is SectionKey:
            known = self._section_keys if self._section_keys is not None else frozenset()
            if value not in known:
                hint = _did_you_mean(value, known)
                if value == "home":
                    message = "'home' is the page this list is shown on; remove it."
                elif _ID.match(value):
                    message = (f"unknown section '{value}'.{hint} Use a special section "
                               f"({', '.join(SPECIAL_SECTIONS)}) or a topic: add "
                               f"{TOPICS_FOLDER}/{value}.yaml or fix the id.")
                else:
                    message = (f"'{value}' is not a section.{hint} Use a special section "
                               f"({', '.join(SPECIAL_SECTIONS)}) or a topic's id (the name of "
                               f"its file in {TOPICS_FOLDER}/, without '.yaml').")
                return self.error(node, key, message)
            return value
        if tp is Number:
            # ASCII digits only: str.isdigit() also accepts "²" and "①", which int() refuses.
            if not _DIGITS.match(value) or int(value) < 1:
                return self.error(node, key, f"'{value}' is not a whole number from 1 up.")
            return int(value)
        if tp is IsoDate:
            try:
                if not _DATE.match(value):
                    raise ValueError
                datetime.date.fromisoformat(value)
            except ValueError:
                return self.error(node, key, f"'{value}' is not a date. Write it as YYYY-MM-DD, "
                                  "in quotes, e.g. \"2026-11-25\".")
            return value
        if tp is TopicIcon:
            if value not in TOPIC_ICONS:
                hint = _did_you_mean(value, TOPIC_ICONS)
                # Dropped: home shows the topic with the generic topic icon.
                return self.error(node, key, f"unknown icon '{value}'.{hint} Write one of: "
                                  f"{', '.join(TOPIC_ICONS)}; or leave 'icon' out for the "
                                  "generic topic icon.")
            return value
        return value

    def _text(self, value: str, node: yaml.Node, key: str) -> Any:
        if markup.stray_brackets(value):
            return self.error(node, key, "has '[[' or ']]' that is not a glossary link. Write "
                              "links as [[term-id]] or [[term-id|words shown]].")
        ok = True
        for link in markup.segments(value):
            if not isinstance(link, markup.Link):
                continue
            if link.words is not None and not link.words:
                self.error(node, key, f"glossary link [[{link.term_id}|]] shows no words.")
                ok = False
            if self._term_ids is not None and link.term_id not in self._term_ids:
                hint = _did_you_mean(link.term_id, self._term_ids)
                self.error(node, key, f"glossary link to unknown term '{link.term_id}'.{hint} "
                           "Add it to glossary.yaml or fix the id.")
                ok = False
        # A broken link still reads well as plain words: keep the text, the issue is recorded.
        return value if ok else markup.plain(value)

    # -- lists ------------------------------------------------------------------------------
    def _list(self, item_tp: Any, node: yaml.Node, key: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self.error(node, key, f"expected a list (lines starting with '- '), "
                              f"found {_kind(node)}.")
        items = []
        seen: dict[str, int | None] = {}
        for index, child in enumerate(node.value):
            value = self.build(item_tp, child, f"{key}[{index}]")
            if value is _FAIL:
                continue  # dropped; its issue is recorded and the rest of the list survives
            item_id = getattr(value, "id", None)
            if item_id is not None:
                if item_id in seen:
                    self.error(child, f"{key}[{index}].id", f"id '{item_id}' is used twice in "
                               f"this list (first on line {seen[item_id]}). Ids must be unique.")
                    continue
                seen[item_id] = _line(child)
                list_key = _INDEX.sub("", key)  # "steps", "story.after", ...
                self.id_lines[f"{list_key}/{item_id}"] = _line(child) or 0
                layer_file = _node_path(child)
                if layer_file is not None:
                    self.id_paths[f"{list_key}/{item_id}"] = layer_file
            elif isinstance(value, str) and item_tp is SectionKey:
                if value in seen:
                    self.error(child, f"{key}[{index}]", f"'{value}' is listed twice (first on "
                               f"line {seen[value]}). List each section once.")
                    continue
                seen[value] = _line(child)
                self.id_lines[f"{key}/{value}"] = _line(child) or 0
            items.append(value)
        return tuple(items)

    # -- objects ----------------------------------------------------------------------------
    def _object(self, cls: Any, node: yaml.Node, key: str) -> Any:
        where = f"{key}." if key else ""
        if not isinstance(node, yaml.MappingNode):
            return self.error(node, key or "(file)", f"expected a mapping (key: value lines), "
                              f"found {_kind(node)}.")
        fields = {f.name: f for f in dataclasses.fields(cls)}
        hints = typing.get_type_hints(cls)
        values: dict[str, yaml.Node] = {}
        keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if name is None:
                self.error(key_node, key or "(file)", "keys must be plain words.")
                continue
            if name in values:
                self.error(key_node, where + name, f"duplicate key (first on line "
                           f"{_line(keys[name])}). Keep one; YAML would silently use the last.")
                continue
            if name not in fields:
                hint = _did_you_mean(name, fields)
                self.error(key_node, where + name, f"unknown key.{hint} Allowed here: "
                           f"{', '.join(fields)}.")
                continue
            values[name] = value_node
            keys[name] = key_node

        built: dict[str, Any] = {}
        failed = False
        for name, f in fields.items():
            required = (f.default is dataclasses.MISSING
                        and f.default_factory is dataclasses.MISSING)
            value_node = values.get(name)
            empty = value_node is None or (isinstance(value_node, yaml.ScalarNode)
                                           and value_node.tag.endswith(":null")
                                           and value_node.value in ("", "~"))
            if empty:
                if required:
                    self.error(keys.get(name, node), where + name,
                               "is required but missing." if name not in keys else "is empty.")
                    failed = True
                continue
            assert value_node is not None
            value = self.build(hints[name], value_node, where + name)
            if value is _FAIL:
                failed = failed or required
                continue
            need = f.metadata.get("min_items", 0)
            if isinstance(value, tuple) and len(value) < need:
                self.error(value_node, where + name, f"needs at least {need} valid "
                           f"item{'s' if need != 1 else ''}; found {len(value)}.")
                failed = True
                continue
            most = f.metadata.get("max_items")
            if isinstance(value, tuple) and most is not None and len(value) > most:
                self.error(value_node, where + name, f"has {len(value)} items; at most {most} "
                           "are allowed. Merge some, or split the guide into topics.")
                failed = True
                continue
            built[name] = value
        if failed:
            return _FAIL
        if cls is Block and not (built.get("paragraphs") or built.get("items")
                                 or built.get("callout")):
            return self.error(node, key or "(file)", "a block needs 'paragraphs', 'items' or "
                              "'callout'.")
        if cls is Question:
            answer, choices = built["answer"], built["choices"]
            if not 1 <= answer <= len(choices):
                where_node = values.get("answer", node)
                return self.error(where_node, where + "answer", f"must name one of the "
                                  f"{len(choices)} choices: a number from 1 to {len(choices)}.")
        return cls(**built)


def build_value(tp: Any, node: yaml.Node, path: Path, issues: list[ContentIssue],
                key: str = "") -> Any:
    """A model value of type ``tp`` from a YAML node, checked as content is (for the site
    settings' nested values). None if it could not be built; every problem is in ``issues``."""
    builder = _Builder(path, issues, term_ids=None, source_ids=None, illustrations=None)
    value = builder.build(tp, node, key)
    return None if value is _FAIL else value


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" Did you mean '{close[0]}'?" if close else ""


def _ids_in(node: yaml.Node | None, list_key: str) -> frozenset[str] | None:
    """Ids of the items under ``list_key`` of a file's root mapping, read leniently."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == list_key and isinstance(value_node,
                                                                         yaml.SequenceNode):
            ids = set()
            for item in value_node.value:
                if isinstance(item, yaml.MappingNode):
                    for k, v in item.value:
                        if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode):
                            ids.add(v.value.strip())
            return frozenset(ids)
    return frozenset()


def load_guide(
    folder: Path,
    *,
    illustrations: frozenset[str] | None = None,
    language: str | None = None,
    layer: SiteLayer | None = None,
) -> LoadResult:
    """Load one language folder (``content/en``). ``illustrations``: the known SVG names.
    ``layer``: a clinic's site layer merged over it (content/site.py)."""
    folder = Path(folder)
    language = language or folder.name
    issues: list[ContentIssue] = []
    if not folder.is_dir():
        issues.append(ContentIssue(folder, None, "", "content folder not found."))
        return LoadResult(Guide(language=language), tuple(issues))

    nodes: dict[str, tuple[Path, yaml.Node | None]] = {}
    for section, (file_name, _cls) in SECTION_FILES.items():
        path = folder / file_name
        if not path.exists():
            issues.append(ContentIssue(path, None, "", "file is missing. Every language needs "
                                       "all section files: " + ", ".join(
                                           f for f, _ in SECTION_FILES.values()) + "."))
            nodes[section] = (path, None)
            continue
        nodes[section] = (path, read_yaml_nodes(path, issues))
    known = ({f for f, _ in SECTION_FILES.values()}
             | {"ui.yaml", SECTIONS_FILE})  # ui.yaml: cartguide.ui_strings
    for extra in sorted(folder.glob("*.y*ml")):
        if extra.name not in known:
            issues.append(ContentIssue(extra, None, "", "is not a section file and is ignored. "
                                       "Section files: " + ", ".join(sorted(known)) + ". A "
                                       f"topic goes in {TOPICS_FOLDER}/.", "warning"))

    merged: dict[str, yaml.Node | None] = {}  # the site layer's files merged over these
    if layer is not None:
        for section, (path, node) in nodes.items():
            if layer.has(path.name):
                merged[section] = layer.merge(path.name, node, issues)

    def either(section: str) -> yaml.Node | None:
        return merged.get(section) or nodes[section][1]

    term_ids = _ids_in(either("glossary"), "terms")
    source_ids = _ids_in(either("about"), "sources")
    built: dict[str, Any] = {}
    id_lines: dict[tuple[str, str], int] = {}
    id_paths: dict[tuple[str, str], Path] = {}
    for section, (path, node) in nodes.items():
        if node is None and merged.get(section) is None:
            if path.exists() and not any(i.path == path for i in issues):
                issues.append(ContentIssue(path, None, "", "file is empty."))
            continue
        value, builder = _build_layered(
            SECTION_FILES[section][1], path, path.name, node, merged.get(section), layer,
            issues, term_ids=term_ids, source_ids=source_ids, illustrations=illustrations)
        id_lines.update({(path.name, key): line for key, line in builder.id_lines.items()})
        id_paths.update({(path.name, key): p for key, p in builder.id_paths.items()})
        if value is not _FAIL:
            built[section] = value

    topic_files, topics = _load_topics(folder, issues, id_lines, term_ids=term_ids,
                                       source_ids=source_ids, illustrations=illustrations,
                                       layer=layer, id_paths=id_paths)
    start, order = _load_order(folder, issues, id_lines, topic_files, topics, layer=layer)

    about = built.get("about")
    if about is not None and about.language != language:
        path = nodes["about"][0]
        issues.append(ContentIssue(path, None, "language", f"says '{about.language}' but the "
                                   f"folder is '{language}'. Make them the same."))
    guide = Guide(language=language, **built, start=start, sections=order, topics=topics)
    if layer is not None:
        guide = dataclasses.replace(guide, site=layer.info(guide, issues))
        issues = [_in_layer(issue, folder, layer) for issue in issues]
    return LoadResult(guide, tuple(issues), id_lines, id_paths)


def _in_layer(issue: ContentIssue, folder: Path, layer: SiteLayer) -> ContentIssue:
    """An issue about a file only the site layer has (a topic it added) names that file."""
    try:
        relative = issue.path.relative_to(folder)
    except ValueError:
        return issue
    if issue.path.exists() or not (layer.folder / relative).exists():
        return issue
    return dataclasses.replace(issue, path=layer.folder / relative)


def _build_layered(
    cls: Any, path: Path, name: str, node: yaml.Node | None, merged: yaml.Node | None,
    layer: SiteLayer | None, issues: list[ContentIssue], **context: Any,
) -> tuple[Any, _Builder]:
    """Build a file with the site layer's changes merged in; if those changes have an error,
    report it and build the shipped file alone: a broken layer never takes a section down."""
    if merged is not None and layer is not None:
        trial: list[ContentIssue] = []
        builder = _Builder(path, trial, **context)
        value = builder.build(cls, merged, "")
        layer_errors = [i for i in trial if i.severity == "error" and layer.owns(i.path)]
        if not layer_errors:
            issues.extend(trial)
            return value, builder
        issues.extend(i for i in trial if layer.owns(i.path))
        # Keep the layer's changes that are fine on their own (one key, or one item by id).
        units = layer.units(name, node)
        good = set()
        for unit in units:
            alone: list[ContentIssue] = []
            one = layer.merge(name, node, [], {unit})
            if one is not None:
                _Builder(path, alone, **context).build(cls, one, "")
                if not any(i.severity == "error" and layer.owns(i.path) for i in alone):
                    good.add(unit)
        partial = layer.merge(name, node, [], good) if good and len(good) < len(units) else None
        if partial is not None:
            kept: list[ContentIssue] = []
            builder = _Builder(path, kept, **context)
            value = builder.build(cls, partial, "")
            if not any(i.severity == "error" and layer.owns(i.path) for i in kept):
                issues.extend(i for i in kept if not layer.owns(i.path))
                left_out = ", ".join(f"{key}/{item}" if item else key
                                     for key, item in units if (key, item) not in good)
                issues.append(ContentIssue(layer.folder / name, None, "", "has errors (above): "
                                           f"those changes ({left_out}) are not used and the "
                                           "shipped text is shown there; its other changes "
                                           "are used.", "warning"))
                return value, builder
        issues.append(ContentIssue(layer.folder / name, None, "", "has errors (above), so "
                                   "none of its changes are used: the guide shows the shipped "
                                   "text here until they are fixed.", "warning"))
        layer.forget(name)
    builder = _Builder(path, issues, **context)
    if node is None:
        return _FAIL, builder
    return builder.build(cls, node, ""), builder


def topic_file_name(topic_id: str) -> str:
    """Where a topic lives inside a language folder, e.g. ``topics/at-home.yaml``."""
    return f"{TOPICS_FOLDER}/{topic_id}.yaml"


def _load_topics(
    folder: Path, issues: list[ContentIssue], id_lines: dict[tuple[str, str], int], *,
    term_ids: frozenset[str] | None, source_ids: frozenset[str] | None,
    illustrations: frozenset[str] | None, layer: SiteLayer | None = None,
    id_paths: dict[tuple[str, str], Path] | None = None,
) -> tuple[frozenset[str], dict[str, Topic]]:
    """Every ``topics/<id>.yaml``: (the ids of the files that exist, the topics that loaded)."""
    topics_dir = folder / TOPICS_FOLDER
    layer_topics = layer.topic_ids(issues) if layer is not None else []
    if not topics_dir.is_dir() and not layer_topics:
        return frozenset(), {}
    paths = []
    listed = sorted(topics_dir.iterdir()) if topics_dir.is_dir() else []
    for topic_id in layer_topics:  # topics the clinic added: loaded like shipped ones
        if not (topics_dir / f"{topic_id}.yaml").exists():
            listed.append(topics_dir / f"{topic_id}.yaml")
    for path in sorted(listed):
        if path.suffix == ".yml":
            issues.append(ContentIssue(path, None, "", "is ignored: topic files end in '.yaml'. "
                                       "Rename it.", "warning"))
        elif path.suffix == ".yaml":
            paths.append(path)
    if len(paths) > MAX_TOPICS:
        issues.append(ContentIssue(topics_dir, None, "", f"holds {len(paths)} topic files; only "
                                   f"the first {MAX_TOPICS} (by name) are read. Group topics "
                                   "so home stays a short list."))
        paths = paths[:MAX_TOPICS]
    found: set[str] = set()
    topics: dict[str, Topic] = {}
    for path in paths:
        topic_id = path.stem
        if not _ID.match(topic_id):
            issues.append(ContentIssue(path, None, "", f"'{topic_id}' is not a topic id. Name "
                                       "the file with lowercase letters, digits and single "
                                       "hyphens, e.g. at-home.yaml."))
            continue
        if topic_id in SPECIAL_SECTIONS or topic_id == "home":
            issues.append(ContentIssue(path, None, "", f"'{topic_id}' is a special section's "
                                       f"name ({topic_id}.yaml). Give the topic another name."))
            continue
        found.add(topic_id)
        name = topic_file_name(topic_id)
        id_lines[(name, f"(topic)/{topic_id}")] = 1
        node = read_yaml_nodes(path, issues) if path.exists() else None
        merged = None
        if layer is not None and layer.has(name):
            merged = layer.merge(name, node, issues)
            if id_paths is not None and node is None:
                id_paths[(name, f"(topic)/{topic_id}")] = layer.folder / name
        if node is None and merged is None:
            if path.exists() and not any(i.path == path for i in issues):
                issues.append(ContentIssue(path, None, "", "file is empty."))
            continue
        value, builder = _build_layered(Topic, path, name, node, merged, layer, issues,
                                        term_ids=term_ids, source_ids=source_ids,
                                        illustrations=illustrations)
        id_lines.update({(name, key): line for key, line in builder.id_lines.items()})
        if id_paths is not None:
            id_paths.update({(name, key): p for key, p in builder.id_paths.items()})
        if value is not _FAIL:
            topics[topic_id] = value
    return frozenset(found), topics


def _load_order(
    folder: Path, issues: list[ContentIssue], id_lines: dict[tuple[str, str], int],
    topic_files: frozenset[str], topics: dict[str, Topic], layer: SiteLayer | None = None,
) -> tuple[str, tuple[str, ...]]:
    """Home's start and sections from ``sections.yaml``; the usual order if it is missing."""
    path = folder / SECTIONS_FILE
    usual = ", ".join((DEFAULT_START, *DEFAULT_SECTIONS))
    if layer is not None and layer.has(SECTIONS_FILE):
        shipped = read_yaml_nodes(path, []) if path.exists() else None
        merged = layer.merge(SECTIONS_FILE, shipped, issues)
        if merged is not None:
            value, builder = _build_layered(
                SectionOrder, path, SECTIONS_FILE, None, merged, layer, issues, term_ids=None,
                source_ids=None, illustrations=None,
                section_keys=frozenset(SPECIAL_SECTIONS) | topic_files)
            if value is not _FAIL:
                id_lines.update({(path.name, key): line
                                 for key, line in builder.id_lines.items()})
                return _order_from(value, path, merged, issues, folder, topic_files, topics)
    if not path.exists():
        issues.append(ContentIssue(path, None, "", f"is missing, so home shows the usual "
                                   f"sections in the usual order ({usual}) and no topics. Add "
                                   f"{SECTIONS_FILE} to choose them (see docs/content-format.md)."
                                   , "warning"))
        _unlisted(folder, issues, topic_files, ())
        return DEFAULT_START, DEFAULT_SECTIONS
    node = read_yaml_nodes(path, issues)
    if node is None:
        if not any(i.path == path for i in issues):
            issues.append(ContentIssue(path, None, "", f"file is empty. Home shows the usual "
                                       f"order ({usual})."))
        return DEFAULT_START, DEFAULT_SECTIONS
    keys = frozenset(SPECIAL_SECTIONS) | topic_files
    builder = _Builder(path, issues, term_ids=None, source_ids=None, illustrations=None,
                       section_keys=keys)
    value = builder.build(SectionOrder, node, "")
    id_lines.update({(path.name, key): line for key, line in builder.id_lines.items()})
    if value is _FAIL:
        return DEFAULT_START, DEFAULT_SECTIONS
    return _order_from(value, path, node, issues, folder, topic_files, topics)


def _order_from(value: Any, path: Path, node: yaml.Node, issues: list[ContentIssue],
                folder: Path, topic_files: frozenset[str],
                topics: dict[str, Topic]) -> tuple[str, tuple[str, ...]]:
    assert isinstance(value, SectionOrder)
    start: str = value.start
    if start in value.sections:
        sections = _value_node(node, "sections")
        issues.append(ContentIssue(_node_path(sections) or path, _line(sections), "sections",
                      f"'{start}' is home's start already; it is not listed again.", "warning"))
    # A topic whose file has errors is left out (its errors are reported where they are).
    order = tuple(k for k in value.sections
                  if k != start and (k in SPECIAL_SECTIONS or k in topics))
    if start not in SPECIAL_SECTIONS and start not in topics:
        start = DEFAULT_START
    _unlisted(folder, issues, topic_files, (start, *order))
    return start, order


def _unlisted(folder: Path, issues: list[ContentIssue], topic_files: frozenset[str],
              listed: tuple[str, ...]) -> None:
    for topic_id in sorted(topic_files - set(listed)):
        issues.append(ContentIssue(folder / topic_file_name(topic_id), None, "",
                                   f"is not listed in {SECTIONS_FILE}, so home does not show it. "
                                   f"Add '{topic_id}' to the list there.", "warning"))


def _value_node(node: yaml.Node, name: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == name:
                found: yaml.Node = value_node
                return found
    return None


def compare_languages(reference: LoadResult, other: LoadResult, reference_dir: Path,
                      other_dir: Path) -> list[ContentIssue]:
    """Every id in one language must exist in the other, and the reverse (file:line each)."""
    issues = []
    for (mine, theirs, mine_dir, their_dir) in ((reference, other, reference_dir, other_dir),
                                                (other, reference, other_dir, reference_dir)):
        # A topic missing over there is one problem, not one per block.
        missing_files = {file_name for (file_name, key) in mine.id_lines
                         if key.startswith("(topic)/") and (file_name, key) not in theirs.id_lines}
        for (file_name, key), line in sorted(mine.id_lines.items()):
            if file_name in missing_files and not key.startswith("(topic)/"):
                continue
            if (file_name, key) not in theirs.id_lines:
                list_key, item_id = key.rsplit("/", 1)
                where = mine.id_paths.get((file_name, key), mine_dir / file_name)
                if list_key == "(topic)":
                    issues.append(ContentIssue(
                        where, None, "", f"topic '{item_id}' has no match in "
                        f"{their_dir.name}/{file_name}. Every language needs the same topics; "
                        "add it there or remove it here."))
                    continue
                issues.append(ContentIssue(
                    where, line, list_key,
                    f"id '{item_id}' has no match in {their_dir.name}/{file_name}. Every "
                    f"language needs the same ids; add it there or remove it here."))
    return issues
