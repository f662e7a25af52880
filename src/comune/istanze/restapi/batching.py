"""The batched JSON reply of a catalog listing (``b_size``, ``b_start``)."""

from plone.restapi.batching import HypermediaBatch
from plone.restapi.serializer.converters import json_compatible


def batched(request, brains, row, **extra):
    """``{"@id", "items_total", **extra, "items", "batching"}``: ``row(brain)``
    for the brains of the requested batch only (catalog metadata, no object
    woken)."""
    batch = HypermediaBatch(request, brains)
    result = {"@id": batch.canonical_url, "items_total": batch.items_total, **extra,
              "items": [json_compatible(row(brain)) for brain in batch]}
    if batch.links:
        result["batching"] = batch.links
    return result
