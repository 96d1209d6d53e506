"""Tools for content authors: JSON Schemas for editors, and a style lint beyond validation.

Qt-free (``cartguide schema`` and ``cartguide lint`` need no display).

* :func:`json_schema` turns the model dataclasses (:mod:`cartguide.content.model`) into one JSON
  Schema (draft 2020-12) per section file, so an editor such as VS Code can complete keys and
  underline mistakes while typing. :func:`write_schemas` saves them as ``<section>.schema.json``.
* :func:`lint` reports what the loader accepts but a reviewer should look at again: English
  paragraphs above reading grade 8, long Chinese sentences, numbers without sources and a
  review date more than a year old. Findings are warnings, except the stale review date, which
  is an error (``cartguide lint`` exits 1).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from cartguide.content import markup
from cartguide.content.loader import ContentIssue, read_yaml_nodes
from cartguide.content.model import (
    SECTION_FILES,
    SECTIONS_FILE,
    SHOW_VALUES,
    SPECIAL_SECTIONS,
    TOPICS_FOLDER,
    Id,
    IllustrationName,
    IsoDate,
    Number,
    Plain,
    SectionKey,
    SectionOrder,
    Show,
    SourceId,
    Text,
    Topic,
)

__all__ = [
    "NUMBER_ALLOW_LIST",
    "json_schema",
    "lint",
    "lint_command",
    "reading_grade",
    "schema_command",
    "syllables",
    "write_schemas",
]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
NUMBER_PATTERN = r"^0*[1-9][0-9]*$"

# -- JSON Schema ----------------------------------------------------------------------------------

_TYPE_DESCRIPTIONS: dict[Any, str] = {
    Text: "Patient-facing text. May hold glossary links: [[term-id]] or [[term-id|words shown]].",
    Id: "Lowercase words joined by hyphens, unique within their list, e.g. tumour-burden.",
    SourceId: "The id of a source defined in about.yaml -> sources.",
    IllustrationName: "An SVG in resources/illustrations, without .svg, e.g. step-infusion.",
    IsoDate: "A date written YYYY-MM-DD, in quotes, e.g. \"2026-11-25\".",
    Plain: "Short plain text, no glossary links.",
    Number: "A whole number counting from 1.",
    Show: "Where the block appears: both (the default), screen (never printed) or print "
          "(never shown on screen).",
    SectionKey: "A special section (" + ", ".join(SPECIAL_SECTIONS) + ") or a topic's id: the "
                "name of its file in topics/, without .yaml.",
}
SECTION_KEY_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
#: The schema of a topic file (every ``topics/<id>.yaml``), keyed like the section files.
TOPIC_SCHEMA_KEY = "topic.yaml"

_FIELD_DESCRIPTIONS: dict[str, str] = {
    "title": "The page heading (also shown on the home tile).",
    "blurb": "One short sentence for the home tile.",
    "illustration": "A drawing and its text alternative.",
    "alt": "What the drawing shows, for people who cannot see it.",
    "name": "The SVG's file name without .svg.",
    "app_title": "The app's name in the window title.",
    "welcome": "Paragraphs on the home page.",
    "intro": "Opening paragraphs.",
    "steps": "The treatment steps, in order.",
    "short_title": "Two or three words for the progress strip.",
    "what_happens": "Paragraphs: what happens in this step.",
    "who": "Bullet items: who you will see.",
    "time": "Bullet items: how long it takes.",
    "prepare": "Bullet items: how to prepare.",
    "watch_for": "Bullet items: what to watch for.",
    "sources": "Ids of the sources (about.yaml) for what this part states.",
    "quiz": "Optional 'check your understanding' questions; nothing is scored or kept.",
    "questions": "Questions (quiz) or a block of questions to ask your team.",
    "question": "The question.",
    "choices": "The possible answers.",
    "answer": "Which choice is right, counting from 1.",
    "explanation": "Shown after any answer: kind, plain, never blaming.",
    "heading": "The block's heading.",
    "paragraphs": "Paragraphs of text.",
    "items": "A bullet list.",
    "id": "Lowercase words joined by hyphens, unique within the list.",
    "experience_note": "Shown prominently: this is one person's experience.",
    "timeline": "Events of the story, in order.",
    "when": "When it happened, e.g. 2020 or August 2024.",
    "text": "Paragraphs of text.",
    "after": "Blocks after the story (what it means, what research shows).",
    "note": "The guide never says who qualifies.",
    "checks": "Blocks describing the checks, each with an id.",
    "bring": "What to bring.",
    "call_now": "Warning signs: call your team at once.",
    "effects": "Side effects, one block each with an id.",
    "terms": "Glossary terms.",
    "term": "The term as shown.",
    "definition": "Paragraphs that explain the term.",
    "language": "The language code, the same as the folder name (e.g. en).",
    "content_version": "The content's version, e.g. \"1.0\"; raise it when you sign off a review.",
    "review_date": "When the content was last reviewed, \"YYYY-MM-DD\".",
    "disclaimer_line": "One short sentence shown on every screen and printed page.",
    "sections": "The full disclaimer, as blocks.",
    "detail": "Publisher, year, address: where the source can be found.",
    "callout": "A short note shown in a box (and printed in a box).",
    "show": "both (the default), screen (never printed) or print (never shown on screen).",
    "blocks": "The topic's parts, in order: each a heading with paragraphs, items or a callout.",
    "start": "The one large action on home (default: steps).",
    "studies": "What the studies found: percentages, medians and other figures, shown only "
               "when the reader opens this part.",
    "url": "A link or DOI, shown as plain text (the app opens no links).",
    "checked": "When someone last checked this source, \"YYYY-MM-DD\"; lint warns after 12 "
               "months.",
    "what_changed": "A short list: what changed in this content version.",
    "clinical_review": "The clinical sign-off of this content: leave it out until there is one.",
    "reviewer_role": "The reviewer's role, e.g. oncology nurse educator.",
    "reviewer_name": "The reviewer's name (optional).",
    "date": "The date, \"YYYY-MM-DD\".",
    "emergency_number": "The emergency phone number for this language's country, e.g. 120.",
}


#: Where one class's field means something else than the same name elsewhere.
_CLASS_FIELD_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("SectionOrder", "sections"): "Home's other sections, in order: special sections and topic "
                                  "ids. 'about' stays on the top bar and need not be listed.",
    ("Topic", "title"): "The page heading, also shown on home.",
    ("Topic", "blurb"): "One short line for home.",
}


def _unwrap_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return inner[0]
    return tp


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    tp = _unwrap_optional(tp)
    if typing.get_origin(tp) is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], defs)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder: stops recursion
            defs[name] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    if tp is Number:
        # The loader reads "2" as text; editors read an unquoted 2 as a number: accept both.
        return {"anyOf": [{"type": "integer", "minimum": 1},
                          {"type": "string", "pattern": NUMBER_PATTERN}],
                "description": _TYPE_DESCRIPTIONS[Number]}
    schema: dict[str, Any] = {"type": "string", "minLength": 1}
    if tp is Show:
        schema = {"enum": list(SHOW_VALUES)}
    elif tp is SectionKey:
        schema["pattern"] = SECTION_KEY_PATTERN
    elif tp in (Id, IllustrationName):
        schema["pattern"] = ID_PATTERN
    elif tp is IsoDate:
        schema["pattern"] = DATE_PATTERN
    if tp in _TYPE_DESCRIPTIONS:
        schema["description"] = _TYPE_DESCRIPTIONS[tp]
    return schema


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        prop = dict(_type_schema(hints[f.name], defs))
        need = f.metadata.get("min_items")
        if need and prop.get("type") == "array":
            prop["minItems"] = need
        described = (_CLASS_FIELD_DESCRIPTIONS.get((cls.__name__, f.name))
                     or _FIELD_DESCRIPTIONS.get(f.name))
        if described:  # (beside a $ref too: allowed in 2020-12)
            prop["description"] = described
        properties[f.name] = prop
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    schema: dict[str, Any] = {"type": "object"}
    doc = (cls.__doc__ or "").strip()
    if doc and not doc.startswith(cls.__name__ + "("):  # skip dataclass's generated signature
        schema["description"] = doc.splitlines()[0]
    schema["properties"] = properties
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    if cls.__name__ == "Block":  # the loader's rule: a block needs some words
        schema["anyOf"] = [{"required": ["paragraphs"]}, {"required": ["items"]},
                           {"required": ["callout"]}]
    return schema


def json_schema() -> dict[str, dict[str, Any]]:
    """One JSON Schema (draft 2020-12) per kind of content file, keyed by file name
    (``steps.yaml``, ``sections.yaml``; ``topic.yaml`` for every ``topics/<id>.yaml``)."""
    schemas: dict[str, dict[str, Any]] = {}
    files: list[tuple[str, type, str]] = [
        (file_name, cls, f"The {file_name} section file of one language folder "
         "(content/<language>/).") for file_name, cls in SECTION_FILES.values()]
    files.append((SECTIONS_FILE, SectionOrder, "Home's sections and their order, in one "
                  "language folder (content/<language>/sections.yaml)."))
    files.append((TOPIC_SCHEMA_KEY, Topic, "A topic section: content/<language>/"
                  f"{TOPICS_FOLDER}/<id>.yaml, listed by its id in sections.yaml."))
    for file_name, cls, about in files:
        defs: dict[str, Any] = {}
        root = _object_schema(cls, defs)
        schema: dict[str, Any] = {
            "$schema": SCHEMA_DIALECT,
            "$id": f"https://cartguide.invalid/schemas/{Path(file_name).stem}.schema.json",
            "title": f"CAR-T Guide {file_name}",
            "description": f"{about} Generated from cartguide.content.model.",
            **{k: v for k, v in root.items() if k != "description"},
        }
        if defs:
            schema["$defs"] = defs
        schemas[file_name] = schema
    return schemas


def write_schemas(folder: Path) -> list[Path]:
    """Write ``<section>.schema.json`` (``steps.schema.json``, ...) into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for file_name, schema in json_schema().items():
        path = folder / f"{Path(file_name).stem}.schema.json"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


