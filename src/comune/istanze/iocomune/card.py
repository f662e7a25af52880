"""Keep a Servizio's digital channel in step with the type it points at.

:func:`channel` says what the card shows for a type now; :func:`update_card`
writes it into the Servizio's fields (only when it changed: the hourly
refresh writes nothing on a quiet day); :func:`refresh_cards` updates every
card that points at a type. Our text is one Volto block with a fixed id
(:data:`BLOCK_ID`): the editors' other blocks of ``canale_digitale`` are kept.
"""

from Acquisition import aq_base
from comune.istanze import _
from comune.istanze.iocomune import INDEX
from comune.istanze.iocomune import LINK_FIELD
from comune.istanze.iocomune import TEXT_FIELD
from dataclasses import dataclass
from plone import api
from plone.app.uuid.utils import uuidToObject
from zope.i18n import translate

import copy


BLOCK_ID = "comune-istanze-canale-digitale"
APPLY_VIEW = "@@presenta-istanza"
CALL_TO_ACTION = _("Presenta istanza online")


@dataclass(frozen=True)
class Channel:
    link: str | None  # the apply page while the type is published and its window not ended
    state: str  # "open", "not_yet", "closed", "unavailable"
    text: str  # Italian: «Presenta istanza online. Presentazione aperta fino al ...»


def italian(message) -> str:
    return translate(message, target_language="it")


def channel(type_obj, now=None) -> Channel:
    from comune.istanze.browser.application_type import ApplicationTypeView

    window = ApplicationTypeView(type_obj, None).window(now)
    if window["state"] in ("open", "not_yet"):
        return Channel(f"{type_obj.absolute_url()}/{APPLY_VIEW}", window["state"],
                       f"{italian(CALL_TO_ACTION)}. {italian(window['message'])}")
    return Channel(None, window["state"], italian(window["message"]))


def _block(text) -> dict:
    return {"@type": "slate", "plaintext": text,
            "value": [{"type": "p", "children": [{"text": text}]}]}


def _blocks_with(current, text) -> dict:
    """``current`` blocks with ours first (``text`` None: ours removed)."""
    value = copy.deepcopy(current) if isinstance(current, dict) else {}
    blocks = value.setdefault("blocks", {})
    items = value.setdefault("blocks_layout", {}).setdefault("items", [])
    blocks.pop(BLOCK_ID, None)
    items[:] = [i for i in items if i != BLOCK_ID]
    if text is not None:
        blocks[BLOCK_ID] = _block(text)
        items.insert(0, BLOCK_ID)
    return value


def _ours(link) -> bool:
    return bool(link) and link.startswith(api.portal.get().absolute_url() + "/") and link.endswith(APPLY_VIEW)


def update_card(servizio, now=None) -> bool:
    """Write the channel of the type ``servizio`` points at; True when it changed."""
    base = aq_base(servizio)
    uid = getattr(base, INDEX, None)
    type_obj = uuidToObject(uid, unrestricted=True) if uid else None
    old_link, old_text = getattr(base, LINK_FIELD, None), getattr(base, TEXT_FIELD, None)
    if type_obj is None:  # no type (any more): take back only what we wrote
        link = None if _ours(old_link) else old_link
        text = _blocks_with(old_text, None) if old_text else old_text
    else:
        now_channel = channel(type_obj, now)
        link = now_channel.link if (now_channel.link or _ours(old_link) or not old_link) else old_link
        text = _blocks_with(old_text, now_channel.text)
    if (link, text) == (old_link, old_text):
        return False
    setattr(base, LINK_FIELD, link)
    setattr(base, TEXT_FIELD, text)
    servizio.reindexObject()
    return True


def cards_of(type_obj) -> list:
    catalog = api.portal.get_tool("portal_catalog")
    if INDEX not in catalog.indexes():
        return []
    return [b._unrestrictedGetObject() for b in catalog.unrestrictedSearchResults(**{INDEX: type_obj.UID()})]


def refresh_cards(type_obj, now=None) -> int:
    """Update every card pointing at ``type_obj``; how many changed."""
    return sum(update_card(card, now) for card in cards_of(type_obj))


def linked_types() -> list:
    catalog = api.portal.get_tool("portal_catalog")
    if INDEX not in catalog.indexes():
        return []
    uids = [u for u in catalog.uniqueValuesFor(INDEX) if u]
    return [t for t in (uuidToObject(u, unrestricted=True) for u in uids) if t is not None]
