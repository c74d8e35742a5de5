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

    python bench/bench_judgement.py [FOLDER] [--all] [--ai]

Without FOLDER it reports tests/check/corpus/ (the documents the rules are tuned on) and
tests/check/heldout/ (documents written by other hands, not used for tuning: the better
estimate of how the check does on writing it has not seen). --all lists every false
positive and every miss instead of the worst 10.

--ai adds the AI second reader (``check --ai``) with the endpoint of the [ai] table of the
workspace in the current folder, and prints the headline figures three times: rules alone,
AI alone, both (the verdicts are the rules': AI findings never change one). Every document
is sent, section by section, unless its answer is in the workspace's cache. Without a
configured endpoint it says so and exits 0. It is not part of `make test`.
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
    parser.add_argument("--ai", action="store_true", help="rules, AI alone and both")
    args = parser.parse_args()
    folders = [args.folder] if args.folder else [CORPUS, HELDOUT]
    if args.ai:
        compare_ai(folders)
        return
    for folder in folders:
        report(folder, args.all)


def compare_ai(folders: list[Path]) -> None:
    """The headline figures for rules alone, the AI alone and both, on each folder."""
    from dataclasses import replace

    from inpublic.ai.reader import second_read
    from inpublic.check import Report, check_file
    from inpublic.config import CheckSettings
    from inpublic.errors import InpublicError
    from inpublic.workspace import find_workspace

    try:
        workspace = find_workspace()
        settings = workspace.config.ai
    except InpublicError:
        workspace, settings = None, None
    if workspace is None or settings is None or not (settings.base_url and settings.model):
        print(
            "no AI endpoint configured: run from a workspace whose inpublic.toml has [ai] "
            "base_url and model (see the README's presets); nothing was sent"
        )
        return
    for folder in folders:
        docs = load(folder)
        rules = Report(tuple(check_file(d.path, CheckSettings()) for d in docs))
        both = second_read(
            rules, settings, state_dir=workspace.state_dir, prompts_dir=workspace.root / "prompts"
        )
        assert both.ai is not None
        for failure in both.ai["failures"]:
            print(f"warning: {failure['path']}: {failure['message']}")
        sources = {"rules alone": ("rules",), "AI alone": ("ai",), "both": ("rules", "ai")}
        print(f"\njudgement on {_shown(folder)}: {len(docs)} documents, model {settings.model}")
        print(
            f"  AI: {both.ai['findings']} findings, {both.ai['dropped']['quote_not_found']} "
            f"quotes not in the post dropped, {both.ai['cached']} of {both.ai['sections']} "
            f"sections from the cache, tokens {both.ai['tokens']}"
        )
        names = ["precision (concrete)", "precision (all)", "recall (fluffy)", "density AUC"]
        print(f"  {'':<12}  " + "  ".join(f"{n:<22}" for n in names))
        for name, kept in sources.items():
            reports = {
                f.path: replace(f, findings=tuple(x for x in f.findings if x.source in kept))
                for f in both.files
            }
            result = evaluate(docs, reports=reports)
            row = [
                share(result.precision(lambda j: j.doc.label == "concrete")),
                share(result.precision()),
                share(result.recall(lambda d, s: d.label == "fluffy")),
                f"{result.auc():.2f}",
            ]
            print(f"  {name:<12}  " + "  ".join(f"{cell:<22}" for cell in row))
        result = evaluate(docs, reports={f.path: f for f in both.files})
        print(
            "  verdicts (the rules', in all three): concrete READY or ALMOST "
            f"{share(result.verdict_share('concrete', ('READY', 'ALMOST')))}, fluffy NOT READY "
            f"{share(result.verdict_share('fluffy', ('NOT READY',)))}"
        )


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
