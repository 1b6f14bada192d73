"""The visual report (--html FILE): one self-contained HTML page in the
handbook's shape. An overview chart (principle -> method -> check), then one
section per method with its idea, a before/after pipeline picture drawn from
the PICTURES table below, its guiding questions and its findings; each
finding with its snippet, notes, where it runs and its fix as a diff.

All text from the scan (messages, notes, source lines, paths) goes through
Jinja2's autoescaping; nothing here builds HTML from strings. The one inline
script is static, and the page's Content-Security-Policy allows only that
script (by its hash) and no network at all, so even a missed escape could
neither run code nor load anything."""
import base64
import difflib
import hashlib
import os
import posixpath
import re
import urllib.parse

from . import VERSION, SetupError
from .baseline import relative
from .run import PRINCIPLES
from .sarif import docs_dir

try:
    import jinja2  # Debian's python3-jinja2
except ImportError:  # only --html needs it
    jinja2 = None

TEMPLATES = os.path.join(os.path.dirname(os.path.realpath(__file__)), "templates")

# The handbook's home principle of each method (layering: either).
HOME = {"batching": ("reordering",), "caching": ("removal",),
        "precomputation": ("reordering",), "deferral": ("reordering",),
        "relaxation": ("replacement",), "contextualization": ("removal",),
        "specialization": ("replacement",), "layering": ("removal", "replacement")}

# Method sections in the handbook's order of principles.
SECTION_ORDER = ("caching", "contextualization", "layering", "relaxation", "specialization",
                 "batching", "precomputation", "deferral")

# The idea of each method in one sentence and the questions to ask, in this
# project's words (docs/methods/ has the longer pages).
IDEAS = {
    "batching": (
        "When every small operation pays the same start-up cost, issue them together "
        "and pay that cost once for the whole group.",
        ["Does the loop pay a launch, transfer set-up or call overhead per element?",
         "Are the pieces regular enough (contiguous, strided, one communicator group) "
         "to go out as one call?",
         "Would waiting to collect several items cost less than the overhead it saves?"]),
    "caching": (
        "An expensive result that does not change is kept after the first time and "
        "reused, instead of being produced again on every pass.",
        ["Is the same handle, allocation or device query made again on each pass?",
         "Can the result live as long as the loop, the object or the process?",
         "What would make the kept value stale, and can that happen here?"]),
    "precomputation": (
        "Work whose result is known in advance moves off the hot path: it is done once, "
        "before the loop or at start-up, and only used inside it.",
        ["Which values in this loop depend on nothing the loop changes?",
         "Could a table, a pattern or a constant tensor be built at load time?",
         "Is the first request paying for set-up that could happen before it arrives?"]),
    "deferral": (
        "Work waits until something really needs it, so on the paths that never do "
        "it does not happen at all (copy-on-write, lazy loading).",
        ["Is a copy taken eagerly that most paths only read?",
         "Is data loaded or materialized before anyone knows it is needed?",
         "Could a synchronization done every step wait until the end?"]),
    "relaxation": (
        "A weaker guarantee (precision, ordering, making every write durable at once) is "
        "accepted where the program does not rely on it, in exchange for speed.",
        ["Must every line reach the file the moment it is written?",
         "Does the result need full precision or strict ordering to be right?",
         "Would the caller accept an asynchronous or approximate variant?"]),
    "contextualization": (
        "What the surrounding code already guarantees (nobody writes this, the data is "
        "already in place) makes some general-purpose work unnecessary.",
        ["Is this copy, or the object it was taken from, ever written while both live?",
         "Is a check or conversion repeated that an earlier step already ensured?",
         "Could the data be created where it is used in the first place?"]),
    "specialization": (
        "The job goes to the hardware built for it: the GPU, the copy engine fed from "
        "pinned memory, an offload engine.",
        ["Is the host doing work that a device or an engine does faster?",
         "Are the buffers of asynchronous copies pinned, so the copy engine can run "
         "without the CPU?",
         "Would the transfer overlap the compute if the memory were suitable?"]),
    "layering": (
        "A hop that adds nothing (a staging buffer, a trip through the host) is cut out, "
        "or a layer is added that makes the fast path the default one.",
        ["Does the data pass through a buffer or a host round trip that changes nothing?",
         "Could the two ends talk directly (device to device, zero-copy)?",
         "Would a new layer, such as a prefetching pipeline, make the fast path the easy "
         "one?"]),
}

