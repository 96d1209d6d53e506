"""Property tests: the loader never raises, whatever bytes a section file holds, and content that
is valid by construction (the bundled guide with its words replaced) always loads and renders."""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from cartguide import resources
from cartguide.content import ContentIssue, LoadResult, load_guide, markup
from cartguide.content.model import SECTION_FILES
from tests.conftest import dispose
from tests.fakes import FakeSpeaker

ILLUSTRATIONS = resources.illustration_names()
SECTIONS = tuple(SECTION_FILES)
#: CARTGUIDE_FUZZ_SCALE=10 runs ten times as many examples (for a deeper, slower search).
SCALE = float(os.environ.get("CARTGUIDE_FUZZ_SCALE", "1"))
HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
          HealthCheck.large_base_example]


def examples(count: int) -> settings:
    return settings(max_examples=max(1, round(count * SCALE)), deadline=None,
                    suppress_health_check=HEALTH)


FUZZ_SETTINGS = examples(100)  # each load of the whole guide takes ~70 ms


def bundled(language: str, file_name: str) -> dict[str, Any]:
    """A bundled section file as plain dicts/lists/str (BaseLoader: no implicit typing, so a
    dump gives back the same words)."""
    text = (resources.content_root() / language / file_name).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.BaseLoader)  # BaseLoader builds only str
    assert isinstance(data, dict)
    return data


def load(folder: Path) -> LoadResult:
    return load_guide(folder, illustrations=ILLUSTRATIONS)


# -- 1. any bytes ----------------------------------------------------------------------------

json_leaf = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
nested = st.recursive(
    json_leaf,
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)
# Keys the real files use, so random structure reaches the builder's field checks too.
FIELD_NAMES = sorted({"title", "blurb", "illustration", "name", "alt", "app_title", "welcome",
                      "intro", "steps", "id", "short_title", "what_happens", "who", "time",
                      "prepare", "watch_for", "sources", "quiz", "heading", "questions",
                      "choices", "answer", "explanation", "paragraphs", "items"})
shaped = st.recursive(
    json_leaf,
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.sampled_from(FIELD_NAMES), children, max_size=8),
    max_leaves=40,
)


def dumped(value: object) -> bytes:
    return yaml.safe_dump(value, allow_unicode=True).encode("utf-8")


HOSTILE: list[bytes] = [
    b"title: &a Hi\nblurb: *a\n",
    b"a: &a [*a, *a]\n",
    b"lol: &l [x, x, x]\nlol2: &l2 [*l, *l, *l]\nlol3: [*l2, *l2, *l2]\n",
    b"title: !!python/object:os.system [echo hi]\n",
    b"title: !!python/object/apply:os.system [echo hi]\n",
    b"!!python/name:os.system\n",
    b"title: !custom x\n",
    b"title: ! x\nblurb: y\n",
    b"title:\tHi\n\tblurb: y\n",
    b"\tTitle: x\n",
    b"\xef\xbb\xbftitle: Welcome\n",
    b"\xef\xbb\xbf\xef\xbb\xbftitle: Welcome\n",
    b"title: a\xef\xbb\xbfb\n",
    b"\xff\xfet\x00i\x00",
    b"title: \x00\n",
    b"title: \x01\x02\n",
    b"title: caf\xe9\n",
    b"\xed\xa0\x80",  # an encoded surrogate: not UTF-8
    b"[" * 5000,
    b"[" * 5000 + b"]" * 5000,
    b"{a: " * 3000 + b"b" + b"}" * 3000,
    b"- " * 3000 + b"x\n",
    "".join(" " * i + "- \n" for i in range(2000)).encode(),
    b"title: " + b"x" * (300 * 1024) + b"\n",
    b"title: " + b"x" * (256 * 1024 - 8) + b"\n",  # just under the limit
    b"---\ntitle: a\n---\ntitle: b\n",
    b"%YAML 1.1\n---\ntitle: a\n",
    b"%TAG ! tag:example.com,2000:\n---\ntitle: !x a\n",
    b"? [a, b]\n: c\n",
    b"? {a: b}\n: c\n",
    b"{[a]: b}\n",
    b"<<: {title: x}\n",
    b"title: ~\nblurb: null\n",
    b"title: ''\n",
    b"title: '   '\n",
    b"...\n",
    b"---\n",
    b"",
    b"   \n\n",
    b"# only a comment\n",
    b"title: \"unterminated\n",
    b"title: 'a\n",
    b"\x85\xe2\x80\xa8\xe2\x80\xa9",
    b"title: a\r\nblurb: b\r\n",
    b"title: a\rblurb: b\r",
    "title: \u2028x\nblurb: \u0085y\n".encode(),
    b"illustration: {name: 'x' , alt: }\n",
    b"welcome: [[car-t]]\n",
    b"welcome: ['[[car-t]]', '[[nope|]]', '[[|x]]', '[[car-t|]]']\n",
    b"answer: \xc2\xb2\n",
]

