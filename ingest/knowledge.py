"""Indexed documents -> what is read out of them (status, targets, support measures), stored beside their chunks."""

from __future__ import annotations

import datetime

from ingest.measures import extract_measures
from ingest.status import document_status
from ingest.targets import extract_targets
from vectorstore.catalog import Catalog

# Bump when the status or target extraction changes: every document is read again (from the
# catalog's clean text, without re-embedding) on the next ingest.
KNOWLEDGE_VERSION = "7"


def refresh_knowledge(catalog: Catalog, *, today: datetime.date) -> int:
    """Read status, targets and support measures out of each document that lacks them or was read by an older
    extractor; returns how many documents were read."""
    read = 0
    for doc_id in catalog.stale_knowledge(KNOWLEDGE_VERSION):
        document = catalog.document(doc_id)
        if document is None:  # removed since the list was made
            continue
        status = document_status(document, today=today)
        catalog.put_knowledge(doc_id, KNOWLEDGE_VERSION, status,
                              extract_targets(document, doc_status=status.status),
                              extract_measures(document, doc_status=status.status))
        read += 1
    return read