# The pipeline pictures: per method the lanes, and the stages before and
# after the method is applied, as (lane, label, length, kind[, start]) in
# units of time. Without a start a stage begins where the previous one ended.
# Kinds: work (the job itself), cost (what the method removes or moves),
# gain (what the method puts in its place), wait (a lane blocked).
PICTURES = {
    "batching": {
        "lanes": ("host", "device"),
        "before": [("host", "call", 1, "cost"), ("device", "slice", 1, "work"),
                   ("host", "call", 1, "cost"), ("device", "slice", 1, "work"),
                   ("host", "call", 1, "cost"), ("device", "slice", 1, "work")],
        "after": [("host", "call", 1, "cost"), ("device", "all slices", 2, "gain")],
        "captions": ("one launch per slice", "one launch for all slices"),
    },
    "caching": {
        "lanes": ("host",),
        "before": [("host", "create", 2, "cost"), ("host", "use", 1, "work"),
                   ("host", "create", 2, "cost"), ("host", "use", 1, "work"),
                   ("host", "create", 2, "cost"), ("host", "use", 1, "work")],
        "after": [("host", "create", 2, "cost"), ("host", "use", 1, "work"),
                  ("host", "reuse", 1, "gain"), ("host", "reuse", 1, "gain")],
        "captions": ("made again on every pass", "made once, kept, reused"),
    },
    "precomputation": {
        "lanes": ("start-up", "loop"),
        "before": [("loop", "build", 2, "cost"), ("loop", "use", 1, "work"),
                   ("loop", "build", 2, "cost"), ("loop", "use", 1, "work"),
                   ("loop", "build", 2, "cost"), ("loop", "use", 1, "work")],
        "after": [("start-up", "build once", 2, "gain"), ("loop", "use", 1, "work"),
                  ("loop", "use", 1, "work"), ("loop", "use", 1, "work")],
        "captions": ("built inside the loop", "built before the loop"),
    },
    "deferral": {
        "lanes": ("host",),
        "before": [("host", "copy", 2, "cost"), ("host", "read", 1, "work"),
                   ("host", "copy", 2, "cost"), ("host", "read", 1, "work"),
                   ("host", "copy", 2, "cost"), ("host", "write", 1, "work")],
        "after": [("host", "read", 1, "work"), ("host", "read", 1, "work"),
                  ("host", "copy", 2, "gain"), ("host", "write", 1, "work")],
        "captions": ("copied on every path", "copied only on the path that writes"),
    },
    "relaxation": {
        "lanes": ("thread", "file"),
        "before": [("thread", "step", 1, "work"), ("file", "flush", 2, "cost"),
                   ("thread", "wait", 2, "wait", 1),
                   ("thread", "step", 1, "work", 3), ("file", "flush", 2, "cost"),
                   ("thread", "wait", 2, "wait", 4),
                   ("thread", "step", 1, "work", 6), ("file", "flush", 2, "cost"),
                   ("thread", "wait", 2, "wait", 7)],
        "after": [("thread", "step", 1, "work"), ("thread", "step", 1, "work"),
                  ("thread", "step", 1, "work"), ("file", "one flush", 2, "gain")],
        "captions": ("every write flushed and waited for", "writes buffered, flushed when full"),
    },
    "contextualization": {
        "lanes": ("host",),
        "before": [("host", "copy", 2, "cost"), ("host", "read", 1, "work"),
                   ("host", "copy", 2, "cost"), ("host", "read", 1, "work"),
                   ("host", "copy", 2, "cost"), ("host", "read", 1, "work")],
        "after": [("host", "read", 1, "work"), ("host", "read", 1, "work"),
                  ("host", "read", 1, "work")],
        "captions": ("a copy per call, never written", "read in place (const reference)"),
    },
    "specialization": {
        "lanes": ("host", "copy engine", "device"),
        "before": [("host", "prep", 1, "work"), ("host", "staged copy", 2, "cost"),
                   ("copy engine", "DMA", 1, "work"), ("host", "wait", 1, "wait", 3),
                   ("device", "kernel", 2, "work", 4), ("host", "prep", 1, "work", 4)],
        "after": [("host", "prep", 1, "work"), ("copy engine", "DMA", 1, "gain"),
                  ("host", "prep", 1, "work", 1), ("device", "kernel", 2, "work", 2)],
        "captions": ("pageable memory: the host stages and waits",
                     "pinned memory: the copy engine runs alone"),
    },
    "layering": {
        "lanes": ("device", "copy", "host"),
        "before": [("device", "make", 1, "work"), ("copy", "D→H", 1, "cost"),
                   ("host", "buffer", 1, "cost"), ("copy", "H→D", 1, "cost"),
                   ("device", "use", 1, "work")],
        "after": [("device", "make", 1, "work"), ("copy", "D→D", 1, "gain"),
                  ("device", "use", 1, "work")],
        "captions": ("through a host buffer", "device to device, no hop"),
    },
}

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#8c564b")

