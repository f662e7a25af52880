"""Beside io-Comune (issue 13, §5): a «Servizio» card points at a type.

With ``design.plone.contenttypes`` (the content types of the Italian
municipal Plone sites) a Servizio describes a municipal service; its
digital channel is two fields of the Servizio schema:
``canale_digitale_link`` (TextLine, the URL of the online channel) and
``canale_digitale`` (a Volto blocks field: the channel's text).

The profile ``comune.istanze.iocomune:default`` adds the behavior
:class:`.behavior.ITipologiaIstanza` to the ``Servizio`` type (field
``tipologia_istanza``: the UID of a type, chosen among the published ones)
and the catalog index of the same name. :mod:`.card` then keeps the card in
step with the type: publishing it fills the link (the type's apply page) and
the text «Presenta istanza online» with the window; retracting it, or the
end of its window (an hourly outbox job), empties the link and says the
online submission is closed. Classic pages show the same on the Servizio
(:mod:`.viewlets`); Volto reads the two fields through plone.restapi.

Nothing here imports design.plone.contenttypes: the ZCML is included only
when it is installed (``zcml:condition="installed
design.plone.contenttypes"``), and the code knows only the Servizio's field
names. The tests (``tests/iocomune``) run against the real Servizio:
design.plone.contenttypes is in the ``test`` extra, installed in a layer of
its own.
"""

LINK_FIELD = "canale_digitale_link"
TEXT_FIELD = "canale_digitale"
SERVIZIO = "Servizio"
INDEX = "tipologia_istanza"
