"""A tiny innovation-voucher policy as evidence, shared by the answer-check tests."""

from __future__ import annotations

from core.records import ChunkRecord, DocumentRecord, Evidence

SUBSIDY = "企业购买检验检测服务的,按实际支出的50%给予补助,每家企业每年最高20万元。"
DEADLINE = "企业于每年6月30日前通过科技局网站提交申请。"


def voucher_passages() -> list[Evidence]:
    """[1] the subsidy, [2] the deadline: two passages of one document, exact spans of its text."""
    clean = f"某县科技创新券实施办法\n{SUBSIDY}\n{DEADLINE}"
    document = DocumentRecord("doc1", "/p/a.txt", "a.txt", "某县科技创新券实施办法", clean, "某县")
    found = []
    for n, text in enumerate((SUBSIDY, DEADLINE)):
        start = clean.index(text)
        chunk = ChunkRecord(f"doc1:{n:05d}", "doc1", n, start, start + len(text), ("二、支持标准",), text)
        found.append(Evidence(chunk, document, 1.0 / (n + 1)))
    return found
