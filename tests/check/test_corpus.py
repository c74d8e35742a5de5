"""The evaluation corpus is well formed: every document reads as a post, and every
labelled fluff sentence is in it once, with a known category. (Its figures are printed by
bench/bench_judgement.py; issue 13 asks tests to hold them once the checker reaches them.)"""

from __future__ import annotations

from collections import Counter

from inpublic.workspace import load_post

from .judgement import load


def test_every_label_is_found_once_and_every_document_reads() -> None:
    docs = load()
    assert docs, "the corpus is empty"
    for doc in docs:
        load_post(doc.path)  # valid front matter, UTF-8, a post
        if doc.label == "fluffy":
            assert doc.spans, f"{doc.path}: a fluffy document with no fluff sentence labelled"
    kinds = Counter((doc.lang, doc.label) for doc in docs)
    assert set(kinds) == {
        ("en", "concrete"),
        ("en", "fluffy"),
        ("zh", "concrete"),
        ("zh", "fluffy"),
    }
