"""Example questions for the chat: a file (POLICYQA_EXAMPLES, or `<corpus>.examples.txt` beside the
corpus folder) -> groups of questions; without one, questions made from the indexed titles.

The file is UTF-8, one question a line; a line `[label]` starts a group, `#` starts a comment. The
compact /embed page shows the first group only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import PolicyQAError
from core.records import DocumentRecord

TITLE_QUESTION = "《{title}》的主要目标是什么？"
TITLE_QUESTIONS = 3  # one row of examples: the newest documents


class ExamplesFileError(PolicyQAError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot read the example questions in {path} ({reason}); fix the file or "
                         "set POLICYQA_EXAMPLES to a UTF-8 file with one question a line")


@dataclass
class ExampleGroup:
    label: str  # empty: the page's own label
    questions: list[str] = field(default_factory=list)


def examples_beside(corpus: Path) -> Path:
    """`corpus/seeds` -> `corpus/seeds.examples.txt`: outside the folder, so it is never ingested."""
    return corpus.with_name(f"{corpus.name}.examples.txt")


def read_examples(path: Path) -> list[ExampleGroup]:
    """The groups of an examples file, in file order; empty groups left out."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ExamplesFileError(path, error.strerror or str(error)) from error
    except UnicodeDecodeError as error:
        raise ExamplesFileError(path, "not UTF-8") from error
    groups = [ExampleGroup("")]
    for line in (raw.strip() for raw in lines):
        if line.startswith("[") and line.endswith("]"):
            groups.append(ExampleGroup(line[1:-1].strip()))
        elif line and not line.startswith("#"):
            groups[-1].questions.append(line)
    return [group for group in groups if group.questions]


def examples_from_titles(documents: Sequence[DocumentRecord]) -> list[ExampleGroup]:
    """A question about each of the newest documents (by date, then title)."""
    newest = sorted((d for d in documents if d.title), key=lambda d: (d.date, d.title), reverse=True)
    titles = list(dict.fromkeys(d.title for d in newest))[:TITLE_QUESTIONS]
    return [ExampleGroup("", [TITLE_QUESTION.format(title=title) for title in titles])] if titles else []


def example_questions(setting: str, corpus: Path,
                      documents: Sequence[DocumentRecord]) -> list[ExampleGroup]:
    """POLICYQA_EXAMPLES if set (it must exist), else the file beside the corpus if there is one,
    else questions about the indexed documents."""
    if setting:
        path = Path(setting)
        if not path.is_file():
            raise ExamplesFileError(path, "no such file")
    else:
        path = examples_beside(corpus)
    groups = read_examples(path) if path.is_file() else []
    return groups or examples_from_titles(documents)
