"""The scale benchmark's arithmetic: the ceiling comes from the sampled batches only."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("bench_scale_figures",
                                               Path(__file__).parents[2] / "bench/scale_figures.py")
assert _SPEC and _SPEC.loader
scale = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(scale)


def test_ingest_is_compared_with_the_encode_rate_of_the_sampled_chunks() -> None:
    progress = {"added_chunks": 1000, "ingest_s": 40.0, "sampled_chunks": 250,
                "encode_b4_s": 10.0, "encode_b8_s": 8.0}

    figures = scale.ingest_figures(progress)

    assert figures["ingest_cps"] == pytest.approx(25.0)
    assert figures["encode_cps"] == {4: pytest.approx(25.0), 8: pytest.approx(31.25)}
    assert figures["ingest_vs_ceiling"] == pytest.approx(0.8)
    assert figures["embedded_vs_ceiling"] == pytest.approx(0.8)  # rows from before vector reuse


def test_chunks_that_reused_a_vector_raise_throughput_but_not_the_overhead_ratio() -> None:
    progress = {"added_chunks": 1000, "embedded_chunks": 900, "ingest_s": 40.0, "sampled_chunks": 250,
                "encode_b4_s": 10.0, "encode_b8_s": 8.0}

    figures = scale.ingest_figures(progress)

    assert figures["ingest_vs_ceiling"] == pytest.approx(0.8)
    assert figures["embedded_vs_ceiling"] == pytest.approx(0.72)


def test_rows_of_older_versions_get_no_ratio() -> None:
    older = {"added_chunks": 1000, "ingest_s": 40.0, "ceiling_s": 30.0, "per_document_s": 35.0}

    assert scale.ingest_figures(older)["ingest_vs_ceiling"] is None


def test_ratios_compare_the_re_encoded_batches_with_their_own_ingestion() -> None:
    progress = {"added_chunks": 1000, "embedded_chunks": 900, "ingest_s": 40.0, "sampled_chunks": 200,
                "encode_b4_s": 10.0, "encode_b8_s": 8.0,
                "paired_chunks": 220, "paired_embedded": 200, "paired_ingest_s": 10.0}

    figures = scale.ingest_figures(progress)

    assert figures["ingest_cps"] == pytest.approx(25.0)  # throughput counts every batch
    assert figures["ingest_vs_ceiling"] == pytest.approx(22.0 / 25.0)
    assert figures["embedded_vs_ceiling"] == pytest.approx(20.0 / 25.0)
    assert figures["embedded_vs_ceiling_unpaired"] == pytest.approx(22.5 / 25.0)


def test_a_resumed_checkpoint_adds_the_paired_figures_of_both_sessions() -> None:
    first = {key: 1.0 for key in ("added_chunks", "embedded_chunks", "added_docs", "ingest_s",
                                  "ingest_encode_s", "encode_b4_s", "encode_b8_s", "sampled_chunks",
                                  "paired_chunks", "paired_embedded", "paired_ingest_s")}
    first["peak_rss_mb"] = 10.0
    second = {**first, "paired_ingest_s": 2.5, "peak_rss_mb": 12.0}

    total = scale.add_segment(scale.add_segment({}, first), second)

    assert total["paired_ingest_s"] == pytest.approx(3.5)
    assert total["paired_chunks"] == 2.0
    assert total["sessions"] == 2 and total["peak_rss_mb"] == 12.0
