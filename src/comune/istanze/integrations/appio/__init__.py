"""App IO: messages, integration requests, decisions and payment notices in the IO app.

``interfaces.py`` (settings, contract), ``config.py`` (registry, client in
use), ``content.py`` (subject and markdown within the spec's limits,
``payment_data``), ``rest.py`` (the only module that knows App IO's HTTP),
``job.py`` (the resumable outbox job: profile check, submission, status),
``channel.py`` (the "appio" channel of :mod:`comune.istanze.channels`).
"""
