"""sysopt-scan: run the sysopt checks over a whole repository.

Takes files from a compilation database (-p BUILD_DIR) or walks directories
for C, C++ and CUDA sources, runs the sysopt-tidy driver (or the plugin in
clang-tidy-22) on each translation unit in parallel, and reports the findings
as text, JSON, SARIF and a visual HTML report (one run, any number of
outputs). Each finding carries its principle and method, taken from the
[principle/method] tag of its message.

Coverage is said out loud: each translation unit is analysed fully, with
errors (the functions that hold an error are skipped, the rest analysed), or
failed; the last line always counts them.

Paths across files: with more than one unit the scan runs in two steps:
every unit exports its calls between user functions and the functions where
a check had a candidate but no repeated path (lib/CrossUnit.h); the scan
joins them into one graph, finds what a loop, a per-element algorithm or an
entry point reaches through at most --call-depth calls, and analyses again
the units whose candidates lie there. --no-cross-unit turns this off.

Exit status: 0 nothing to report; 1 findings matched --fail-on; 2 the scan
could not start or be trusted (no database, an unusable driver or plugin, no
sysopt check enabled, a bad option); 3 more translation units failed than
--max-failed allows. 2 wins over 3, and 3 over 1.
"""
import argparse
import concurrent.futures
import fnmatch
import json
import os
import re
import shutil
import sys
import tempfile

from . import (VERSION, SetupError, baseline, cache, crossunit, database, diff, fixes,
               htmlreport, report, run, sarif)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_SETUP, EXIT_FAILED_UNITS = 0, 1, 2, 3


def here():
    return os.path.dirname(os.path.realpath(__file__))


