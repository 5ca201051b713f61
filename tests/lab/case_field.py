#!/usr/bin/env python3
"""Prints one field of a case's setup (after applying a variant's edits) from tests/fixtures/cases.

Usage: case_field.py CASE_FILE VARIANT_NAME|- DOTTED.PATH
  e.g. case_field.py R01-....yaml sidecar-tunnels setup.squid.access_log
A string is printed as it is (log lines), anything else as JSON; null prints nothing.
"""
import copy
import json
import sys

import yaml


def apply_variant(case, name):
    matches = [v for v in case.get("variants") or [] if v.get("name") == name]
    if not matches:
        raise SystemExit(f"no variant {name!r}")
    v = matches[0]
    out = copy.deepcopy(case)
    if v.get("setup") is not None:
        out["setup"] = v["setup"]
    for edit in v.get("set") or []:
        node = out
        for k in edit["path"][:-1]:
            node = node.setdefault(k, {})
        node[edit["path"][-1]] = edit["value"]
    for path in v.get("unset") or []:
        node = out
        for k in path[:-1]:
            node = node.get(k, {})
        node.pop(path[-1], None)
    return out


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        case = yaml.safe_load(f)
    if sys.argv[2] != "-":
        case = apply_variant(case, sys.argv[2])
    node = case
    for k in sys.argv[3].split("."):
        node = node.get(k) if isinstance(node, dict) else None
    if node is None:
        return 0
    sys.stdout.write(node if isinstance(node, str) else json.dumps(node))
    return 0


if __name__ == "__main__":
    sys.exit(main())
