"""Text and JSON reports, coverage counts, the summary and progress lines."""
import json
import os
import sys


def coverage_counts(units):
    counts = {"translation_units": len(units), "full": 0, "partial": 0, "failed": 0,
              "partial_device_only": 0}
    for cov in units.values():
        counts[cov["status"]] += 1
        if cov["status"] == "partial" and cov.get("device_only_errors") == cov.get("errors"):
            counts["partial_device_only"] += 1
    return counts


def coverage_line(counts):
    line = "sysopt-scan: %d translation units: %d analysed fully, %d with errors " \
           "(functions with errors skipped; %d with errors only in device code), %d failed" % (
               counts["translation_units"], counts["full"], counts["partial"],
               counts["partial_device_only"], counts["failed"])
    if counts["failed"] * 2 > counts["translation_units"]:
        line += " -- most translation units failed: the findings cover little of the code"
    return line


def shown(path):
    """A path as the user typed it: relative to the working directory when
    that is shorter, with undecodable bytes escaped."""
    rel = os.path.relpath(path)
    p = rel if not rel.startswith("../../") else path
    return p.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def text(findings, out):
    for f in findings:
        fix = " (fix available)" if f["fixable"] else ""
        tag = "[%s/%s]" % (f["principle"], f["method"]) if f["principle"] else "[untagged]"
        out.write("%s:%d:%d: %s %s: %s%s\n" % (shown(f["file"]), f["line"], f["column"],
                                               tag, f["check"], f["message"], fix))


def as_json(findings, units, counts, files, suppressed, out):
    json.dump({"files": files, "findings": findings,
               "suppressed_by_baseline": suppressed,
               "coverage": dict(counts, units=[dict(cov, file=p) for p, cov in sorted(units.items())]),
               "failures": [{"file": p, "errors": [c.get("first_error")]}
                            for p, c in sorted(units.items()) if c["status"] == "failed"]},
              out, indent=2, ensure_ascii=True)
    out.write("\n")


def summary(findings, files, err=sys.stderr):
    by_tag = {}
    for f in findings:
        key = (f["check"], "%s/%s" % (f["principle"], f["method"]))
        by_tag[key] = by_tag.get(key, 0) + 1
    err.write("\nsysopt-scan: %d findings in %d files (%d fixable)\n" % (
        len(findings), files, sum(1 for f in findings if f["fixable"])))
    for (check, tag), n in sorted(by_tag.items()):
        err.write("  %-36s [%s] %d\n" % (check, tag, n))


class Progress:
    """`[n/N] file` as each unit ends: on a terminal one line rewritten in
    place, with --progress one line each (CI logs), otherwise nothing."""

    def __init__(self, total, mode, err=sys.stderr):
        self.total, self.done, self.err = total, 0, err
        self.mode = mode if mode != "auto" else ("tty" if err.isatty() else "off")

    def step(self, path, label=""):
        self.done += 1
        if self.mode == "off":
            return
        line = "[%d/%d] %s%s" % (self.done, self.total, label, shown(path))
        if self.mode == "tty":
            self.err.write("\r\033[K" + line[:150])
            if self.done == self.total:
                self.err.write("\r\033[K")
        else:
            self.err.write(line + "\n")
        self.err.flush()
