"""Write the JSON schemas the pagoPA sandbox validates with.

    python scripts/extract_pagopa_schemas.py DIR [--out sandbox/pagopa/schemas]

DIR holds the OpenAPI documents of pagopa/pagopa-api (openapi/gpd.json,
gpd_payments.json, checkout_v2.json, fdr_organization.json). For each
component schema listed in :data:`WANTED` one self-contained file
``<document>.<Schema>.json`` is written: the schema with every schema it
references under ``definitions`` (``#/components/schemas/X`` becomes
``#/definitions/X``), for a JSON Schema draft 4 validator (OpenAPI 3.0's
schema dialect is draft 4 based: ``exclusiveMaximum`` is a boolean there).
Run it again when the official documents change; the sandbox and the tests
read only the written copies.
"""

from pathlib import Path

import argparse
import json
import sys


WANTED = {
    # request bodies the sandbox validates
    "gpd.json": ["PaymentPositionModel", "ProblemJson",
                 # answers, validated in the sandbox's own tests
                 "PaymentPositionModelBaseResponse", "PaymentPositionsInfo"],
    "checkout_v2.json": ["CartRequestV2", "ProblemJson"],
    "gpd_payments.json": ["PaymentsResult", "ProblemJson"],
    "fdr_organization.json": ["PaginatedFlowsResponse", "SingleFlowResponse",
                              "PaginatedPaymentsResponse", "ErrorResponse"],
}
PREFIX = "#/components/schemas/"


def _refs(node):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(PREFIX):
            yield ref[len(PREFIX):]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _rewrite(node):
    if isinstance(node, dict):
        return {key: (value.replace(PREFIX, "#/definitions/") if key == "$ref"
                      and isinstance(value, str) else _rewrite(value))
                for key, value in node.items()}
    if isinstance(node, list):
        return [_rewrite(value) for value in node]
    return node


def self_contained(schemas, name):
    """``name``'s schema with the closure of its references as definitions."""
    needed, todo = set(), [name]
    while todo:
        current = todo.pop()
        for ref in _refs(schemas[current]):
            if ref not in needed and ref != name:
                needed.add(ref)
                todo.append(ref)
    result = {"$schema": "http://json-schema.org/draft-04/schema#"}
    result.update(_rewrite(schemas[name]))
    if needed:
        result["definitions"] = {ref: _rewrite(schemas[ref]) for ref in sorted(needed)}
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="folder with the pagoPA OpenAPI documents")
    parser.add_argument("--out", default=str(Path(__file__).parent.parent / "sandbox" / "pagopa"
                                             / "schemas"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for document, names in WANTED.items():
        spec = json.loads((Path(args.source) / document).read_text(encoding="utf-8"))
        schemas = spec["components"]["schemas"]
        for name in names:
            target = out / f"{document.removesuffix('.json')}.{name}.json"
            target.write_text(json.dumps(self_contained(schemas, name), indent=1,
                                         ensure_ascii=False, sort_keys=True) + "\n",
                              encoding="utf-8")
            print(target, file=sys.stderr)


if __name__ == "__main__":
    main()
