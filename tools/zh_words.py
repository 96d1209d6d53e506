"""Write resources/text/zh_words.txt: the Chinese words of the shipped text, as jieba finds them.

A line may break between any two Chinese characters, so the guide keeps each word of two or
more characters on one line (cartguide.ui.widgets.text.joins). The words come from a real
segmenter: jieba (MIT licence, its own dictionary, no network) cuts every Chinese string under
content/zh_CN (pages, glossary, the UI's words in ui.yaml) and every word it finds is listed.
jieba is a tool-time dependency only (the "dev" extra): loading its 350,000-word dictionary
takes over a second, which the guide must not spend at start-up; the list it leaves is a few
thousand words, read on the first Chinese paragraph.

    python tools/zh_words.py          # rewrite the list after changing Chinese content
    python tools/zh_words.py --check  # exit 1 if the list is out of date (tests do this)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "text" / "zh_words.txt"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LINK = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
HEADER = ("# Chinese words of the shipped text (tools/zh_words.py, from jieba's segmentation);"
          " a line never breaks inside one. Do not edit by hand.\n")


def strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)


def shipped_chinese(root: Path = ROOT) -> list[str]:
    """Every Chinese string of the shipped content, glossary links as their words."""
    found: list[str] = []
    for path in sorted((root / "content" / "zh_CN").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in strings(data):
            text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
            if _HAN.search(text):
                found.append(text)
    return found


def segment(text: str) -> list[str]:
    """``text`` cut into words by jieba (dictionary only, no guessing of new words)."""
    import jieba

    jieba.setLogLevel(60)
    return list(jieba.cut(text, HMM=False))


def words(texts: list[str]) -> list[str]:
    found = {w for text in texts for w in segment(text)
             if len(w) >= 2 and all(_HAN.match(ch) for ch in w)}
    return sorted(found)


def render(texts: list[str]) -> str:
    return HEADER + "".join(w + "\n" for w in words(texts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the list is out of date")
    args = parser.parse_args(argv)
    wanted = render(shipped_chinese())
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.is_file() else ""
        if current != wanted:
            print(f"{OUT.relative_to(ROOT)} is out of date: run python tools/zh_words.py",
                  file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(wanted, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {wanted.count(chr(10)) - 1} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
