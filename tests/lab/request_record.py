"""Request records of the lab doubles: header values with credentials replaced by fingerprints
(`sha256:` + first 12 hex of SHA-256, the same form awf-diag's redaction uses), so tests can compare
what reached a hop without any credential value being written. Python 3.11 stdlib only.
"""
import hashlib

CREDENTIAL_HEADERS = ("authorization", "x-api-key", "proxy-authorization", "x-goog-api-key", "cookie")


def fingerprint(value):
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def recorded_value(name, value):
    """Credential values never reach the record: `Bearer sha256:…` / `sha256:…`."""
    if name.lower() not in CREDENTIAL_HEADERS:
        return value
    scheme, sep, rest = value.partition(" ")
    if name.lower() in ("authorization", "proxy-authorization") and sep and scheme.isalpha():
        return "%s %s" % (scheme, fingerprint(rest))
    return fingerprint(value)
