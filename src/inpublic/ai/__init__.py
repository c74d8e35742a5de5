"""The AI second reader: any OpenAI-compatible endpoint reads a post after the rules.

Off by default: nothing is sent unless ``--ai`` (check, review, render, new --from-git) or
``[ai] enabled = true`` asks.

- ``client``: ``Client(settings).ask_json(system, user, schema, read)`` asks for JSON of
  ``schema`` (json_schema, json_object or plain text, as the endpoint takes), reads it
  with ``read`` and asks once more when it is malformed; ``AIError`` (``.kind``,
  ``.text(lang)``) for every failure; ``require`` (the settings a request needs) and
  ``probe`` (``inpublic ai test``). The ``openai`` package is imported only when a
  ``Client`` is made.
- ``answer``: the one shape of an answer, ``{"findings": [...]}``, and reading it.
- ``guard``: ``check_rewrite(text, original)`` rejects a text that adds a number, a name
  or a link; for every text a model writes (rewrites, drafts, shorter titles).
- ``prompt``: ``load_prompt(name, lang, folder)``: prompts as data
  (``prompts/<name>.<lang>.md``, versioned), overridden by a workspace's ``prompts/``.
- ``cache``: ``AnswerCache`` and ``answer_key``: answers kept in ``.inpublic/ai-cache.json``.
- ``sections``: ``split_sections(body, limit)``: a post's body cut into sections.
- ``reader``: ``second_read(report, settings)``, what ``check --ai`` runs; ``answer_tasks``
  (sections answered from the cache or asked for), shared with ``review``.
- ``review``: ``review_post(path, config, use_ai=…)`` and ``apply_changes``: ``inpublic review``.
- ``draft``: ``ai_draft(piece, facts, lang, settings)``: ``new --from-git --ai``.
- ``fitting``: ``ModelFitter``, which ``render --ai`` sets as ``channels.fit.ASK_MODEL``.
"""
