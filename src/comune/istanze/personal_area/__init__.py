"""The citizen's personal area (area personale).

* ``/area-personale`` (:mod:`.views`): my applications with state, number,
  dates, a status timeline and the next thing to do; my documents; my
  messages from the Comune (read/unread); my identity data.
* ``<app>/@@integrazione``: answer an integration request (B5) with text and
  attachments (:mod:`.integration`); ``<app>/@@messaggio/<id>`` reads one
  message and marks it read.
* REST (:mod:`.rest`): ``GET /@area-personale``, ``GET /@messaggi``,
  ``POST <app>/@messaggi/<id>/letto``, ``GET /@documenti``,
  ``POST <app>/@integrazione``.

Every page here is personal: ``noindex, nofollow`` and
``Cache-Control: private, no-store`` (:func:`.data.personal_headers`).
The list of applications reads catalog metadata only; messages and
documents live on the applications themselves (a citizen has few), so those
sections wake only the current citizen's own applications.
"""
