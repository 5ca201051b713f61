#!/usr/bin/env python3
"""Parses JUnit XML (stdin or FILE) with the standard XML parser and prints what tests assert as JSON:
{"tests", "failures", "errors", "skipped" (from the <testsuite> attributes), "cases": [{"classname",
"name", "outcome": pass|failure|error|skipped}]}. Exit 1 when the XML does not parse."""
import json
import sys
import xml.etree.ElementTree as ET


def main(argv):
    data = open(argv[1], "rb").read() if len(argv) > 1 else sys.stdin.buffer.read()
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        print(f"junit_summary: not XML: {e}", file=sys.stderr)
        return 1
    suite = root.find("testsuite") if root.tag == "testsuites" else root
    cases = []
    for tc in suite.iter("testcase"):
        outcome = "pass"
        for tag in ("failure", "error", "skipped"):
            if tc.find(tag) is not None:
                outcome = tag
        cases.append({"classname": tc.get("classname"), "name": tc.get("name"), "outcome": outcome})
    out = {k: int(suite.get(k, "-1")) for k in ("tests", "failures", "errors", "skipped")}
    out["cases"] = cases
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
