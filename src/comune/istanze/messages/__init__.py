"""Messages between the Comune and the citizen, kept on each application.

Every message the office sends (communications, integration requests,
decisions) and every answer of the citizen (integrations) is a
:class:`Message` in the application's own BTree: nothing is shared between
applications, so a mass communication to thousands of citizens never
conflicts with itself. A message sent with an idempotency ``key`` is stored
once: sending the same batch again does not duplicate it.
"""
