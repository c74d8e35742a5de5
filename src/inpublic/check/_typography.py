"""CJK/Latin spacing and punctuation, through AutoCorrect (autocorrect-py)."""

from __future__ import annotations

from inpublic.check.model import Finding, Severity
from inpublic.check.rules import categories
from inpublic.workspace.post import Post


def typography_findings(post: Post, lang: str) -> list[Finding]:
    """AutoCorrect's lint of the body, placed at the lines of the post file."""
    import autocorrect_py

    if post.body.isascii():
        return []  # AutoCorrect works beside CJK and full-width text; asking costs ~1 ms a post
    category = categories()["typography"]
    findings = []
    for line in autocorrect_py.lint_for(post.body, "md").lines:
        file_line = post.body_line + line.line - 1
        severity = Severity.warning if int(line.severity) == 1 else Severity.suggestion
        findings.append(
            Finding(
                rule="typography.spacing",
                category="typography",
                severity=severity,
                line=file_line,
                column=line.col,
                end_line=file_line,
                end_column=line.col + max(len(line.old) - 1, 0),
                message=category.message.get(lang, category.message["en"]),
                suggestion=category.suggestion.get(lang, category.suggestion["en"]).format(
                    fix=line.new
                ),
                match=line.old,
            )
        )
    return findings


def fixed_body(post: Post) -> str:
    """The body with AutoCorrect's spacing and punctuation fixes applied; code is left alone."""
    import autocorrect_py

    return autocorrect_py.format_for(post.body, "md")
