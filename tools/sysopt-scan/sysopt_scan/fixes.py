"""Fixes from a whole scan: every unit's replacements merged, each identical
edit once (a header's fix arrives from every unit that includes it), a
finding's edits applied all or none, and findings whose edits overlap
another's refused and reported."""
import os

from . import SetupError

try:
    import yaml
except ImportError:
    yaml = None


def overlaps(a, a_len, b, b_len):
    """Two edits touch the same bytes (two insertions clash at one offset)."""
    if a_len == 0 and b_len == 0:
        return a == b
    if a_len == 0:
        return b < a < b + b_len
    if b_len == 0:
        return a < b < a + a_len
    return a < b + b_len and b < a + a_len


def merge(findings):
    """(accepted findings, refused findings with the finding they clash with).
    Findings come in report order; an earlier one wins a clash."""
    taken = {}  # file -> list of (offset, end, text)
    accepted, refused = [], []
    for f in findings:
        reps = {(r["file"], r["offset"], r["length"], r["text"]) for r in f.get("replacements") or []}
        if not reps:
            continue
        clash = None
        for path, off, length, text in reps:
            for o, e, t, owner in taken.get(path, ()):
                if (o, e - o, t) != (off, length, text) and overlaps(o, e - o, off, length):
                    clash = owner
                    break
            if clash:
                break
        if clash:
            refused.append((f, clash))
            continue
        for path, off, length, text in reps:
            spans = taken.setdefault(path, [])
            if not any((o, e - o, t) == (off, length, text) for o, e, t, _ in spans):
                spans.append((off, off + length, text, f))
        accepted.append(f)
    return accepted, refused


def edits(accepted):
    """file -> sorted unique (offset, length, text)."""
    out = {}
    for f in accepted:
        for r in f["replacements"]:
            out.setdefault(r["file"], set()).add((r["offset"], r["length"], r["text"]))
    return {p: sorted(e) for p, e in out.items()}


def apply(accepted):
    """Writes the edits into the files; returns how many files changed."""
    changed = 0
    for path, es in sorted(edits(accepted).items()):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise SetupError("cannot read %s to fix it: %s" % (path, e.strerror))
        for off, length, text in reversed(es):
            data = data[:off] + text.encode("utf-8", "surrogateescape") + data[off + length:]
        with open(path, "wb") as f:
            f.write(data)
        changed += 1
    return changed


def export(accepted, directory):
    """One clang-apply-replacements file holding every accepted edit once, so
    `clang-apply-replacements-22 DIR` applies the same merged set."""
    if yaml is None:
        raise SetupError("--export-fixes needs python3-yaml")
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as e:
        raise SetupError("cannot create %s: %s" % (directory, e.strerror))
    stale = [n for n in os.listdir(directory) if n.endswith(".yaml")]
    if stale:
        raise SetupError("%s already holds %s: clang-apply-replacements would apply it too; "
                         "use an empty directory" % (directory, stale[0]))
    diags, seen = [], set()
    for f in accepted:
        reps = []
        for r in f["replacements"]:
            key = (r["file"], r["offset"], r["length"], r["text"])
            if key not in seen:  # the same edit reached through another unit
                seen.add(key)
                reps.append({"FilePath": r["file"], "Offset": r["offset"],
                             "Length": r["length"], "ReplacementText": r["text"]})
        if reps:
            diags.append({"DiagnosticName": f["check"], "Level": "Warning",
                          "DiagnosticMessage": {"Message": f["message"], "FilePath": f["file"],
                                                "FileOffset": 0, "Replacements": reps}})
    with open(os.path.join(directory, "sysopt-scan-fixes.yaml"), "w", encoding="utf-8") as out:
        out.write("---\n")
        yaml.safe_dump({"MainSourceFile": "", "Diagnostics": diags}, out,
                       default_flow_style=False, allow_unicode=True, sort_keys=False)
        out.write("...\n")
