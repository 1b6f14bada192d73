"""Fingerprints that survive line shifts, and baselines built from them: a
legacy repository gates only the findings it did not have yet."""
import hashlib
import json
import os
import re

from . import SetupError

FINGERPRINT_KEY = "sysoptFindingHash/v1"


def relative(path, root):
    """A path relative to the repository root when it lies under it, with '/'."""
    if root and (path == root or path.startswith(root.rstrip(os.sep) + os.sep)):
        return os.path.relpath(path, root).replace(os.sep, "/")
    return path.replace(os.sep, "/")


def assign_fingerprints(findings, root, sources):
    """Each finding's fingerprint: its check, file (relative to the root),
    message and the text of its line with blanks collapsed, plus its rank
    among findings that share all of these. Lines added or removed elsewhere
    leave it unchanged; editing the flagged line changes it."""
    seen = {}
    for f in sorted(findings, key=lambda f: (f["file"], f["line"], f["column"], f["check"])):
        text = re.sub(r"\s+", " ", sources.line_text(f["file"], f["line"])).strip()
        key = "\0".join((f["check"], relative(f["file"], root), f["message"], text))
        rank = seen.get(key, 0)
        seen[key] = rank + 1
        f["fingerprint"] = hashlib.sha256(("%s\0%d" % (key, rank)).encode(
            "utf-8", "surrogateescape")).hexdigest()[:32]


def write(path, findings, root):
    doc = {"version": 1, "tool": "sysopt-scan",
           "findings": [{"fingerprint": f["fingerprint"], "check": f["check"],
                         "file": relative(f["file"], root), "line": f["line"]}
                        for f in findings]}
    try:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(doc, out, indent=1, sort_keys=True)
            out.write("\n")
    except OSError as e:
        raise SetupError("cannot write baseline %s: %s" % (path, e.strerror))


def read(path):
    """The set of fingerprints a baseline file holds."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        return {e["fingerprint"] for e in doc["findings"]}
    except OSError as e:
        raise SetupError("cannot read baseline %s: %s" % (path, e.strerror))
    except (ValueError, KeyError, TypeError) as e:
        raise SetupError("%s is not a sysopt-scan baseline (%s)" % (path, e))


def split(findings, known):
    """(new findings, how many the baseline already had)."""
    new = [f for f in findings if f["fingerprint"] not in known]
    return new, len(findings) - len(new)