def schema_command(out_dir: Path) -> int:
    """``cartguide schema -o DIR``: write the schemas and say where."""
    paths = write_schemas(out_dir)
    for path in paths:
        print(f"wrote {path}")
    print(f"{len(paths)} schemas written. See docs/authoring.md to use them in VS Code.")
    return 0


# -- Readability ----------------------------------------------------------------------------------

_WORD = re.compile("[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*")  # \u2019: a curly apostrophe
_SENTENCE_END = re.compile("[.!?]+(?=[\\s\"')\u2019\u201d]|$)")  # before space, quote, bracket
_VOWELS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Syllables in an English word: vowel groups, less a silent final e (at least 1)."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 1  # a number such as "2" reads as about one syllable
    count = len(_VOWELS.findall(w))
    if len(w) > 2 and w.endswith("e") and not w.endswith(("le", "ee", "ye")):
        count -= 1  # silent e: "make", "tube", "vaccine"
    elif w.endswith("le") and len(w) > 2 and w[-3] not in "aeiouy":
        pass  # "table", "simple": the "le" is its own syllable, already counted
    elif w.endswith("es") and len(w) > 3 and w[-3] not in "aeiouy" and \
            not w.endswith(("ses", "zes", "xes", "ches", "shes", "ges", "ces")):
        count -= 1  # "tubes", "makes"
    elif w.endswith("ed") and len(w) > 3 and w[-3] not in "aeiouytd":
        count -= 1  # "asked", "called"
    return max(1, count)


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level of plain English text (0 for text without words)."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    syl = sum(syllables(w) for w in words)
    return 0.39 * (len(words) / sentences) + 11.8 * (syl / len(words)) - 15.59


