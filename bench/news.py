"""The news corpus (../shared/data/crud-rag-news) -> policy-sized .txt documents and held-out questions."""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator
from pathlib import Path

NEWS = Path(__file__).resolve().parent.parent.parent / "shared/data/crud-rag-news/data/80000_docs"
_DATELINE = re.compile(r"^[^，。]{0,40}?(日电|日讯|报道|消息)[\s：:]*")
_ASIDE = re.compile(r"[（(][^）)]{0,40}[）)]")


def parse_line(line: str) -> tuple[str, str]:
    """`<timestamp>，正文：<body>` -> (timestamp, body)."""
    stamp, sep, body = line.partition("，正文：")
    return (stamp.strip(" []，,"), body.strip()) if sep else ("", line.strip())


def news_lines(files: list[Path], skip: int = 0) -> Iterator[tuple[int, str, str]]:
    """(ordinal, timestamp, body) of every document after the first `skip`, read line by line."""
    ordinals = itertools.count()
    for file in files:
        with file.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip() and (ordinal := next(ordinals)) >= skip:
                    yield ordinal, *parse_line(line)


def opening_sentence(body: str, limit: int = 60) -> str:
    """A question-sized query: the first sentence without dateline and asides, at most `limit` chars."""
    text = _DATELINE.sub("", _ASIDE.sub("", body), count=1)
    return re.split(r"[。！？]", text, maxsplit=1)[0].strip(" ，,：:")[:limit]


def held_out_questions(file: Path, n: int, seed: int) -> list[str]:
    with file.open(encoding="utf-8") as lines:
        count = sum(1 for line in lines if line.strip())
    # B311: seeded sampling for a benchmark, not security
    chosen = set(random.Random(seed).sample(range(count), min(n, count)))  # nosec B311
    questions = [opening_sentence(body) for i, _, body in news_lines([file]) if i in chosen]
    return [q for q in questions if len(q) >= 8]


class Corpus:
    """Writes the next news documents into WORK/docs, continuing after the files already there."""

    def __init__(self, files: list[Path], folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.written = sorted(folder.glob("news-*.txt"))
        skip = int(self.written[-1].stem.split("-")[1]) + 1 if self.written else 0
        self.lines = news_lines(files, skip)

    def write(self, n: int) -> list[Path]:
        paths = []
        for ordinal, stamp, body in itertools.islice(self.lines, n):
            path = self.folder / f"news-{ordinal:05d}.txt"
            path.write_text(f"{stamp}\n{body}\n", encoding="utf-8")
            paths.append(path)
        return paths