def default_driver():
    """The driver next to an installed sysopt-scan, the source tree's build,
    then PATH."""
    script = os.path.realpath(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    candidates = [os.path.join(os.path.dirname(script), "sysopt-tidy"),
                  os.path.join(here(), "..", "..", "..", "build", "bin", "sysopt-tidy")]
    for c in candidates:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.normpath(c)
    return shutil.which("sysopt-tidy") or "sysopt-tidy"


def third_party_def():
    for c in (os.path.join(here(), "..", "..", "..", "lib", "include", "sysopt", "ThirdPartyPaths.def"),
              os.path.join(here(), "..", "..", "..", "..", "share", "sysopt-tidy", "ThirdPartyPaths.def")):
        if os.path.isfile(c):
            return os.path.normpath(c)
    return ""


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="sysopt-scan", description=__doc__.splitlines()[0],
                                 epilog="Exit status: 0 clean, 1 findings (--fail-on), "
                                        "2 setup or tool error, 3 units failed (--max-failed).")
    ap.add_argument("paths", nargs="*", help="files or directories (with -p: filters the database)")
    ap.add_argument("-p", metavar="BUILD_DIR", help="directory holding compile_commands.json")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1, help="parallel jobs")
    ap.add_argument("--version", action="version", version="sysopt-scan %s" % VERSION)
    ap.add_argument("--driver", default=None, help="the sysopt-tidy driver "
                    "(default: next to this script when installed, else the build tree, else PATH)")
    ap.add_argument("--plugin", help="use this plugin in --clang-tidy instead of the driver")
    ap.add_argument("--clang-tidy", default="clang-tidy-22")
    ap.add_argument("--checks", default="-*,sysopt-*")
    ap.add_argument("--config-file", help="a .clang-tidy file for every unit")
    ap.add_argument("--extra-arg", action="append", default=[])
    ap.add_argument("--no-cuda-prelude", action="store_true",
                    help="do not force-include the nvcc compatibility prelude into CUDA units")
    ap.add_argument("--exclude", action="append", default=[], metavar="REGEX",
                    help="skip units and findings whose path matches (repeatable)")
    ap.add_argument("--include-third-party", action="store_true",
                    help="also report findings in third-party directories and vendored "
                         "single-header libraries (lib/include/sysopt/ThirdPartyPaths.def)")
    ap.add_argument("--root", help="repository root: SARIF and baseline paths are relative "
                    "to it (default: the git work tree holding the working directory)")
    ap.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                    help="the report on stdout (or -o)")
    ap.add_argument("-o", "--output", help="write the --format report here instead of stdout")
    ap.add_argument("--json", metavar="FILE", help="also write the JSON report here")
    ap.add_argument("--sarif", metavar="FILE", help="also write the SARIF report here")
    ap.add_argument("--text", metavar="FILE", help="also write the text report here")
    ap.add_argument("--html", metavar="FILE",
                    help="also write the visual report here: one self-contained HTML page "
                         "(needs python3-jinja2)")
    ap.add_argument("--help-uri-base", metavar="URL",
                    help="where the check pages are published (SARIF helpUri, the HTML "
                         "report's links); "
                         "default: the installed pages as file: URIs")
    ap.add_argument("--summary", action="store_true", help="print counts per check and tag")
    ap.add_argument("--progress", choices=("auto", "lines", "off"), default="auto",
                    help="[n/N] per unit: auto (on a terminal only), lines, off")
    ap.add_argument("--fail-on", metavar="any|CHECKS",
                    help="exit 1 when a finding's check matches: 'any', or comma-separated "
                         "check names or globs")
    ap.add_argument("--fail-on-findings", action="store_true", help="the same as --fail-on any")
    ap.add_argument("--max-failed", default="0", metavar="N|N%",
                    help="translation units that may fail before exit 3 (default 0)")
    ap.add_argument("--max-source-mb", type=int, default=database.MAX_SOURCE_MB, metavar="MB",
                    help="larger sources are reported as failed, not analysed (default %d)"
                         % database.MAX_SOURCE_MB)
    ap.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline")
    ap.add_argument("--write-baseline", metavar="FILE",
                    help="write this run's findings as a baseline")
    ap.add_argument("--diff", metavar="REV|-",
                    help="report findings on lines changed since REV (git diff -U0 REV in "
                         "--root), or by the unified diff on stdin ('-'); analyse only the "
                         "units that may include a changed file")
    ap.add_argument("--fix", action="store_true",
                    help="apply the fixes of the reported findings, merged over all units")
    ap.add_argument("--export-fixes", metavar="DIR",
                    help="write the merged fixes for clang-apply-replacements-22 DIR")
    ap.add_argument("--cache-dir", metavar="DIR", default=os.environ.get("SYSOPT_SCAN_CACHE_DIR"),
                    help="reuse the results of units whose files, command, configuration "
                         "and tool are unchanged (default: $SYSOPT_SCAN_CACHE_DIR; none)")
    ap.add_argument("--cache-max-mb", type=int, default=1024, metavar="MB",
                    help="the least recently used cache entries beyond this are removed "
                         "(default 1024)")
    ap.add_argument("--no-cross-unit", action="store_true",
                    help="analyse each unit alone (no paths through other files)")
    ap.add_argument("--call-depth", type=int, default=2,
                    help="calls a path across files may go through (default 2, "
                         "as the checks' CallDepth)")
    args = ap.parse_args(argv)
    if args.j < 1:
        ap.error("-j must be at least 1")
    if args.cache_max_mb < 1:
        ap.error("--cache-max-mb must be at least 1")
    if args.call_depth < 0:
        ap.error("--call-depth must not be negative")
    m = args.max_failed.rstrip("%")
    if not m.isdigit():
        ap.error("--max-failed takes N or N%%, not %r" % args.max_failed)
    if args.fail_on_findings and not args.fail_on:
        args.fail_on = "any"
    args.driver = args.driver or default_driver()
    args.root = os.path.realpath(
        args.root or database.find_up(os.getcwd(), ".git") or os.getcwd())
    return args


