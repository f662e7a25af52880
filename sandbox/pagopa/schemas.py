"""The official component schemas (copied into ``schemas/``) as validators."""

from datetime import date
from datetime import datetime
from pathlib import Path

import functools
import json
import jsonschema


FOLDER = Path(__file__).parent / "schemas"
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value):
    if not isinstance(value, str):
        return True
    if "T" not in value:
        raise ValueError(f"{value!r} is not a date-time")
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@FORMATS.checks("date", raises=ValueError)
def _date(value):
    if isinstance(value, str):
        date.fromisoformat(value)
    return True


@functools.lru_cache(maxsize=None)
def validator(name):
    """Draft 4 validator of ``<document>.<Schema>`` (e.g. ``gpd.PaymentPositionModel``)."""
    schema = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=FORMATS)


def errors(name, instance):
    """Readable messages of every violation, empty when ``instance`` is valid."""
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in found]
