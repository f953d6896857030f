"""python -m ingest PATH... [--db DIR] [--prune]: bring the policy index in line with files.
python -m ingest --check [--db DIR]: whether Chroma, the catalog and the keyword index agree."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import PolicyQAError
from ingest.budget import FileBudget
from ingest.config import IngestConfig
from ingest.formats import LOADERS
from settings import settings_for_cli


def main(argv: list[str] | None = None) -> int:
    settings = settings_for_cli()
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path,
                        help=f"files or folders ({' '.join(LOADERS)}); default {settings.corpus}")
    parser.add_argument("--db", type=Path, default=settings.db, help="index directory (POLICYQA_DB)")
    parser.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    parser.add_argument("--rebuild-catalog", action="store_true",
                        help="refill the keyword index and catalog from Chroma, then exit")
    parser.add_argument("--check", action="store_true",
                        help="verify that Chroma, the catalog and the keyword index agree (no duplicate, "
                             "orphan or missing chunks, no unfinished writes), then exit: 0 consistent, 1 not")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--if-empty", action="store_true",
                        help="do nothing when the index already holds documents (used by run.sh)")
    args = parser.parse_args(argv)
    if args.check:
        return _check(args.db, settings.chroma_url, settings.collection)
    try:
        from ingest.pipeline import ingest_paths
        from vectorstore.index import open_index
        from vectorstore.models import load_embeddings

        embeddings = load_embeddings(settings.embedding_model, settings.models_dir)
        index = open_index(args.db, embeddings, chroma_url=settings.chroma_url,
                           collection=settings.collection)
        if args.if_empty and index.catalog.documents():
            print(f"index in {args.db} already holds {len(index.catalog.documents())} documents")
            return 0
        if args.rebuild_catalog:
            print(f"catalog rebuilt from Chroma: {index.rebuild_catalog()} documents")
            return 0
        report = ingest_paths(args.paths or [settings.corpus], index,
                              config=IngestConfig.from_settings(settings),
                              count_tokens=embeddings.count_tokens, count_many=embeddings.count_tokens_many,
                              prune=args.prune, progress=not args.quiet,
                              budget=FileBudget.from_settings(settings), today=settings.as_of())
    except PolicyQAError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def _check(db: Path, chroma_url: str, collection: str) -> int:
    """Print what the consistency check found; 0 when the index is consistent, else 1."""
    from vectorstore.consistency import check_index

    try:
        check = check_index(db, chroma_url=chroma_url, collection=collection)
    except PolicyQAError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(check.summary())
    return 0 if check.consistent else 1


if __name__ == "__main__":
    sys.exit(main())