def _link_plain(text: str) -> str:
    """Links replaced by their words; [[id]] by the id with hyphens as spaces."""
    return markup.plain(text)


# -- Lint -----------------------------------------------------------------------------------------

#: Names that contain digits but state no number (matched before looking for digits).
NUMBER_ALLOW_LIST: tuple[str, ...] = (
    r"Claudin[ -]?18\.2",
    r"紧密连接蛋白\s*18\.2",  # Claudin 18.2 in Chinese
    r"HER2",
    r"CD19",
    r"CT041(?:-ST-01)?",
    r"NCT\d+",
    r"COVID-19",
    r"Phase [1-4]",  # a trial phase is a name, not a result
)
_ALLOWED = re.compile("|".join(NUMBER_ALLOW_LIST), re.IGNORECASE)
#: Keys whose values are never checked (ids, file names, dates, version labels...).
_SKIP_KEYS = frozenset({"id", "name", "review_date", "content_version", "language", "answer",
                        "sources", "show", "url", "checked", "date", "reviewer_role",
                        "reviewer_name", "emergency_number"})
#: Further keys skipped by the numbers check only.
_NUMBER_SKIP_KEYS = frozenset({"when"})
READING_MIN_CHARS = 60
READING_MAX_GRADE = 8.0
ZH_MAX_SENTENCE = 40
_ZH_SPLIT = re.compile("[\u3002\uff01\uff1f\uff1b]")  # full-width stop ! ? ;
STALE_AFTER_DAYS = 365


@dataclasses.dataclass(frozen=True, slots=True)
class _Scalar:
    node: yaml.ScalarNode
    key: str  # "steps[0].what_happens[1]"
    last_key: str  # the nearest mapping key above it: "what_happens"
    mappings: tuple[yaml.MappingNode, ...]  # enclosing mappings, outermost first


def _scalars(node: yaml.Node | None, key: str = "", last_key: str = "",
             mappings: tuple[yaml.MappingNode, ...] = ()) -> Iterator[_Scalar]:
    """Every text value, skipping :data:`_SKIP_KEYS`, with its key path and enclosing mappings."""
    if isinstance(node, yaml.ScalarNode):
        if node.value.strip():
            yield _Scalar(node, key, last_key, mappings)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            yield from _scalars(child, f"{key}[{index}]", last_key, mappings)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = getattr(key_node, "value", "")
            if not isinstance(name, str) or name in _SKIP_KEYS:
                continue
            yield from _scalars(value_node, f"{key}.{name}" if key else name, name,
                                (*mappings, node))