SNIPPET_CONTEXT = 3    # lines around the finding's line
NOTE_REACH = 6         # note lines this close to the finding join its snippet
MAX_LINE = 240         # longer source lines are cut (a minified file has one line)
MAX_DIFF_LINES = 60


def available():
    return jinja2 is not None


def require():
    """--html cannot work without Jinja2: say so before the scan runs."""
    if jinja2 is None:
        raise SetupError("--html needs Jinja2 (Debian: apt-get install python3-jinja2)")


def clean(s):
    """Text for the page: valid UTF-8, undecodable bytes of paths as U+FFFD."""
    if s is None:
        return ""
    s = str(s)
    try:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that no byte became
        return s.encode("utf-8", "replace").decode("utf-8", "replace")


def cut(line):
    return line if len(line) <= MAX_LINE else line[:MAX_LINE] + " \u2026 (%d more characters)" % (
        len(line) - MAX_LINE)


def check_page(check, help_uri_base):
    """The check's doc page, as the SARIF helpUri: under --help-uri-base, or
    the page in the source tree or the installed prefix as a file: URI."""
    name = check[len("sysopt-"):] if check.startswith("sysopt-") else check
    if not re.match(r"^[\w.-]+$", name):
        return None
    if help_uri_base:
        return help_uri_base.rstrip("/") + "/" + name + ".md"
    d = docs_dir()
    if d and os.path.isfile(os.path.join(d, name + ".md")):
        return "file://" + urllib.parse.quote(os.path.join(d, name + ".md"))
    return None


def method_page(method, help_uri_base):
    """docs/methods/<method>.md beside the check pages, when there is one."""
    if help_uri_base:
        return urllib.parse.urljoin(help_uri_base.rstrip("/") + "/", "../methods/%s.md" % method)
    d = docs_dir()
    page = os.path.join(os.path.dirname(d), "methods", method + ".md") if d else None
    if page and os.path.isfile(page):
        return "file://" + urllib.parse.quote(page)
    return None


# Where it runs, from the notes the checks attach (lib/RepeatedContext.cpp,
# lib/HotPathFilter.cpp, the scanner's cross-unit sentence): the kind and
# how many calls lie between the loop and the finding.
RANKS = {"loop": 0, "element": 0, "entry": 1, "call": 2, "unknown": 3}


def where_it_runs(f):
    """(kind, calls, label) for a finding."""
    texts = [n.get("message") or "" for n in f.get("notes") or []] + [f.get("message") or ""]
    calls = sum(1 for t in texts if t.startswith("through this call to "))

    def through(n):
        return "" if not n else " through %d call%s" % (n, "" if n == 1 else "s")
    for t in texts:
        if t == "in this loop":
            return "loop", calls, ("in a loop" if not calls else
                                   "reached from a loop" + through(calls))
        if "calls this lambda once per element" in t:
            return "element", calls, "per element of an algorithm" + through(calls)
        if t.startswith("called here, in a loop"):
            return "loop", calls + 1, "reached from a loop" + through(calls + 1)
        m = re.search(r"runs repeatedly, seen across files: (.*)", t)
        if m:
            how = m.group(1)
            hops = how.count(", then by ")
            if "entry point" in how.split(",")[0]:
                return "entry", hops, "per call of an entry point" + through(hops) + \
                    " (across files)"
            kind = "element" if how.startswith("called per element") else "loop"
            return kind, hops + 1, "reached from a loop" + through(hops + 1) + " (across files)"
        if "as an entry point" in t or "is an entry point named by" in t:
            return "entry", calls, "per call of an entry point" + through(calls)
    for t in texts:
        m = re.search(r"runs once per call of ('[^']*'|\S+)", t)
        if m:
            return "call", 0, "once per call of %s" % m.group(1)
    return "unknown", 0, "not stated"


