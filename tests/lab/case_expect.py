#!/usr/bin/env python3
"""Prints one case's `expect` block (or a variant's) from tests/fixtures/cases (copied from the shared cases) as JSON.

Usage: case_expect.py CASE_FILE [VARIANT_NAME]
The case files are plain YAML (cases/README.md); python3-yaml (Debian) loads them.
"""
import json
import sys

import yaml


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        case = yaml.safe_load(f)
    expect = case["expect"]
    if len(sys.argv) == 3:
        matches = [v for v in case.get("variants") or [] if v.get("name") == sys.argv[2]]
        if not matches:
            print(f"no variant {sys.argv[2]!r} in {sys.argv[1]}", file=sys.stderr)
            return 1
        expect = matches[0]["expect"]
    json.dump(expect, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