fuzz_bytes = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda s: s.encode("utf-8")),
    st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!|>'\"#\n\t?,%@`~")), max_size=300)
    .map(lambda s: s.encode("utf-8")),
    nested.map(dumped),
    shaped.map(dumped),
    st.sampled_from(HOSTILE),
)


def valid_with_random_parts(section: str) -> st.SearchStrategy[bytes]:
    """The bundled file with some top-level values swapped for random ones, so most of the file
    is right and the builder goes deep."""
    base = bundled("en", SECTION_FILES[section][0])
    keys = sorted(base)

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        data = copy.deepcopy(base)
        for key in draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True)):
            if draw(st.booleans()):
                data[key] = draw(shaped)
            else:
                del data[key]
        return dumped(data)

    return build()


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, (*path, i))
    else:
        yield path


TRICKY = st.sampled_from([
    "0", "-1", "01", "99", "1.5", " 2 ", "\u0663", "\uff12", "2026-02-30", "2026-1-1", "Bad Id",
    "a--b", "-a", "", "~", "null", "[[x]]", "[[", "]]", "[[|]]", "yes", "8:30", "nope",
]) | st.text(max_size=12)


def valid_with_bad_leaves(section: str) -> st.SearchStrategy[bytes]:
    """The bundled file with a few scalars anywhere (ids, names, answers too) made wrong."""
    base = bundled("en", SECTION_FILES[section][0])
    paths = list(leaves(base))

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        data = copy.deepcopy(base)
        for path in draw(st.lists(st.sampled_from(paths), min_size=1, max_size=4)):
            parent: Any = data
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = draw(TRICKY | shaped)
        return dumped(data)

    return build()


@pytest.fixture(scope="module")
def content_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz")
    yield root
    shutil.rmtree(root, ignore_errors=True)


def fresh_en(root: Path, name: str) -> Path:
    """A copy of the bundled English, kept per test; the fuzzed file is rewritten each time."""
    folder = root / name / "en"
    if not folder.is_dir():
        shutil.copytree(resources.content_root() / "en", folder)
    return folder


def check_any_bytes(folder: Path, section: str, data: bytes) -> None:
    target = folder / SECTION_FILES[section][0]
    target.write_bytes(data)
    result = load(folder)  # must not raise
    assert isinstance(result, LoadResult)
    for issue in result.issues:
        assert isinstance(issue, ContentIssue)
        assert issue.path == target, f"an issue in an untouched file: {issue}"
        assert str(issue).startswith(issue.location())
        assert str(issue).startswith(str(target)), str(issue)
        assert issue.severity in ("error", "warning")
        assert issue.line is None or issue.line >= 1
    for other in SECTIONS:
        if other != section:
            assert getattr(result.guide, other) is not None, f"{other} was lost"
    assert result.guide.glossary is not None
    if getattr(result.guide, section) is None:
        assert result.errors, f"{section} is None but no error says why"


@FUZZ_SETTINGS
@given(data=fuzz_bytes | valid_with_random_parts("home") | valid_with_bad_leaves("home"))
def test_any_bytes_in_home_yaml(content_folders: Path, data: bytes) -> None:
    check_any_bytes(fresh_en(content_folders, "home"), "home", data)


@FUZZ_SETTINGS
@given(data=fuzz_bytes | valid_with_random_parts("steps") | valid_with_bad_leaves("steps"))
def test_any_bytes_in_steps_yaml(content_folders: Path, data: bytes) -> None:
    check_any_bytes(fresh_en(content_folders, "steps"), "steps", data)


@pytest.mark.parametrize("answer", ["²", "①", "٣", "\uff12"])
def test_superscript_answer_is_an_issue(content_folders: Path, answer: str) -> None:
    """Found by the fuzzer: load_guide raised (int('²')) instead of reporting the answer."""
    steps = bundled("en", "steps.yaml")
    steps["quiz"]["questions"][0]["answer"] = answer
    folder = fresh_en(content_folders, "superscript")
    (folder / "steps.yaml").write_bytes(dumped(steps))
    result = load(folder)
    assert any(i.key == "quiz.questions[0].answer" for i in result.errors)


# -- 2. valid by construction ----------------------------------------------------------------

#: Keys whose values are ids, names, dates, numbers or codes: kept as shipped.
KEEP = frozenset({"id", "name", "review_date", "answer", "language", "sources"})
LANGUAGES = ("en", "zh_CN")
ORIGINAL = {lang: {f: bundled(lang, f) for f, _ in SECTION_FILES.values()} for lang in LANGUAGES}


