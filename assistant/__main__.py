"""python -m assistant setup | retrieve | eval-retrieval | ask | eval | targets | documents | match."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.backends import BACKENDS
from core.errors import BadInputError, PolicyQAError
from core.knowledge import STATUSES, status_label
from core.records import Filters
from settings import Settings, settings_for_cli

if TYPE_CHECKING:
    from assistant.chain import PolicyAssistant
    from vectorstore.retrieve import Mode


def _setup(settings: Settings, args: argparse.Namespace) -> int:
    from core.token_count import fetch_tiktoken_files
    from vectorstore.models import fetch_embedding_model

    fetch_tiktoken_files(settings.models_dir)
    fetch_embedding_model(settings.models_dir)
    if not args.skip_llm:
        from assistant.llm_weights import fetch_local_llm

        fetch_local_llm(settings.models_dir)
    print(f"models ready in {settings.models_dir}")
    return 0


def _result_rows(evidence: list[Any]) -> list[dict[str, Any]]:
    return [{"rank": rank, "source": e.document.source, "title": e.document.title,
             "section": e.section_path, "text": e.chunk.text, "score": e.score,
             "chunk_id": e.chunk.chunk_id, "start": e.chunk.start, "end": e.chunk.end,
             "region": e.document.region, "date": e.document.date}
            for rank, e in enumerate(evidence, 1)]


FILTER_OPTIONS = ("region", "document", "doc_type", "date_from", "date_to", "status")
STATUS_HELP = f"only documents with this status today, comma-separated: {', '.join(STATUSES)}"


def _add_filter_options(command: argparse.ArgumentParser) -> None:
    """--region, --document, --type, --date-from, --date-to, --status: search only matching documents."""
    command.add_argument("--region", help="a place the document is about")
    command.add_argument("--document", help="file name, doc id or part of the title")
    command.add_argument("--type", dest="doc_type", help="e.g. 意见, 办法, 规划")
    command.add_argument("--date-from", help="issued on or after, yyyy-mm-dd")
    command.add_argument("--date-to", help="issued on or before, yyyy-mm-dd")
    command.add_argument("--status", help=STATUS_HELP)


def _filters(args: argparse.Namespace) -> Filters:
    """The search filters given on the command line (unknown statuses fail here, before models load)."""
    return Filters(**{name: getattr(args, name, None) or "" for name in FILTER_OPTIONS})


def _retrieve(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.evaluation import read_dataset
    from assistant.history import check_question, parse_history
    from assistant.question_frame import standalone_question
    from assistant.wiring import open_searcher

    filters = _filters(args)
    items = read_dataset(args.batch) if args.batch else []  # bad input fails before models load
    searcher = open_searcher(settings, args.db)
    if args.batch:
        for item in items:
            try:
                query = standalone_question(check_question(item.get("question")),
                                                parse_history(item.get("history")))
            except BadInputError as error:
                print(json.dumps({"id": item.get("id"), "error": str(error)}, ensure_ascii=False))
                continue
            rows = _result_rows(searcher.search(query, args.k, filters, args.mode))
            print(json.dumps({"id": item.get("id"), "results": rows}, ensure_ascii=False),
                  flush=True)
        return 0
    rows = _result_rows(searcher.search(check_question(args.question), args.k, filters, args.mode))
    if args.json:
        print(json.dumps({"question": args.question, "results": rows}, ensure_ascii=False,
                         indent=1))
        return 0
    for row in rows:
        print(f"[{row['rank']}] {row['score']:.3f}  {row['title']}  ({row['source']})\n"
              f"    {row['section']}\n    {row['text'][:300]}\n")
    if not rows:
        print("no matching passages")
    return 0


def _eval_retrieval(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.evaluation import gold_quotes, read_dataset, score_retrieval
    from assistant.history import parse_history
    from assistant.question_frame import standalone_question
    from assistant.wiring import open_searcher

    items = [item for item in read_dataset(args.dataset) if gold_quotes(item)]
    searcher = open_searcher(settings, args.db)
    modes: list[Mode] = ["hybrid", "bm25", "dense"] if args.mode == "all" else [args.mode]
    for mode in modes:
        runs = []
        for item in items:
            query = standalone_question(item["question"], parse_history(item.get("history")))
            texts = [e.chunk.text for e in searcher.search(query, max(5, args.k), mode=mode)]
            runs.append((gold_quotes(item), texts))
        print(score_retrieval(runs).table(mode))
    return 0


def _read_history_file(path: Path | None) -> Any:
    if path is None:
        return []
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BadInputError(f"cannot read the history file {path} ({error.strerror})") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        reason = error.msg if isinstance(error, json.JSONDecodeError) else "not UTF-8"
        raise BadInputError(f"{path} is not JSON ({reason}); expected a list of "
                            '{"role": "user"|"assistant", "content": "..."}') from error


def _print_streamed(assistant: PolicyAssistant, question: str, history: list[tuple[str, str]],
                    filters: Filters | None) -> None:
    for event in assistant.stream(question, history, filters):
        if event.kind == "text":
            print(event.text, end="", flush=True)
        elif event.kind == "final" and event.answer is not None:
            answer = event.answer
            print(f"\n\n{answer.answer}\n")
            for c in answer.citations:
                print(f"[{c.n}] 《{c.title}》 {c.section} ({c.source} {c.start}-{c.end}, "
                      f"{status_label(c.doc_status)})\n"
                      f"    “{c.quote}”")
            print(f"\n(backend: {answer.backend}, {answer.timings.get('total_s', 0):.1f} s)")


def _ask(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.evaluation import read_dataset
    from assistant.history import check_question, parse_history
    from assistant.result import answer_json, answer_out
    from assistant.wiring import build_assistant

    given = _filters(args)
    filters = None if given.is_empty() else given
    if args.batch:  # bad input fails before any model loads
        items = read_dataset(args.batch)
    else:
        question = check_question(args.question)
        history = parse_history(_read_history_file(args.history))
    assistant = build_assistant(settings, args.db, args.backend)
    if args.batch:
        for item in items:
            try:
                answer = assistant.ask(check_question(item.get("question")),
                                       parse_history(item.get("history")), filters)
                print(answer_json(answer_out(answer, item.get("id"))), flush=True)
            except BadInputError as error:
                print(json.dumps({"id": item.get("id"), "error": str(error)}, ensure_ascii=False),
                      flush=True)
        return 0
    if args.json:
        print(answer_json(answer_out(assistant.ask(question, history, filters)), indent=1))
        return 0
    _print_streamed(assistant, question, history, filters)
    return 0


def _eval(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.answer_eval import evaluate_answers
    from assistant.evaluation import read_dataset, select_items
    from assistant.wiring import build_assistant, open_searcher

    items = select_items(read_dataset(args.dataset), args.select)
    searcher = open_searcher(settings, args.db)
    assistant = build_assistant(settings, backend=args.backend, searcher=searcher)
    print(evaluate_answers(assistant, items, clean_text=searcher.index.catalog.clean_text,
                           log_path=args.log))
    return 0


def _targets(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.targets_table import target_lines, target_table
    from vectorstore.catalog import open_catalog

    catalog = open_catalog(args.db)  # reading needs no model and no Chroma
    targets = catalog.targets(_filters(args), args.year, today=settings.as_of())
    for line in target_lines(targets) if args.json else [target_table(targets)]:
        print(line)  # no rows: no JSON lines at all
    return 0


def _documents(settings: Settings, args: argparse.Namespace) -> int:
    from core.knowledge import status_on
    from vectorstore.catalog import open_catalog

    catalog = open_catalog(args.db)  # reading needs no model and no Chroma
    statuses, today = catalog.statuses(), settings.as_of()
    for document in catalog.documents():
        stored = statuses.get(document.doc_id)
        status = status_on(stored, today).as_dict() if stored else {"status": "unknown", "status_basis": "default"}
        row = {"source": document.source, "title": document.title, "region": document.region,
               "doc_type": document.doc_type, "issuer": document.issuer, "date": document.date, **status}
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            until = f" 有效期至{row['valid_until']}" if row.get("valid_until") else ""
            print(f"{row['status']:<18} {document.source}  {document.title}{until}")
    return 0


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BadInputError(f"Cannot read the {what} file {path}: {error.strerror}.") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadInputError(f"The {what} file {path} is not UTF-8 JSON ({error}).") from error


def _match(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.matcher import match, match_lines, result_json
    from assistant.profile import profile_from
    from vectorstore.catalog import open_catalog

    if not args.profile and not args.batch:
        raise BadInputError("Give --profile PROFILE.json or --batch IN.jsonl.")
    today = settings.as_of()
    measures = open_catalog(args.db).measures(today=today)  # matching needs no model and no Chroma
    if args.profile:
        result = match(profile_from(_read_json(args.profile, "profile"), today=today), measures, k=args.k)
        for line in [json.dumps(result_json(result), ensure_ascii=False)] if args.json else match_lines(result):
            print(line)
        return 0
    failed = 0
    for number, line in enumerate(_batch_lines(args.batch), 1):
        identifier = str(number)  # a line that is no JSON object is named by its number
        try:
            item = json.loads(line)
            identifier = str(item.get("id", number)) if isinstance(item, dict) else identifier
            if not isinstance(item, dict) or "profile" not in item:
                raise BadInputError('each line must be {"id": ..., "profile": {...}}')
            out = result_json(match(profile_from(item["profile"], today=today), measures, k=args.k),
                              identifier=identifier)
        except (json.JSONDecodeError, BadInputError) as error:
            failed += 1
            out = {"id": identifier, "error": str(error)}
        print(json.dumps(out, ensure_ascii=False))
    return 1 if failed else 0


def _batch_lines(path: Path) -> list[str]:
    try:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except OSError as error:
        raise BadInputError(f"Cannot read the batch file {path}: {error.strerror}.") from error


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    setup = commands.add_parser("setup", help="fetch and verify every model (idempotent)")
    setup.add_argument("--skip-llm", action="store_true",
                       help="only the embedding model and tiktoken")
    retrieve = commands.add_parser("retrieve", help="ranked passages for a question")
    retrieve.add_argument("question", nargs="?")
    retrieve.add_argument("--batch", type=Path, help="JSONL of {id, question, history}")
    retrieve.add_argument("-k", type=int, default=settings.top_k)
    retrieve.add_argument("--json", action="store_true")
    retrieve.add_argument("--mode", choices=["hybrid", "bm25", "dense"], default="hybrid")
    evaluate = commands.add_parser("eval-retrieval", help="recall@1, recall@5 and MRR on a dataset")
    evaluate.add_argument("dataset", type=Path)
    evaluate.add_argument("-k", type=int, default=5)
    evaluate.add_argument("--mode", choices=["hybrid", "bm25", "dense", "all"], default="hybrid")
    ask = commands.add_parser("ask", help="an answer with citations")
    ask.add_argument("question", nargs="?")
    ask.add_argument("--batch", type=Path, help="JSONL of {id, question, history}")
    ask.add_argument("--json", action="store_true")
    ask.add_argument("--history", type=Path,
                     help='JSON file: [{"role": "user", "content": "..."}, ...]')
    for command in (retrieve, ask):
        _add_filter_options(command)
    answer_eval = commands.add_parser("eval", help="answer quality: must_include, refusals, citations")
    answer_eval.add_argument("dataset", type=Path)
    answer_eval.add_argument("--log", type=Path, help="write each answer as a JSON line here")
    answer_eval.add_argument("--select", action="append", default=[], metavar="KEY=VALUE",
                             help="only items whose KEY is VALUE (repeatable), e.g. corpus=seeds, type=list")
    targets = commands.add_parser("targets", help="the targets the documents state (read at ingest)")
    targets.add_argument("--region")
    targets.add_argument("--document", help="file name, doc id or part of the title")
    targets.add_argument("--status", help=STATUS_HELP)
    targets.add_argument("--year", type=int, help="target year")
    targets.add_argument("--json", action="store_true", help="one JSON line per target")
    documents = commands.add_parser("documents", help="indexed documents with their status as of today")
    documents.add_argument("--json", action="store_true", help="one JSON line per document")
    matching = commands.add_parser("match", help="support measures that apply to an enterprise profile")
    matching.add_argument("--profile", type=Path, help="JSON file: {region, province, industry, size, ...}")
    matching.add_argument("--batch", type=Path, help='JSONL of {"id", "profile"}')
    matching.add_argument("-k", type=int, default=20, help="measures to list")
    matching.add_argument("--json", action="store_true", help="one JSON line")
    for command in (ask, answer_eval):
        command.add_argument("--backend", choices=sorted(BACKENDS), default=settings.llm_backend,
                             help="answer backend (POLICYQA_LLM_BACKEND)")
    for command in (retrieve, evaluate, ask, answer_eval, targets, documents, matching):
        command.add_argument("--db", type=Path, default=settings.db,
                             help="index directory (POLICYQA_DB)")
    return parser


def main(argv: list[str] | None = None) -> int:
    settings = settings_for_cli()
    args = _parser(settings).parse_args(argv)
    if args.command in ("retrieve", "ask") and not args.question and not args.batch:
        print("error: give a question or --batch FILE", file=sys.stderr)
        return 2
    handlers = {"setup": _setup, "retrieve": _retrieve, "eval-retrieval": _eval_retrieval,
                "ask": _ask, "eval": _eval, "targets": _targets,
                "documents": _documents, "match": _match}
    try:
        return handlers[args.command](settings, args)
    except PolicyQAError as error:  # anything else is a bug: its traceback is the report
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