def note_kind(message):
    """loop, call, mutation or other: how the page marks a note."""
    m = message.lower()
    if m == "in this loop" or "once per element" in m or "runs repeatedly" in m \
            or "entry point" in m or "in a loop" in m:
        return "loop"
    if m.startswith("through this call") or m.startswith("called ") or "per call" in m:
        return "call"
    if re.search(r"\b(writ|modif|mutat|assign|releas|no fix)", m):
        return "mutation"
    return "other"


def snippet(data, line, marks):
    """The lines around `line` of a file's bytes, as dicts for the template;
    None when the line is not in the file."""
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    if not 0 < line <= len(lines):
        return None
    lo, hi = max(1, line - SNIPPET_CONTEXT), min(len(lines), line + SNIPPET_CONTEXT)
    for m in marks:
        if abs(m - line) <= NOTE_REACH and 0 < m <= len(lines):
            lo, hi = min(lo, m), max(hi, m)
    out = []
    for no in range(lo, hi + 1):
        text = lines[no - 1].decode("utf-8", "replace").rstrip("\r").expandtabs(4)
        out.append({"no": no, "text": cut(text),
                    "cls": "hit" if no == line else ("mark" if no in marks else "")})
    return out


def line_start(data, pos):
    return data.rfind(b"\n", 0, pos) + 1


def line_end(data, pos):
    """Just past the newline ending the line that holds pos."""
    i = data.find(b"\n", pos)
    return len(data) if i < 0 else i + 1


HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def fix_diff(f, sources, root):
    """The finding's replacements as unified-diff lines (dicts for the
    template), only the lines they touch with one line around; [] when the
    files cannot be read or the edits no longer fit them."""
    by_file = {}
    for r in f.get("replacements") or []:
        by_file.setdefault(r.get("file") or f.get("file"), set()).add(
            (int(r.get("offset", 0)), int(r.get("length", 0)), r.get("text") or ""))
    out = []
    for path, reps in sorted(by_file.items(), key=lambda kv: str(kv[0])):
        data = sources.data(path) if path else b""
        reps = sorted(reps)
        first, last = reps[0][0], max(o + n for o, n, _ in reps)
        if not data or last > len(data):
            continue  # the file changed since the scan, or is gone
        # Only the stretch of lines the edits touch, plus a line each side.
        start = line_start(data, first)
        if start > 0:
            start = line_start(data, start - 1)
        end = line_end(data, last)
        if end < len(data):
            end = line_end(data, end)
        old = data[start:end]
        new = old
        for o, n, t in reversed(reps):
            new = new[:o - start] + t.encode("utf-8", "surrogateescape") + new[o - start + n:]
        offset = data.count(b"\n", 0, start)  # lines before the stretch
        name = clean(relative(path, root))
        a = old.decode("utf-8", "replace").splitlines()
        b = new.decode("utf-8", "replace").splitlines()
        for l in difflib.unified_diff(a, b, "a/" + name, "b/" + name, n=1, lineterm=""):
            m = HUNK.match(l)
            if m:
                l = "@@ -%d%s +%d%s @@" % (int(m.group(1)) + offset, m.group(2) or "",
                                         int(m.group(3)) + offset, m.group(4) or "")
                cls = "hunk"
            elif l.startswith(("---", "+++")):
                cls = "head"
            else:
                cls = {"-": "del", "+": "add"}.get(l[:1], "ctx")
            out.append({"text": cut(l.expandtabs(4)), "cls": cls})
    if len(out) > MAX_DIFF_LINES:
        out = out[:MAX_DIFF_LINES] + [{"text": "... (%d more lines)" % (len(out) - MAX_DIFF_LINES),
                                       "cls": "hunk"}]
    return out


def file_href(path, out_dir):
    """A relative link from the report's directory to the source file."""
    if not path or not out_dir:
        return None
    rel = os.path.relpath(path, out_dir).replace(os.sep, "/")
    return urllib.parse.quote(rel.encode("utf-8", "surrogateescape"), safe="/")


