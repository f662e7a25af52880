"""The official INAD component schemas (copied into ``schemas/``) as validators."""

from pathlib import Path
from sandbox.pagopa.schemas import FORMATS

import functools
import json
import jsonschema


FOLDER = Path(__file__).parent / "schemas"


@functools.lru_cache(maxsize=None)
def validator(name):
    """Draft 4 validator of ``inad.<Schema>`` (e.g. ``Request_List_Digital_Address``)."""
    schema = json.loads((FOLDER / f"inad.{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=FORMATS)


def errors(name, instance):
    """Readable messages of every violation, empty when ``instance`` is valid."""
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in found]
