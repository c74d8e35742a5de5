"""How well `inpublic check` judges real writing: the evaluation corpus of issue 13.

tests/check/corpus/ holds documents written for this project in the genres people publish
(engineering posts, postmortems, benchmark write-ups, release notes, tutorials; launch,
funding and award news, marketing READMEs, résumés, about-me pages), each labelled
concrete or fluffy, with every fluff sentence labelled by category. This prints, at the
default severity (warning and above):

- the verdicts per genre, and the share of concrete posts READY or ALMOST and of fluffy
  ones NOT READY;
- the precision of prose findings (the 8 fluff categories) on concrete posts and overall,
  and per category and language; the recall of labelled fluff sentences in fluffy posts;
- the ROC AUC of fluff density (prose findings per 1,000 words) as a fluffy-or-concrete
  score;
- the 10 worst false positives and the 10 worst misses.

The goals are issue 13's. It is a report: it exits 0 whatever the figures.

    python bench/bench_judgement.py [FOLDER] [--all]

Without FOLDER it reports tests/check/corpus/ (the documents the rules are tuned on) and
tests/check/heldout/ (documents written by other hands, not used for tuning: the better
estimate of how the check does on writing it has not seen). --all lists every false
positive and every miss instead of the worst 10.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "check"))
from judgement import CORPUS, GENRES, HELDOUT, evaluate, load  # noqa: E402

from inpublic.config import WORD_CATEGORIES  # noqa: E402


def share(part: tuple[int, int]) -> str:
    hit, total = part
    return f"{hit} of {total} ({100 * hit / total:.0f} %)" if total else "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, help="default: corpus, then heldout")
    parser.add_argument("--all", action="store_true", help="every false positive and miss")
    args = parser.parse_args()
    for folder in [args.folder] if args.folder else [CORPUS, HELDOUT]:
        report(folder, args.all)


def report(folder: Path, every: bool) -> None:
    docs = load(folder)
    result = evaluate(docs)
    shown = None if every else 10
    print(f"\njudgement on {_shown(folder)}: {len(docs)} documents, default severity")
    rows = [
        (
            "concrete posts READY or ALMOST",
            share(result.verdict_share("concrete", ("READY", "ALMOST"))),
            "≥ 80 %",
        ),
        ("fluffy posts NOT READY", share(result.verdict_share("fluffy", ("NOT READY",))), "≥ 90 %"),
        (
            "precision of prose findings on concrete posts",
            share(result.precision(lambda j: j.doc.label == "concrete")),
            "≥ 85 %",
        ),
        ("precision of prose findings overall", share(result.precision()), "≥ 85 %"),
        (
            "recall of fluff sentences in fluffy posts",
            share(result.recall(lambda d, s: d.label == "fluffy")),
            "≥ 75 %",
        ),
        ("fluff density ROC AUC", f"{result.auc():.2f}", "≥ 0.85"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"  {'measure':<{width}}  {'now':<18}  goal")
    for name, now, goal in rows:
        print(f"  {name:<{width}}  {now:<18}  {goal}")

    print("\nverdicts per genre (READY / ALMOST / NOT READY)")
    for genre in GENRES:
        verdicts = Counter(v for d, v in result.verdicts if d.genre == genre)
        if verdicts:
            counts = " / ".join(str(verdicts[v]) for v in ("READY", "ALMOST", "NOT READY"))
            print(f"  {genre:<18} {counts}")

    print("\nper category and language: precision (findings in a labelled sentence), recall")
    for category in WORD_CATEGORIES:
        for lang in ("en", "zh"):
            precision = result.precision(
                lambda j, c=category, la=lang: j.category == c and j.doc.lang == la
            )
            recall = result.recall(
                lambda d, s, c=category, la=lang: s.category == c and d.lang == la
            )
            if precision[1] or recall[1]:
                print(f"  {category:<18} {lang}  {share(precision):<18}  {share(recall)}")

    wrong = [j for j in result.findings if j.span is None]
    wrong.sort(key=lambda j: (j.doc.label != "concrete", j.severity != "warning"))
    print("\nworst false positives (findings outside every labelled sentence)")
    for j in wrong[:shown]:
        print(f"  {_shown(j.doc.path)}:{j.line} {j.rule}: {j.text[:70]}")
    missed = [(d, s) for d in docs for s in d.spans if s not in result.caught[id(d)]]
    missed.sort(key=lambda pair: pair[0].label != "fluffy")
    print("\nworst misses (labelled fluff sentences with no finding)")
    for doc, span in missed[:shown]:
        print(f"  {_shown(doc.path)} [{span.category}] {span.text[:70]}")


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