def fails_on(findings, spec):
    if not spec:
        return False
    if spec == "any":
        return bool(findings)
    globs = [g.strip() for g in spec.split(",") if g.strip()]
    return any(fnmatch.fnmatchcase(f["check"], g) for f in findings for g in globs)


def too_many_failed(counts, spec):
    n = counts["failed"]
    if spec.endswith("%"):
        return n * 100 > int(spec[:-1]) * counts["translation_units"]
    return n > int(spec)


def open_cache(args):
    """The cache of --cache-dir, named by the tool's contents and the options
    that change what it reports, or None."""
    if not args.cache_dir:
        return None
    if args.plugin:
        tool = [shutil.which(args.clang_tidy) or args.clang_tidy, args.plugin]
    else:
        tool = [shutil.which(args.driver) or args.driver]
    options = {"checks": args.checks, "extra_arg": args.extra_arg,
               "no_cuda_prelude": args.no_cuda_prelude,
               "config_file": cache.file_digest(args.config_file) if args.config_file else None}
    return cache.Cache(args.cache_dir, [os.path.realpath(t) for t in tool], options,
                       args.cache_max_mb)


def unit_command(f, args, entries, described_by):
    """What the tool compiles f with, and the files that hold it when the tool
    finds them itself."""
    if described_by.get(f):
        entry = entries.get(f) if args.p else {
            "directory": os.path.dirname(f), "arguments": database.default_command(f)}
        return entry, []
    found = []
    for name in ("compile_commands.json", "compile_flags.txt"):
        d = database.find_up(os.path.dirname(f), name)
        if d:
            found.append(os.path.join(d, name))
    return None, found


def scan(args, files, entries, progress, sources, results=None):
    """Every unit's (findings, coverage), with the pass across files."""
    default_dir = tempfile.mkdtemp(prefix="sysopt-scan-db-")
    try:
        if args.p:
            database.write_unique_database(entries, files, default_dir)
            described_by = dict.fromkeys(files, default_dir)
        else:
            undescribed = [f for f in files
                           if not database.find_up(os.path.dirname(f), "compile_flags.txt")
                           and not database.find_up(os.path.dirname(f), "compile_commands.json")]
            database.write_default_database(undescribed, default_dir)
            described_by = dict.fromkeys(undescribed, default_dir)
        cross = not args.no_cross_unit and len(files) > 1
        summaries = {f: os.path.join(default_dir, "unit-%d.jsonl" % i) for i, f in enumerate(files)}
        by_unit = {}

        def analyse(batch, env_for, label=""):
            with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
                for path, fs, cov, rc in pool.map(
                        lambda f: one(f, env_for(f)), batch):
                    cov["exit"] = rc
                    by_unit[path] = (fs, cov)
                    progress.step(path, label)

        def one(f, env):
            why = database.unreadable(f, args.max_source_mb)
            if why:
                return f, [], {"status": "failed", "errors": 1, "first_error": why}, 1
            if results is None:
                return run.run_one(f, args, described_by.get(f), env, sources)
            return cached(f, env)

        def cached(f, env):
            command, held_in = unit_command(f, args, entries, described_by)
            export = env.get("SYSOPT_CROSS_UNIT_EXPORT")
            step = "export" if export else None
            if "SYSOPT_CROSS_UNIT_PATHS" in env:
                step = ["paths", cache.file_digest(env["SYSOPT_CROSS_UNIT_PATHS"])]
            key = results.key(f, command, held_in + cache.config_files(f), step)
            hit = results.lookup(key)
            if hit is not None:
                if export and hit.get("summary") is not None:
                    with open(export, "w", encoding="utf-8", errors="surrogateescape") as out:
                        out.write(hit["summary"])
                return f, hit["findings"], hit["coverage"], hit["rc"]
            deps = []
            path, fs, cov, rc = run.run_one(f, args, described_by.get(f), env, sources, deps)
            if cov["status"] != "failed":
                summary = None
                if export:
                    try:
                        with open(export, encoding="utf-8", errors="surrogateescape") as inp:
                            summary = inp.read()
                    except OSError:
                        summary = ""  # the unit had no user function to export
                results.store(key, deps, {"findings": fs, "coverage": cov, "rc": rc,
                                          "summary": summary})
            return path, fs, cov, rc

        analyse(files, lambda f: {"SYSOPT_CROSS_UNIT_EXPORT": summaries[f]} if cross else {})
        again, paths = [], {}
        if cross:
            records_by_unit = {f: crossunit.read_summaries([summaries[f]]) for f in files}
            paths = crossunit.cross_unit_paths(
                [r for rs in records_by_unit.values() for r in rs], args.call_depth)
            # One unit per reached function is enough (a header's function is
            # held in every unit that includes it; its findings are the same).
            held_in = {f: {r["held"] for r in records_by_unit[f] if "held" in r} for f in files}
            covered = set()
            for key in sorted(paths):
                if key not in covered:
                    unit = next((f for f in files if key in held_in[f]), None)
                    if unit:
                        again.append(unit)
                        covered |= held_in[unit] & set(paths)
            if again:
                paths_file = os.path.join(default_dir, "cross-unit-paths.json")
                with open(paths_file, "w") as out:
                    json.dump({"paths": paths}, out)
                progress.total += len(again)
                analyse(again, lambda f: {"SYSOPT_CROSS_UNIT_PATHS": paths_file},
                        "across files: ")
        return by_unit, again, paths
    finally:
        shutil.rmtree(default_dir, ignore_errors=True)


