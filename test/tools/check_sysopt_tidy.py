#!/usr/bin/env python3
"""Runs one sysopt check on a lit test file and FileChecks what it reports.

Usage (from a RUN line):
  %check_sysopt_tidy [options] <input> <check-name> <temp> [-- <clang-tidy args>] [-- <compiler args>]

Options:
  -check-suffix=A[,B]   use CHECK-MESSAGES-A, CHECK-NOTES-A, CHECK-FIXES-A prefixes
                        (CHECK-FIXES when the file has no CHECK-FIXES-A)
  -config=<yaml>        passed as --config to clang-tidy
  -no-fix               report only, apply no fix-it (for inputs that include
                        headers from the source tree, which --fix would edit)
  -no-compile-fixed     do not compile the fixed file (the default compiles it
                        with the same compiler arguments to prove the fix-its
                        produce valid code)
  -assume-filename=EXT  treat the input as a .cpp/.cu/.h file
  -no-stock-combination do not run the check together with clang-tidy's
                        performance-* checks

Every fixed file is also checked for fix safety: a second run on it must
propose no fix (the file stays as it is), and the check together with the
stock performance-* checks, with --fix, must still produce a file that
compiles (both propose edits of the same declarations).

The check runs on a copy of the input, through every mode in --modes (default:
the plugin loaded into the stock clang-tidy-22, and the sysopt-tidy driver).
Both modes must print the same diagnostics and produce the same fixed file.
Then:
  * the diagnostics are FileChecked with CHECK-MESSAGES[-SUFFIX] and every
    warning or error must be matched (--implicit-check-not);
  * if the file has CHECK-NOTES[-SUFFIX] lines, notes are checked as well;
  * the fixed file is FileChecked with CHECK-FIXES[-SUFFIX];
  * every sysopt warning must end with exactly one [principle/method] tag
    followed by its [check-name].
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

PRINCIPLES = {"removal", "replacement", "reordering"}
METHODS = {"batching", "caching", "precomputation", "deferral", "relaxation",
           "contextualization", "specialization", "layering"}
TAG_RE = re.compile(r"\[([a-z]+)/([a-z]+)\] \[(sysopt-[a-z0-9-]+)(,-warnings-as-errors)?\]$")


def fail(msg):
    sys.stderr.write("check_sysopt_tidy: error: " + msg + "\n")
    sys.exit(1)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kw)


def split_args(argv):
    """Splits '<ours> -- <clang-tidy extra> -- <compiler>'."""
    parts = [[]]
    for a in argv:
        if a == "--" and len(parts) < 3:
            parts.append([])
        else:
            parts[-1].append(a)
    while len(parts) < 3:
        parts.append([])
    return parts


def has_prefix(text, prefix):
    return re.search(r"\b" + re.escape(prefix) + r"(-NOT|-DAG|-NEXT|-SAME|-LABEL|-EMPTY)?:", text) is not None


def main():
    ours, tidy_extra, compiler_args = split_args(sys.argv[1:])
    p = argparse.ArgumentParser()
    p.add_argument("input")
    p.add_argument("check")
    p.add_argument("temp")
    p.add_argument("-check-suffix", "-check-suffixes", default="")
    p.add_argument("-config", default=None)
    p.add_argument("-no-compile-fixed", action="store_true")
    p.add_argument("-no-fix", action="store_true")
    p.add_argument("-assume-filename", default=None)
    p.add_argument("-no-stock-combination", action="store_true")
    p.add_argument("--modes", default=os.environ.get("SYSOPT_TEST_MODES", "plugin,driver"))
    p.add_argument("--plugin", required=True)
    p.add_argument("--driver", required=True)
    p.add_argument("--clang-tidy", required=True)
    p.add_argument("--filecheck", required=True)
    p.add_argument("--clangxx", required=True)
    args = p.parse_args(ours)

    with open(args.input, encoding="utf-8") as f:
        source = f.read()
    ext = args.assume_filename or os.path.splitext(args.input)[1]
    if not ext.startswith("."):
        ext = "." + ext
    suffixes = [s for s in args.check_suffix.split(",") if s] or [""]
    prefixes = {kind: [kind + ("-" + s if s else "") for s in suffixes]
                for kind in ("CHECK-MESSAGES", "CHECK-NOTES", "CHECK-FIXES")}
    if not any(has_prefix(source, n) for k in prefixes for n in prefixes[k]):
        fail("no CHECK-MESSAGES, CHECK-NOTES or CHECK-FIXES lines for suffix '%s'" % args.check_suffix)

    # The tool runs on the input without its CHECK lines (kept as empty
    # comments, so that line numbers stay): a CHECK-FIXES pattern can then
    # only match code, never its own comment.
    original = source
    source = re.sub(r"//( *)(CHECK|NOTE)[A-Z0-9-]*:[^\r\n]*", "//", source)
    results = {}
    os.makedirs(os.path.dirname(os.path.abspath(args.temp)) or ".", exist_ok=True)
    for mode in [m for m in args.modes.split(",") if m]:
        work = os.path.abspath(args.temp) + "." + mode + ext
        with open(work, "w", encoding="utf-8") as f:
            f.write(source)
        if mode == "plugin":
            cmd = [args.clang_tidy, "--load=" + args.plugin]
            env = dict(os.environ, LD_BIND_NOW="1")  # unresolved symbols fail now, not mid-run
        elif mode == "driver":
            cmd = [args.driver]
            env = dict(os.environ)
        else:
            fail("unknown mode " + mode)
        cmd += [work, "--checks=-*," + args.check, "--quiet"]
        if not args.no_fix:
            cmd.append("--fix")
        if args.config is not None:
            cmd.append("--config=" + args.config)
        cmd += tidy_extra + ["--"] + compiler_args
        proc = run(cmd, env=env)
        out = proc.stdout.replace(work, "INPUT" + ext)
        # clang-tidy exits 1 when the input has compile errors; that is for the
        # test to check, but a crash is never acceptable.
        if proc.returncode not in (0, 1) or "Stack dump" in out:
            sys.stderr.write(out)
            fail("%s exited with %d" % (mode, proc.returncode))
        with open(work, encoding="utf-8") as f:
            fixed = f.read()
        results[mode] = (out, fixed, work, " ".join(cmd))

    modes = list(results)
    out, fixed, work, cmd = results[modes[0]]
    for m in modes[1:]:
        if results[m][0] != out:
            sys.stderr.write("--- %s ---\n%s\n--- %s ---\n%s\n" % (modes[0], out, m, results[m][0]))
            fail("the plugin and the driver print different diagnostics")
        if results[m][1] != fixed:
            fail("the plugin and the driver produce different fixed files")
    sys.stdout.write("command: %s\n%s" % (cmd, out))

    # Every sysopt warning carries exactly one tag, then the check name.
    for line in out.splitlines():
        if re.search(r": warning: .*\[sysopt-", line):
            m = TAG_RE.search(line)
            if not m:
                fail("warning without a [principle/method] tag before its check name:\n" + line)
            if m.group(1) not in PRINCIPLES or m.group(2) not in METHODS:
                fail("unknown principle or method in tag:\n" + line)
            if len(re.findall(r"\[(%s)/(%s)\]" % ("|".join(PRINCIPLES), "|".join(METHODS)), line)) != 1:
                fail("more than one tag:\n" + line)

    # Source snippets and fix-it lines (indented) would let the test's own
    # CHECK comments leak into the text FileCheck reads: keep diagnostics only.
    diagnostics = "".join(l + "\n" for l in out.splitlines() if l and not l[0].isspace())
    msg_file = os.path.abspath(args.temp) + ".msg"
    with open(msg_file, "w", encoding="utf-8") as f:
        f.write(diagnostics)

    def filecheck(prefix_list, input_file, extra):
        fc = [args.filecheck, args.input, "--input-file=" + input_file,
              "--check-prefixes=" + ",".join(prefix_list)] + extra
        proc = run(fc)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout)
            fail("FileCheck failed for " + ",".join(prefix_list))

    has_notes = any(has_prefix(original, n) for n in prefixes["CHECK-NOTES"])
    has_msgs = any(has_prefix(original, n) for n in prefixes["CHECK-MESSAGES"])
    if has_notes:
        filecheck(prefixes["CHECK-NOTES"], msg_file,
                  ["--implicit-check-not={{note|warning|error}}:"])
    if has_msgs or not has_notes:
        if has_msgs:
            filecheck(prefixes["CHECK-MESSAGES"], msg_file,
                      ["--implicit-check-not={{warning|error}}:"])
        elif re.search(r"(warning|error):", out):
            fail("diagnostics were printed but the test has no CHECK-MESSAGES:\n" + out)
    # A suffixed run without its own CHECK-FIXES-<SUFFIX> lines expects the
    # same fixed file as the plain run.
    if args.check_suffix and not any(has_prefix(original, n) for n in prefixes["CHECK-FIXES"]):
        prefixes["CHECK-FIXES"] = ["CHECK-FIXES"]
    if any(has_prefix(original, n) for n in prefixes["CHECK-FIXES"]):
        filecheck(prefixes["CHECK-FIXES"], work, ["--strict-whitespace"])
    elif fixed != source:
        fail("fix-its were applied but the test has no CHECK-FIXES lines")

    def compiles(path, what, must=True):
        cc = [args.clangxx, "-fsyntax-only"] + (["-x", "c"] if ext == ".c" else []) + [path] + compiler_args
        proc = run(cc)
        if proc.returncode != 0 and must:
            sys.stderr.write(proc.stdout)
            fail(what + " does not compile: " + " ".join(cc))
        return proc.returncode == 0

    if fixed != source and not args.no_compile_fixed:
        compiles(work, "the fixed file")

    if fixed != source:
        # A second run over the fixed file proposes nothing.
        again = os.path.abspath(args.temp) + ".again" + ext
        with open(again, "w", encoding="utf-8") as f:
            f.write(fixed)
        cmd = [args.driver, again, "--checks=-*," + args.check, "--quiet", "--fix"]
        if args.config is not None:
            cmd.append("--config=" + args.config)
        proc = run(cmd + tidy_extra + ["--"] + compiler_args)
        with open(again, encoding="utf-8") as f:
            refixed = f.read()
        if refixed != fixed:
            sys.stderr.write(proc.stdout)
            fail("a second run proposes fixes on the fixed file")

    if not args.no_fix and not args.no_compile_fixed and not args.no_stock_combination \
            and ext != ".c":
        # With the stock checks that edit the same declarations: every edit
        # applied once, and the result compiles.
        both = os.path.abspath(args.temp) + ".stock" + ext
        with open(both, "w", encoding="utf-8") as f:
            f.write(source)
        cmd = [args.driver, both, "--checks=-*," + args.check + ",performance-*", "--quiet", "--fix"]
        if args.config is not None:
            cmd.append("--config=" + args.config)
        proc = run(cmd + tidy_extra + ["--"] + compiler_args)
        if proc.returncode not in (0, 1) or "Stack dump" in proc.stdout:
            sys.stderr.write(proc.stdout)
            fail("the run with performance-* exited with %d" % proc.returncode)
        if not compiles(both, "the file fixed together with performance-*", must=False):
            # Only a failure the stock checks do not make on their own is ours
            # (performance-unnecessary-copy-initialization drops the const
            # of a type spelled by a macro).
            alone = os.path.abspath(args.temp) + ".stockonly" + ext
            with open(alone, "w", encoding="utf-8") as f:
                f.write(source)
            run([args.driver, alone, "--checks=-*,performance-*", "--quiet", "--fix"]
                + tidy_extra + ["--"] + compiler_args)
            if compiles(alone, "", must=False):
                compiles(both, "the file fixed together with performance-*")
            sys.stdout.write("note: performance-* alone breaks this file; combination not judged\n")


if __name__ == "__main__":
    main()
