"""The web tests' shared apps: small real indexes, the parts app.py wires, and loopback servers."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from ingest.pipeline import ingest_paths
from tests.app_server import CONFIG, PORTAL, app_settings, build_index, make_parts, serve
from tests.conftest import POLICIES
from vectorstore.index import open_index
from vectorstore.models import SentenceEmbeddings
from web.server import create_app
from web.service import AppParts

PLAN_FILE = "deqing_plan.txt"
# Targets in prose and in a table with baselines (three units), one indicator given two values
# (a conflict), markup in a quote, a 文号 and a validity period that ended on 2025-12-31.
PLAN = """德清县科技创新发展行动计划
德政办发〔2023〕12号
一、发展目标
到2025年,全县高新技术企业达到500家以上,研发投入占GDP比重达到3.6%。
主要指标
指标名称 | 2022年 | 2025年 |
研发投入占GDP比重(%) | 2.8 | 3.5 |
高新技术企业数(家) | 300 | 500 |
技术交易额(亿元) | 12 | 20 |
二、保障措施
(一)孵化载体。<script>window.__xss=1</script>到2025年,新增<b>孵化器</b>10家。
本计划自2023年1月1日起施行,有效期至2025年12月31日。
德清县人民政府办公室
2023年1月1日
"""
INGESTED_ON = datetime.date(2024, 6, 1)
CHROMIUM = "/usr/bin/chromium"  # installed by scripts/bootstrap.sh
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-gpu"]  # the plan was in force then, so its stored status says so


@pytest.fixture(scope="session")
def parts(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> AppParts:
    """The extractive app's parts over tests/data/policies (two documents)."""
    db = tmp_path_factory.mktemp("api-db")
    return make_parts(build_index(db, embeddings), app_settings(db))


@pytest.fixture(scope="session")
def url(parts: AppParts) -> Iterator[str]:
    """The whole app (API and UI) on a loopback port; PORTAL may call and frame it."""
    with serve(create_app(parts, allowed_origins=[PORTAL])) as base:
        yield base


def parts_with(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings,
               files: dict[str, str]) -> AppParts:
    """The app's parts over tests/data/policies and `files` (name -> text), ingested as `python -m ingest`
    does on INGESTED_ON: the catalog holds their targets, statuses and support measures."""
    folder = tmp_path_factory.mktemp("extra")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path_factory.mktemp("extra-db")
    index = open_index(db, embeddings)
    ingest_paths([POLICIES, folder], index, config=CONFIG, count_tokens=embeddings.count_tokens,
                 count_many=embeddings.count_tokens_many, progress=False, today=INGESTED_ON)
    return make_parts(index, app_settings(db))


@pytest.fixture(scope="session")
def plan_parts(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> AppParts:
    """The app's parts over tests/data/policies and PLAN."""
    return parts_with(tmp_path_factory, embeddings, {PLAN_FILE: PLAN})


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium (installed by scripts/bootstrap.sh), driven by playwright."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def plan_url(plan_parts: AppParts) -> Iterator[str]:
    """The whole app over `plan_parts` on a loopback port."""
    with serve(create_app(plan_parts, allowed_origins=[])) as base:
        yield base