def text_paths(value: Any, path: tuple[Any, ...] = (), key: str = "") -> Iterator[tuple]:
    """Where the words are: every string not under a KEEP key."""
    if key in KEEP:
        return
    if isinstance(value, dict):
        for k, v in value.items():
            yield from text_paths(v, (*path, k), k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from text_paths(v, (*path, i), key)
    elif isinstance(value, str):
        yield path


TEXT_PATHS = {lang: [(f, p) for f, data in files.items() for p in text_paths(data)]
              for lang, files in ORIGINAL.items()}

SPECIAL = [
    *"中文治疗细胞淋巴瘤，。：「」\u201c\u201d\u2018\u2019'\":#-?!&*|>%@`{}[],~ \u3000\xa0",
    "😀", "🧬", "👩\u200d⚕️", ": ", " #", "- ", "---", "...", "null", "no", "8:30", "0123", "&a",
    "*a", "!!str", "< b", "<1", "&amp;", "%s", "{0}", "\\n",
]
words = (
    st.lists(
        st.sampled_from(SPECIAL)
        | st.characters(categories=("L", "M", "N", "P", "S", "Zs")),
        min_size=1, max_size=30,
    )
    .map("".join)
    .filter(lambda s: bool(s.strip()) and "[[" not in s and "]]" not in s
            # HTML-looking text is an error by design (tests/test_plain_text.py)
            and markup.html_like(s) is None)
)


@st.composite
def perturbed(draw: st.DrawFn, language: str) -> dict[str, dict[str, Any]]:
    files = copy.deepcopy(ORIGINAL[language])
    paths = TEXT_PATHS[language]
    for index in draw(st.lists(st.integers(0, len(paths) - 1), min_size=1, max_size=60)):
        file_name, path = paths[index]
        parent: Any = files[file_name]
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = draw(words)
    return files


def write_language(root: Path, language: str, files: dict[str, dict[str, Any]]) -> Path:
    """The bundled language folder, with the files whose words changed dumped anew."""
    folder = root / language
    shutil.copytree(resources.content_root() / language, folder, dirs_exist_ok=True)
    for file_name, data in files.items():
        if data == ORIGINAL[language][file_name] and files is not ORIGINAL[language]:
            continue  # unchanged: the shipped file (dumping is slow)
        (folder / file_name).write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=80),
            encoding="utf-8")
    return folder


def load_perturbed(root: Path, language: str, files: dict[str, dict[str, Any]]) -> LoadResult:
    result = load(write_language(root, language, files))
    assert result.errors == (), "\n".join(map(str, result.errors))
    for section in SECTIONS:
        assert getattr(result.guide, section) is not None, section
    return result


def test_bundled_content_round_trips_unchanged() -> None:
    """The harness itself: dumping the bundled content back changes nothing the loader sees."""
    for language in LANGUAGES:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = load_perturbed(Path(tmp), language, ORIGINAL[language])
        shipped = load(resources.content_root() / language)
        assert fresh.guide == shipped.guide


@pytest.mark.parametrize("language", LANGUAGES)
@examples(30)
@given(data=st.data())
def test_any_words_load_without_errors(language: str, data: st.DataObject) -> None:
    files = data.draw(perturbed(language))
    with tempfile.TemporaryDirectory() as tmp:
        load_perturbed(Path(tmp), language, files)


@pytest.fixture(scope="module")
def styled(qapp: QApplication) -> QApplication:
    from cartguide.ui import theme

    theme.apply(qapp)
    return qapp


@pytest.mark.parametrize("language", LANGUAGES)
@examples(3)  # a window with every page and step takes about 3 s
@given(data=st.data())
def test_any_words_render_every_page(styled: QApplication, language: str,
                                     data: st.DataObject) -> None:
    from cartguide.ui import theme, translator
    from cartguide.ui.main_window import SECTIONS as PAGES
    from cartguide.ui.main_window import MainWindow
    from cartguide.ui.pages.steps import StepsPage

    files = data.draw(perturbed(language))
    with tempfile.TemporaryDirectory() as tmp:
        result = load_perturbed(Path(tmp), language, files)
        translator.install(Path(tmp) / language, language)
        theme.apply(styled, theme.View(language=language))
        window = MainWindow(result.guide, issues=result.issues, speaker=FakeSpeaker())
        try:
            window.show()
            for key in PAGES:
                window.show_section(key)
                QApplication.processEvents()
                page = window.page(key)
                assert page.title.strip(), f"{key} has no title"
                if isinstance(page, StepsPage):
                    for index in range(page.count + (page.quiz_index is not None)):
                        page.show_step(index)
                        QApplication.processEvents()
                        assert page.title.strip(), f"steps[{index}] has no title"
        finally:
            dispose(window)
