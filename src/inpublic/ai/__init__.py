"""The AI second reader: any OpenAI-compatible endpoint reads a post after the rules.

Off by default: nothing is sent unless ``check --ai`` or ``[ai] enabled = true`` asks.

- ``client``: the endpoint (``Client``, ``AIError``, ``probe`` for ``inpublic ai test``);
  the ``openai`` package is imported only when a client is made.
- ``answer``: the one shape of an answer, ``{"findings": [...]}``, and reading it.
- ``guard``: ``check_rewrite`` rejects a text that adds a number, a name or a link.
- ``prompt``: prompts as data (``prompts/<name>.<lang>.md``), overridable per workspace.
- ``cache``: answers kept in ``.inpublic/ai-cache.json``.
- ``sections``: a post's body cut into sections under a size.
- ``reader``: ``second_read``, what ``check --ai`` runs.
"""
