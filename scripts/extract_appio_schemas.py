"""Copy the App IO schemas the sandbox validates with out of the official spec.

``python scripts/extract_appio_schemas.py io-functions-services.yaml``
writes ``sandbox/appio/schemas/<Schema>.json``: each schema of :data:`WANTED`
with every definition it refers to (Swagger 2.0 definitions are JSON Schema
draft 4), unchanged.
"""

from pathlib import Path

import json
import sys
import yaml


WANTED = ("NewMessage", "FiscalCodePayload", "LimitedProfile", "CreatedMessage",
          "ExternalMessageResponseWithContent", "ProblemJson")
OUT = Path(__file__).resolve().parent.parent / "sandbox" / "appio" / "schemas"


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/definitions/"):
                yield value.rsplit("/", 1)[1]
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def closure(definitions, name):
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(refs(definitions[current]))
    return sorted(seen)


def main(spec):
    definitions = yaml.safe_load(Path(spec).read_text(encoding="utf-8"))["definitions"]
    OUT.mkdir(parents=True, exist_ok=True)
    for name in WANTED:
        schema = {"$ref": f"#/definitions/{name}",
                  "definitions": {d: definitions[d] for d in closure(definitions, name)}}
        (OUT / f"{name}.json").write_text(json.dumps(schema, indent=1, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
        print(OUT / f"{name}.json")


if __name__ == "__main__":
    main(sys.argv[1])