def _has_sources(mapping: yaml.MappingNode) -> bool:
    """True when the mapping lists source ids (a non-empty list of text, or one id)."""
    for key_node, value_node in mapping.value:
        if getattr(key_node, "value", None) != "sources":
            continue
        if isinstance(value_node, yaml.SequenceNode):
            return any(isinstance(item, yaml.ScalarNode) and item.value.strip()
                       for item in value_node.value)
        return isinstance(value_node, yaml.ScalarNode) and bool(value_node.value.strip())
    return False


def _states_number(text: str) -> bool:
    rest = markup.LINK.sub(lambda m: m.group(2) or "", text)  # link ids are not numbers
    rest = _ALLOWED.sub("", rest)
    return any(ch.isdigit() for ch in rest)


def _root_value(root: yaml.Node | None, name: str) -> yaml.ScalarNode | None:
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if getattr(key_node, "value", None) == name and isinstance(value_node,
                                                                      yaml.ScalarNode):
                return value_node
    return None


def _lint_file(path: Path, root: yaml.Node, language: str,
               today: datetime.date) -> list[ContentIssue]:
    issues: list[ContentIssue] = []
    english = language.lower().startswith("en")
    chinese = language.lower().startswith("zh")
    for item in _scalars(root):
        node = item.node
        line = node.start_mark.line + 1
        text = node.value.strip()
        plain = _link_plain(text)
        if english and len(plain) >= READING_MIN_CHARS:
            grade = round(reading_grade(plain), 1)
            if grade > READING_MAX_GRADE:
                issues.append(ContentIssue(
                    path, line, item.key, f"reading level grade {grade:.1f} (aim for 8 or "
                    "below): shorten sentences, use shorter words", "warning"))
        if chinese:
            for sentence in _ZH_SPLIT.split(plain):
                length = len(re.sub(r"\s", "", sentence))
                if length > ZH_MAX_SENTENCE:
                    start = sentence.strip()[:12]
                    issues.append(ContentIssue(
                        path, line, item.key, f"sentence of {length} characters (aim for "
                        f"{ZH_MAX_SENTENCE} or fewer), starting '{start}…': split it", "warning"))
        if (item.last_key not in _NUMBER_SKIP_KEYS and _states_number(text)
                and not any(_has_sources(m) for m in item.mappings)):
            issues.append(ContentIssue(
                path, line, item.key, "states a number but no 'sources' are listed for it",
                "warning"))
    if path.name == "about.yaml":
        date_node = _root_value(root, "review_date")
        if date_node is not None:
            try:
                reviewed = datetime.date.fromisoformat(date_node.value.strip())
            except ValueError:
                reviewed = None  # `cartguide validate` reports a malformed date
            if reviewed is not None and (today - reviewed).days > STALE_AFTER_DAYS:
                issues.append(ContentIssue(
                    path, date_node.start_mark.line + 1, "review_date",
                    f"review date {reviewed.isoformat()} is more than a year old: review the "
                    "content and update it", "error"))
    return issues


def _language_folders(root: Path) -> list[Path]:
    if (root / "home.yaml").exists():
        return [root]
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "home.yaml").exists())


def lint(root: Path, today: datetime.date | None = None) -> list[ContentIssue]:
    """Style findings for every language folder under ``root`` (or ``root`` itself).

    Unreadable files are reported as the loader reports them (errors); ``cartguide validate``
    is the place for everything else that is wrong.
    """
    today = today or datetime.date.today()
    issues: list[ContentIssue] = []
    for folder in _language_folders(Path(root)):
        for path in content_files(folder):
            node = read_yaml_nodes(path, issues)
            if node is not None:
                issues.extend(_lint_file(path, node, folder.name, today))
    return issues


def content_files(folder: Path) -> list[Path]:
    """The files of one language folder that hold the guide's words: the section files, then
    every topic (``topics/<id>.yaml``). (``sections.yaml`` holds only ids.)"""
    paths = [folder / f for f, _cls in SECTION_FILES.values() if (folder / f).exists()]
    topics = folder / TOPICS_FOLDER
    if topics.is_dir():
        paths += sorted(topics.glob("*.yaml"))
    return paths


def lint_command(root: Path | None) -> int:
    """``cartguide lint [--content DIR]``: print every finding and a summary; 1 on any error."""
    from cartguide import resources

    root = resources.content_root() if root is None else Path(root)
    if not _language_folders(root):
        print(f"{root}: no content found. Expected language folders such as en/ holding "
              "home.yaml and the other section files.")
        return 1
    issues = lint(root)
    for issue in issues:
        print(issue)
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = len(issues) - errors
    if not issues:
        print("Lint OK: no findings.")
    else:
        print(f"{errors} error{'s' if errors != 1 else ''}, {warnings} "
              f"warning{'s' if warnings != 1 else ''}.")
    return 1 if errors else 0