def picture(method, unit=40, lane_h=22, label_w=84):
    """The before/after pipeline picture of a method as geometry for the
    template: both halves on one time scale, so the shorter one shows the
    gain."""
    spec = PICTURES[method]
    lanes = spec["lanes"]
    halves = []
    for which in ("before", "after"):
        boxes, t = [], 0
        for stage in spec[which]:
            lane, label, length, kind = stage[:4]
            start = stage[4] if len(stage) > 4 else t
            t = start + length
            boxes.append({"lane": lane, "label": label, "kind": kind, "start": start,
                          "length": length})
        halves.append({"which": which, "boxes": boxes,
                       "span": max(b["start"] + b["length"] for b in boxes)})
    longest = max(h["span"] for h in halves)
    y = 0
    out = {"width": label_w + longest * unit + 70, "halves": []}
    for h, caption in zip(halves, spec["captions"]):
        top = y + 18  # the caption's line
        rows = [{"name": l, "y": top + i * (lane_h + 4)} for i, l in enumerate(lanes)]
        lane_y = {r["name"]: r["y"] for r in rows}
        rects = [{"x": label_w + b["start"] * unit + 1, "y": lane_y[b["lane"]],
                  "w": b["length"] * unit - 2, "h": lane_h, "kind": b["kind"],
                  "label": b["label"]} for b in h["boxes"]]
        bottom = top + len(lanes) * (lane_h + 4)
        out["halves"].append({
            "which": h["which"], "caption": caption, "y": y + 12, "rows": rows,
            "rects": rects, "span": h["span"], "end_x": label_w + h["span"] * unit,
            "top": top, "bottom": bottom - 4, "label_w": label_w})
        y = bottom + 8
    out["height"] = y
    return out


def chart(view, colors, width=520):
    """The overview: a row per (principle, method), grouped by principle,
    each a bar of segments per check; geometry for the template."""
    counts = {}
    for f in view:
        key = (f["principle"], f["method"])
        counts.setdefault(key, {}).setdefault(f["check"], [0, 0])
        counts[key][f["check"]][0] += 1
        counts[key][f["check"]][1] += 1 if f.get("fixable") else 0
    groups = []
    for p in PRINCIPLES + ("untagged",):
        methods = [m for m in SECTION_ORDER if p in HOME[m]]
        methods += sorted(m for (q, m) in counts if q == p and m not in methods)
        if methods:
            groups.append((p, methods))
    biggest = max([sum(n for n, _ in c.values()) for c in counts.values()] + [1])
    scale = float(width) / biggest
    rows, y, label_w = [], 0, 150
    for p, methods in groups:
        rows.append({"header": p, "y": y + 14})
        y += 22
        for m in methods:
            by_check = counts.get((p, m), {})
            x, segs = label_w, []
            for check in sorted(by_check):
                n = by_check[check][0]
                segs.append({"check": check, "n": n, "x": round(x, 1), "w": round(max(n * scale, 2), 1),
                             "color": colors.get(check, "#999")})
                x += n * scale
            total = sum(v[0] for v in by_check.values())
            fixable = sum(v[1] for v in by_check.values())
            rows.append({"method": m, "principle": p, "y": y, "segs": segs, "total": total,
                         "fixable": fixable, "end": round(x + 6, 1)})
            y += 24
    return {"rows": rows, "height": y + 4, "width": label_w + width + 130,
            "label_w": label_w}


def findings_view(findings, root, out_dir, sources, help_uri_base):
    """Each finding as the template shows it, sorted by where it runs
    (innermost loops first), then by place."""
    view = []
    for f in findings:
        path = f.get("file") or ""
        rel = clean(relative(path, root)) if path else ""
        kind, depth, label = where_it_runs(f)
        marks = {n["line"] for n in f.get("notes") or [] if n.get("file") == path}
        data = sources.data(path) if path else b""
        snip = snippet(data, f.get("line") or 0, marks) if data else None
        notes = []
        for n in f.get("notes") or []:
            npath = n.get("file") or path
            where = clean(relative(npath, root)) if npath else ""
            notes.append({"where": "%s:%s" % (where, n.get("line", "?")) if where else "",
                          "message": clean(n.get("message")),
                          "kind": note_kind(n.get("message") or "")})
        d = (posixpath.dirname(rel) or ".") if rel else "(no file)"
        view.append({
            "check": clean(f.get("check")), "method": clean(f.get("method") or "untagged"),
            "principle": clean(f.get("principle") or "untagged"),
            "message": clean(f.get("message")), "file": rel, "dir": d,
            "line": f.get("line") or 0, "column": f.get("column") or 0,
            "href": file_href(path, out_dir) if path else None,
            "fixable": bool(f.get("fixable")),
            "where": {"kind": kind, "depth": depth, "label": label},
            "notes": notes, "snippet": snip,
            "no_snippet": None if snip else ("no file" if not path else
                                             "the source is not readable here"
                                             if not data else "the line is not in the file"),
            "diff": fix_diff(f, sources, root) if f.get("fixable") else [],
            "help": check_page(f.get("check") or "", help_uri_base)})
    by_where = sorted(range(len(view)), key=lambda i: (
        RANKS[view[i]["where"]["kind"]], view[i]["where"]["depth"], view[i]["file"],
        view[i]["line"], view[i]["check"]))
    by_file = sorted(range(len(view)), key=lambda i: (view[i]["file"], view[i]["line"],
                                                     view[i]["check"]))
    by_check = sorted(range(len(view)), key=lambda i: (view[i]["check"], view[i]["file"],
                                                      view[i]["line"]))
    for order, name in ((by_where, "where"), (by_file, "file"), (by_check, "check")):
        for rank, i in enumerate(order):
            view[i]["sort_" + name] = rank
    for n, i in enumerate(by_where):
        view[i]["id"] = "f%d" % (n + 1)
    return [view[i] for i in by_where]


