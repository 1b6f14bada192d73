"""SARIF 2.1.0 as GitHub code scanning reads it: a rule per enabled check
with its descriptions, help and tags; paths relative to %SRCROOT%;
fingerprints; fixes; units that were not analysed as notifications."""
import os
import re
import urllib.parse

from . import VERSION
from .baseline import FINGERPRINT_KEY, relative
from .run import METHODS, PRINCIPLES

TAG_IN_DOC = re.compile(r"\[(%s)/(%s)\]" % ("|".join(PRINCIPLES), "|".join(METHODS)))


def docs_dir():
    """The check pages: docs/checks in the source tree, or where
    `cmake --install` put them."""
    here = os.path.dirname(os.path.realpath(__file__))
    for d in (os.path.join(here, "..", "..", "..", "docs", "checks"),
              os.path.join(here, "..", "..", "..", "..", "share", "doc", "sysopt-tidy", "checks")):
        if os.path.isdir(d):
            return os.path.normpath(d)
    return None


def rule(check, help_uri_base):
    """A reportingDescriptor for one check, from its doc page."""
    name = check[len("sysopt-"):]
    page, text = None, ""
    d = docs_dir()
    if d and os.path.isfile(os.path.join(d, name + ".md")):
        page = os.path.join(d, name + ".md")
        with open(page, encoding="utf-8", errors="replace") as f:
            text = f.read()
    body = [l for l in text.splitlines() if not l.startswith("# ")]
    para = []
    for l in body:
        if not l.strip():
            if para:
                break
            continue
        para.append(l.strip())
    full = " ".join(para) or check
    full = re.sub(r"\s*Tag: .*$", "", full)
    short = re.split(r"(?<=[.:])\s", full, maxsplit=1)[0].rstrip(".:") or check
    tags = sorted({"%s/%s" % m for m in TAG_IN_DOC.findall(text)})
    desc = {"id": check, "name": "".join(w.capitalize() for w in name.split("-")),
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"tags": ["performance"] + tags,
                           "principles": sorted({t.split("/")[0] for t in tags}),
                           "methods": sorted({t.split("/")[1] for t in tags})}}
    if help_uri_base:
        desc["helpUri"] = help_uri_base.rstrip("/") + "/" + name + ".md"
    elif page:
        desc["helpUri"] = "file://" + urllib.parse.quote(page)
    if text:
        desc["help"] = {"text": full, "markdown": text}
    return desc


def information_uri(help_uri_base):
    """The published docs when --help-uri-base names them, else the local ones."""
    if help_uri_base:
        return help_uri_base.rstrip("/") + "/"
    d = docs_dir()
    return "file://" + urllib.parse.quote(os.path.dirname(d) if d else "/") + "/"


def uri(path, root):
    rel = relative(path, root)
    quoted = urllib.parse.quote(rel.encode("utf-8", "surrogateescape"), safe="/")
    if os.path.isabs(rel):
        return {"uri": "file://" + quoted}
    return {"uri": quoted, "uriBaseId": "%SRCROOT%"}


def location(path, line, column, root, message=None):
    loc = {"physicalLocation": {"artifactLocation": uri(path, root),
                                "region": {"startLine": line, "startColumn": column}}}
    if message:
        loc["message"] = {"text": message}
    return loc


def result(f, rule_index, root):
    r = {"ruleId": f["check"], "ruleIndex": rule_index, "level": "warning",
         "message": {"text": f["message"]},
         "locations": [location(f["file"], f["line"], f["column"], root)],
         "partialFingerprints": {FINGERPRINT_KEY: f["fingerprint"]},
         "properties": {"principle": f["principle"], "method": f["method"],
                        "fixable": f["fixable"]}}
    if f.get("notes"):
        r["relatedLocations"] = [dict(location(n["file"], n["line"], n["column"], root,
                                               n["message"]), id=i)
                                 for i, n in enumerate(f["notes"])]
    if f.get("replacements"):
        by_file = {}
        for rep in f["replacements"]:
            by_file.setdefault(rep["file"], []).append(rep)
        r["fixes"] = [{"description": {"text": "the fix of %s" % f["check"]},
                       "artifactChanges": [{
                           "artifactLocation": uri(path, root),
                           "replacements": [{"deletedRegion": {"byteOffset": rep["offset"],
                                                               "byteLength": rep["length"]},
                                             "insertedContent": {"text": rep["text"]}}
                                            for rep in reps]}
                           for path, reps in sorted(by_file.items())]}]
    return r


def report(findings, units, checks, root, help_uri_base, coverage):
    rules = sorted(set(checks) | {f["check"] for f in findings})
    index = {c: i for i, c in enumerate(rules)}
    notes = []
    for path, cov in sorted(units.items()):
        if cov["status"] == "full":
            continue
        notes.append({
            "level": "error" if cov["status"] == "failed" else "warning",
            "message": {"text": "%s: %s: %s" % (
                "not analysed" if cov["status"] == "failed" else
                "analysed with errors (functions with errors skipped)",
                relative(path, root), cov.get("first_error") or "")},
            "locations": [{"physicalLocation": {"artifactLocation": uri(path, root)}}],
            "properties": {"coverage": cov["status"], "errors": cov.get("errors", 0)}})
    root_uri = "file://" + urllib.parse.quote(
        root.rstrip("/").encode("utf-8", "surrogateescape")) + "/"
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "sysopt-tidy", "version": VERSION,
                                "informationUri": information_uri(help_uri_base),
                                "semanticVersion": VERSION,
                                "rules": [rule(c, help_uri_base) for c in rules]}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
            "results": [result(f, index[f["check"]], root) for f in findings],
            "invocations": [{
                "executionSuccessful": all(c["status"] != "failed" for c in units.values()),
                "toolExecutionNotifications": notes,
            }],
            "properties": {"coverage": coverage},
        }],
    }
