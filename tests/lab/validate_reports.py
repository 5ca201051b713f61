#!/usr/bin/env python3
"""Validates awf-diag JSON reports against docs/report.schema.json with a real JSON Schema validator
(Debian python3-jsonschema, installed by scripts/bootstrap).

  validate_reports.py SCHEMA PATH...   PATH = a report file, or a directory whose *.json are reports

Prints one line per invalid report (file, JSON pointer, message); exit 0 when all are valid, 1 when
any is not; an empty or missing spool directory is not an error (a filtered run may write no report)."""
import json
import pathlib
import sys

import jsonschema


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema = json.loads(pathlib.Path(argv[1]).read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    files = []
    for arg in argv[2:]:
        p = pathlib.Path(arg)
        files += sorted(p.glob("*.json")) if p.is_dir() else [p]
    if not files:
        if len(argv) == 3 and pathlib.Path(argv[2]).is_dir() or not pathlib.Path(argv[2]).exists():
            print("validate_reports: no report to validate (no test wrote one)", file=sys.stderr)
            return 0
        return 2
    bad = 0
    for f in files:
        errors = list(validator.iter_errors(json.loads(f.read_text())))
        for e in errors:
            print(f"{f}: /{'/'.join(str(x) for x in e.absolute_path)}: {e.message}")
        bad += bool(errors)
    print(f"validate_reports: {len(files) - bad} of {len(files)} reports valid", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