def write_report(path, writer):
    try:
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as out:
            writer(out)
    except OSError as e:
        raise SetupError("cannot write %s: %s" % (path, e.strerror))


def main(argv=None):
    try:
        return _main(argv)
    except SetupError as e:
        sys.stderr.write("sysopt-scan: error: %s\n" % e)
        return EXIT_SETUP
    except KeyboardInterrupt:
        sys.stderr.write("sysopt-scan: interrupted\n")
        return 130


def _main(argv):
    args = parse_args(argv)
    if args.html:
        htmlreport.require()  # before the scan, not after it
    tool = args.clang_tidy if args.plugin else args.driver
    if not (shutil.which(tool) or (os.path.isfile(tool) and os.access(tool, os.X_OK))):
        raise SetupError("cannot run %s (build it, or pass --driver/--plugin)" % tool)
    if args.plugin and not os.path.isfile(args.plugin):
        raise SetupError("no such plugin: %s" % args.plugin)
    known = baseline.read(args.baseline) if args.baseline else None
    checks = run.enabled_checks(args)
    rules = database.third_party_rules(third_party_def())
    files, entries = database.collect_files(args, rules)
    if not files:
        raise SetupError("no C, C++ or CUDA sources found")
    changed = None
    if args.diff:
        changed = diff.changed_lines(diff.read_diff(args.diff, args.root, sys.stdin), args.root)
        files = diff.units_seeing(files, changed, args.root)
        if not files:
            sys.stderr.write("sysopt-scan: the diff changes no file a unit sees; nothing to "
                             "analyse\n")
            return EXIT_CLEAN

    sources = run.Sources()
    progress = report.Progress(len(files), args.progress)
    results = open_cache(args)
    by_unit, again, paths = scan(args, files, entries, progress, sources, results)
    if results is not None:
        results.prune()
    units = {path: by_unit[path][1] for path in files}

    excludes = [re.compile(rx) for rx in args.exclude]
    seen, findings, companions = set(), [], []
    for f in sorted((f for path in files for f in by_unit[path][0]),
                    key=lambda f: (f["file"], f["line"], f["column"], f["check"])):
        key = (f["file"], f["line"], f["column"], f["check"], f["message"])
        if key in seen:  # a header seen by several translation units
            continue
        seen.add(key)
        if any(rx.search(f["file"]) for rx in excludes):
            continue
        if not args.include_third_party and database.is_third_party(f["file"], args.root, rules):
            continue
        (companions if f.get("companion") else findings).append(f)
    if changed is not None:
        findings = diff.on_changed_lines(findings, changed)
        companions = diff.on_changed_lines(companions, changed)
    baseline.assign_fingerprints(findings, args.root, sources)
    if args.write_baseline:
        baseline.write(args.write_baseline, findings, args.root)
    suppressed = 0
    if known is not None:
        findings, suppressed = baseline.split(findings, known)

    refused, applied = [], None
    if args.html and args.fix:
        # The report shows the sources and diffs as they were before --fix
        # writes into them (the findings' own files are read already).
        for f in findings:
            for r in f.get("replacements") or []:
                sources.data(r["file"])
    if args.fix or args.export_fixes:
        # The reported findings first: they win a clash with another check.
        accepted, refused = fixes.merge(findings + companions)
        if args.export_fixes:
            fixes.export(accepted, args.export_fixes)
        if args.fix:
            applied = (len(accepted), fixes.apply(accepted),
                       sum(1 for f in accepted if f.get("companion")))

    counts = report.coverage_counts(units)
    writers = {
        "text": lambda out: report.text(findings, out),
        "json": lambda out: report.as_json(findings, units, counts, len(files), suppressed, out),
        "sarif": lambda out: (json.dump(
            sarif.report(findings, units, checks, args.root, args.help_uri_base, counts),
            out, indent=2), out.write("\n")),
        "html": lambda out: out.write(htmlreport.render(
            findings, units, counts, args.root, args.html, args.help_uri_base, sources)),
    }
    for fmt in ("text", "json", "sarif", "html"):
        if getattr(args, fmt):
            write_report(getattr(args, fmt), writers[fmt])
    if args.output:
        write_report(args.output, writers[args.format])
    else:
        writers[args.format](sys.stdout)
        sys.stdout.flush()

    err = sys.stderr
    for path, cov in sorted(units.items()):
        if cov["status"] == "failed":
            err.write("sysopt-scan: error: %s could not be analysed (exit %d)\n  %s\n" % (
                report.shown(path), cov["exit"], cov.get("first_error")))
        elif cov["status"] == "partial":
            err.write("sysopt-scan: warning: %s analysed with %d error(s); functions "
                      "holding them were skipped\n  %s\n" % (
                          report.shown(path), cov["errors"], cov.get("first_error")))
    if args.summary:
        report.summary(findings, len(files), err)
    if again:
        err.write("sysopt-scan: paths across files reach candidates in %d function(s); "
                  "%d unit(s) analysed again with them\n" % (len(paths), len(again)))
    for f, other in refused:
        err.write("sysopt-scan: warning: the fix of %s at %s:%d overlaps the fix of %s at %s:%d; "
                  "not applied\n" % (f["check"], report.shown(f["file"]), f["line"],
                                     other["check"], report.shown(other["file"]), other["line"]))
    if applied:
        err.write("sysopt-scan: applied the fixes of %d finding(s) in %d file(s)%s\n" % (
            applied[0], applied[1],
            " (%d of other enabled checks)" % applied[2] if applied[2] else ""))
    if results is not None:
        err.write("sysopt-scan: %d of %d unit run(s) from the cache %s\n" % (
            results.hits, results.hits + results.misses, args.cache_dir))
    if known is not None:
        err.write("sysopt-scan: %d finding(s) already in the baseline %s, %d new\n" % (
            suppressed, args.baseline, len(findings)))
    # The last line, whatever else was asked for.
    err.write(report.coverage_line(counts) + "\n")
    if too_many_failed(counts, args.max_failed):
        return EXIT_FAILED_UNITS
    if fails_on(findings, args.fail_on):
        return EXIT_FINDINGS
    return EXIT_CLEAN
