"""How big a request body may be.

The limit follows the largest file the site accepts: :data:`FACTOR` times
the largest of the published types' attachment limits and of the product's
own file limits (integration files, form file fields, staff communications,
decision documents), plus :data:`OVERHEAD_MB` for the rest of a form. A few
files per request and base64's third more fit; a body of gigabytes does not.
With the demo types (5-10 MB attachments, 20 MB decisions) that is 81 MB.

The registry record ``comune.istanze.uploads.max_request_mb`` overrides it
(0 = automatic). :data:`CEILING_MB` (4 x 100 MB, the largest attachment
limit an editor can set, + 1) bounds everything: ``scripts/make_instance.py``
writes it as waitress's ``max_request_body_size`` and Zope's
``form-disk-limit``, and :mod:`.guard` refuses larger bodies before Zope
parses them, whatever server runs the application.
"""

from zope.component import queryUtility
from zope.component.hooks import getSite

import time


MB = 1024 * 1024
FACTOR = 4
OVERHEAD_MB = 1
LARGEST_SPEC_MB = 100  # IAttachmentSpec.max_size_mb's maximum
CEILING_MB = FACTOR * LARGEST_SPEC_MB + OVERHEAD_MB
CEILING = CEILING_MB * MB
DECISION_MB = 20  # the decision PDF (backoffice.actions.decide checks it against 20 MB)
RECORD = "comune.istanze.uploads.max_request_mb"
CACHE_SECONDS = 60

_automatic = {}  # site path -> (expires, MB): types are woken at most once a minute


def builtin_file_mb() -> int:
    """The largest file limit of the product itself (not of a type)."""
    from comune.istanze.backoffice.communications import MAX_FILE_MB
    from comune.istanze.forms.steps_forms import FORM_FILE_MAX_MB
    from comune.istanze.personal_area.integration import MAX_MB

    return max(MAX_FILE_MB, FORM_FILE_MAX_MB, MAX_MB, DECISION_MB)


def largest_file_mb(portal) -> int:
    """The largest single file the site accepts (published types included)."""
    from comune.istanze.interfaces import IApplicationType

    largest = builtin_file_mb()
    catalog = getattr(portal, "portal_catalog", None)
    if catalog is None:
        return largest
    for brain in catalog.unrestrictedSearchResults(
            object_provides=IApplicationType.__identifier__, review_state="published"):
        for spec in getattr(brain._unrestrictedGetObject(), "attachments", None) or []:
            largest = max(largest, int(spec.get("max_size_mb") or 0))
    return min(largest, LARGEST_SPEC_MB)


def automatic_mb(portal) -> int:
    key = "/".join(portal.getPhysicalPath())
    now = time.monotonic()
    cached = _automatic.get(key)
    if cached is None or cached[0] < now:
        cached = _automatic[key] = (now + CACHE_SECONDS, FACTOR * largest_file_mb(portal) + OVERHEAD_MB)
    return cached[1]


def configured_mb():
    """The registry value (``None`` outside a site or before the upgrade)."""
    from plone.registry.interfaces import IRegistry

    registry = queryUtility(IRegistry)
    return registry.get(RECORD) if registry is not None else None


def request_limit_mb(size=None) -> int:
    """The body limit of the current site in MB.

    With ``size`` (bytes) the automatic value is computed only when the
    body could exceed the smallest automatic limit (otherwise that smallest
    limit is returned: the body fits either way).
    """
    configured = configured_mb()
    if configured:
        return min(int(configured), CEILING_MB)
    portal = getSite()
    if portal is None or configured is None:
        return CEILING_MB
    floor = FACTOR * builtin_file_mb() + OVERHEAD_MB
    if size is not None and size <= floor * MB:
        return floor
    return automatic_mb(portal)
