"""Paths across translation units: the units' summaries (lib/CrossUnit.h)
joined into one call graph."""
import json
import os


def read_summaries(paths):
    """The units' summaries (lib/CrossUnit.h), one JSON object per line."""
    records = []
    for p in paths:
        try:
            with open(p) as f:
                for line in f:
                    try:
                        records.append(json.loads(line))
                    except ValueError:
                        pass  # a unit that stopped mid-line: the rest still counts
        except OSError:
            pass  # the unit wrote nothing (it failed, or had no user functions)
    return records


def cross_unit_paths(records, depth):
    """For each function a check held (a candidate, no repeated path in its
    unit): how a loop, a per-element algorithm or an entry point of any unit
    reaches it through at most `depth` calls, as a sentence for the note.
    Functions whose name says setup (exported by the unit, by the checks'
    SetupFunctions words) are neither started from nor passed through."""
    names, setup, overriders, held = {}, set(), {}, set()
    edges, entries = {}, {}
    for r in records:
        if "fn" in r:
            names.setdefault(r["fn"], r)
            if r.get("setup"):
                setup.add(r["fn"])
            for base in r.get("overrides", []):
                overriders.setdefault(base, set()).add(r["fn"])
        elif "call" in r:
            edges.setdefault(r["call"], []).append(r)
        elif "entry" in r:
            entries.setdefault(r["entry"], r)
        elif "held" in r:
            held.add(r["held"])
    if not held:
        return {}

    def targets(key):
        """What a call of `key` runs: the function, or the one override of a
        virtual method that has exactly one in the whole scan (a base with
        many overrides, such as a layer interface, could be any of them:
        no guess)."""
        out = {key}
        while len(overriders.get(key, ())) == 1:
            key = next(iter(overriders[key]))
            if key in out:
                break
            out.add(key)
        return out

    def name(key):
        """'ns::f', or the lambda at file:line."""
        n = names.get(key, {}).get("name", "?")
        return n if n.startswith("the lambda at ") else "'%s'" % n

    def virtual(callee, target):
        return "" if callee == target else " (a call of %s, which it overrides)" % name(callee)

    def site(e):
        """Call sites in source order: the first one names the path."""
        return (e.get("file", ""), e.get("line", 0), e["callee"])

    def place(r):
        return "%s:%d" % (os.path.relpath(r["file"]) if r.get("file") else "?", r.get("line", 0))

    # Breadth first over depth: best[key] = (calls from the origin, sentence).
    best = {}
    for key, e in sorted(entries.items()):
        if key not in setup:
            best[key] = (0, "%s is registered as an entry point at %s" % (name(key), place(e))
                         if e.get("how") == "binding" else
                         "%s is an entry point named by the EntryPoints option" % name(key))
    for caller, es in sorted(edges.items()):
        if caller in setup:
            continue  # a loop in setup code runs once
        for e in sorted(es, key=site):
            if not (e.get("loop") or e.get("per_element")):
                continue
            how = "per element by an algorithm" if e.get("per_element") else "in a loop"
            for g in sorted(targets(e["callee"])):
                if g not in setup and g not in best and depth >= 1:
                    best[g] = (1, "called %s at %s in %s%s" % (
                        how, place(e), name(caller), virtual(e["callee"], g)))
    for d in range(depth):
        for f in sorted(k for k, (dk, _) in best.items() if dk == d):
            for e in sorted(edges.get(f, ()), key=site):
                for g in sorted(targets(e["callee"])):
                    if g not in setup and g not in best:
                        best[g] = (d + 1, "%s, then by %s at %s%s" % (
                            best[f][1], name(f), place(e), virtual(e["callee"], g)))
    return {k: v[1] for k, v in best.items() if k in held}