WHERE_NAMES = (("loop0", "in a loop (innermost)"), ("loop", "reached from a loop through calls"),
               ("element", "per element of an algorithm"), ("entry", "per call of an entry point"),
               ("call", "once per call of a function"), ("unknown", "not stated"))


def where_counts(view):
    """How many findings run where, for the overview."""
    n = dict.fromkeys(k for k, _ in WHERE_NAMES)
    for v in view:
        k = v["where"]["kind"]
        k = "loop0" if k == "loop" and v["where"]["depth"] == 0 else k
        n[k] = (n[k] or 0) + 1
    return [{"kind": k, "label": label, "n": n[k]} for k, label in WHERE_NAMES if n[k]]


def directories(view):
    """Every directory holding a finding, with its ancestors, for the filter."""
    out = set()
    for v in view:
        d = v["dir"]
        if d in (".", "(no file)"):
            out.add(d)
            continue
        parts = d.split("/")
        for i in range(1, len(parts) + 1):
            p = "/".join(parts[:i])
            if p:
                out.add(p)
    return sorted(out)


def environment():
    require()
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)


def render(findings, units, counts, root, out_path=None, help_uri_base=None, sources=None):
    """The whole page as a string. `out_path`: where it will be written
    (source links are relative to its directory)."""
    from .run import Sources
    env = environment()
    sources = sources or Sources()
    out_dir = os.path.dirname(os.path.abspath(out_path)) if out_path else None
    view = findings_view(findings, root, out_dir, sources, help_uri_base)
    checks = sorted({v["check"] for v in view})
    colors = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(checks)}
    methods = []
    # The eight methods always (the handbook's shape), then any other name.
    extra = sorted({v["method"] for v in view} - set(SECTION_ORDER))
    for m in SECTION_ORDER + tuple(extra):
        mine = [v for v in view if v["method"] == m]
        idea, questions = IDEAS.get(m, ("Findings whose message carries no "
                                        "[principle/method] tag of the handbook.", []))
        methods.append({"name": m, "principles": HOME.get(m, ("untagged",)),
                        "idea": idea, "questions": questions, "findings": mine,
                        "fixable": sum(1 for v in mine if v["fixable"]),
                        "picture": picture(m) if m in PICTURES else None,
                        "page": method_page(m, help_uri_base) if m in PICTURES else None})
    not_full = [{"file": clean(relative(p, root)), "status": c["status"],
                 "first_error": clean(c.get("first_error"))}
                for p, c in sorted(units.items()) if c.get("status") != "full"]
    script = env.get_template("report.js").render()
    # The CSP names the one script by its hash: nothing else can run.
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return env.get_template("report.html.j2").render(
        version=VERSION, root=clean(root), root_name=clean(os.path.basename(root.rstrip("/"))),
        findings=view, methods=methods, checks=checks, colors=colors,
        method_names=[m["name"] for m in methods if m["findings"]],
        dirs=directories(view), chart=chart(view, colors), counts=counts,
        fixable=sum(1 for v in view if v["fixable"]),
        files_with_findings=len({v["file"] for v in view if v["file"]}), not_full=not_full,
        where=where_counts(view),
        script_hash="sha256-" + digest)
