"""Write the JSON schemas the INAD sandbox validates with.

    python scripts/extract_inad_schemas.py inad_api_extraction.yaml [--out sandbox/inad/schemas]

The source is AgID's OpenAPI document of INAD (AgID/INAD_API_Extraction,
``inad_api_extraction.yaml``). For each component schema in :data:`WANTED`
one self-contained file ``inad.<Schema>.json`` is written, as
``extract_pagopa_schemas.py`` does (same :func:`self_contained`). Run it
again when the official document changes; the sandbox and the tests read
only the written copies.
"""

from extract_pagopa_schemas import self_contained
from pathlib import Path

import argparse
import json
import sys
import yaml


WANTED = [
    "Request_List_Digital_Address",  # request body the sandbox validates
    # answers, validated in the sandbox's own tests
    "Response_Request_Digital_Address", "Response_Verify_Digital_Address",
    "Response_Request_List_Digital_Address", "Response_Status_List_Digital_Address",
    "Response_List_Digital_Address", "Errore",
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="inad_api_extraction.yaml")
    parser.add_argument("--out", default=str(Path(__file__).parent.parent / "sandbox" / "inad"
                                             / "schemas"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    schemas = yaml.safe_load(Path(args.source).read_text(encoding="utf-8"))["components"]["schemas"]
    for name in WANTED:
        target = out / f"inad.{name}.json"
        target.write_text(json.dumps(self_contained(schemas, name), indent=1, ensure_ascii=False,
                                     sort_keys=True) + "\n", encoding="utf-8")
        print(target, file=sys.stderr)


if __name__ == "__main__":
    main()
