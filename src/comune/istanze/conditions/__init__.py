"""Conditional forms: fields, groups of fields and steps shown only when
earlier answers say so (``istanze:show-when`` in the form XML).

- :mod:`.expression`: the small condition language (parser, evaluator);
- :mod:`.supermodel`: reading/writing the attribute, checks against the form;
- :mod:`.visibility`: which fields and steps apply to a set of answers;
- :mod:`.web` / :mod:`.designer` / :mod:`.rest`: the citizen's steps, the
  editor's settings, the headless API.
"""
