"""The spec's definitions (copied into ``schemas/``) as draft 4 validators.

Swagger's own formats are checked as App IO checks them: ``FiscalCode``
(16 characters, the codice fiscale pattern of @pagopa/ts-commons),
``OrganizationFiscalCode`` (11 digits), ``UTCISODateFromString``.
"""

from datetime import datetime
from pathlib import Path

import functools
import json
import jsonschema
import re


FOLDER = Path(__file__).parent / "schemas"
FORMATS = jsonschema.FormatChecker()
FISCAL_CODE = re.compile(
    r"^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$")


@FORMATS.checks("FiscalCode")
def fiscal_code(value):
    return not isinstance(value, str) or bool(FISCAL_CODE.match(value))


@FORMATS.checks("OrganizationFiscalCode")
def organization_fiscal_code(value):
    return not isinstance(value, str) or bool(re.match(r"^[0-9]{11}$", value))


@FORMATS.checks("UTCISODateFromString", raises=ValueError)
def utc_date(value):
    if isinstance(value, str):
        if "T" not in value:
            raise ValueError(f"{value!r} is not an ISO 8601 date-time")
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


def _clean(node):
    """``properties:`` left empty in the YAML (LegalData) reads as null: {}."""
    if isinstance(node, dict):
        return {k: ({} if k == "properties" and v is None else _clean(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_clean(v) for v in node]
    return node


@functools.lru_cache(maxsize=None)
def validator(name):
    schema = _clean(json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8")))
    return jsonschema.Draft4Validator(schema, format_checker=FORMATS)


def errors(name, instance):
    """Readable messages of every violation, empty when ``instance`` is valid."""
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in found]
