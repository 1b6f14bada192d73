"""Running the driver (or the plugin in clang-tidy) on one unit, and reading
what it said."""
import json
import os
import re
import subprocess
import tempfile

from . import SetupError

try:
    import yaml  # Debian's python3-yaml
except ImportError:  # the text output still works without it
    yaml = None

PRINCIPLES = ("removal", "replacement", "reordering")
METHODS = ("batching", "caching", "precomputation", "deferral", "relaxation",
           "contextualization", "specialization", "layering")
TAG_RE = re.compile(r"\s*\[(%s)/(%s)\]\s*$" % ("|".join(PRINCIPLES), "|".join(METHODS)))
COVERAGE_PREFIX = "sysopt-tidy: coverage: "
DIAG_RE = re.compile(r"^(.*?):(\d+):(\d+): (warning|error): (.*?)(?: \[([\w.,-]+)\])?$")
UNIT_TIMEOUT_S = 3600  # one unit that runs an hour is reported, not waited for


def base_command(args):
    return [args.clang_tidy, "--load=" + args.plugin] if args.plugin else [args.driver]


def enabled_checks(args):
    """The sysopt checks the tool would run with --checks (and the
    configuration files it reads). A tool that cannot list any (the stock
    clang-tidy as --driver, the plugin in another clang-tidy, a misspelt
    --checks) is a SetupError: a scan with no check would be a silent green."""
    cmd = base_command(args) + ["--checks=" + args.checks, "--list-checks"]
    if args.config_file:
        cmd.append("--config-file=" + args.config_file)
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, errors="replace", timeout=120,
                              cwd=args.root)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise SetupError("cannot run %s: %s" % (cmd[0], getattr(e, "strerror", None) or e))
    checks = [l.strip() for l in proc.stdout.splitlines() if l.strip().startswith("sysopt-")]
    if proc.returncode != 0:
        lines = [l for l in proc.stdout.splitlines() if l.strip()]
        first = next((l for l in lines if "error" in l.lower()),
                     lines[0] if lines else "exit %d" % proc.returncode)
        raise SetupError("%s cannot run the checks: %s" % (" ".join(cmd[:2]), first.strip()))
    if not checks:
        what = ("the plugin %s in %s" % (args.plugin, args.clang_tidy)) if args.plugin \
            else args.driver
        raise SetupError("%s enables no sysopt- check with --checks=%s (is it the sysopt-tidy "
                         "driver, or the plugin built for this clang-tidy?)" % (what, args.checks))
    return checks


def split_tag(message):
    m = TAG_RE.search(message)
    if not m:
        return message, None, None
    return message[:m.start()], m.group(1), m.group(2)


class Sources:
    """File contents, read once, for offsets and snippets."""

    def __init__(self):
        self.cache = {}

    def data(self, path):
        if path not in self.cache:
            try:
                with open(path, "rb") as f:
                    self.cache[path] = f.read()
            except OSError:
                self.cache[path] = b""
        return self.cache[path]

    def line_col(self, path, offset):
        data = self.data(path)[:offset]
        return data.count(b"\n") + 1, offset - (data.rfind(b"\n") + 1) + 1

    def line_text(self, path, line):
        lines = self.data(path).split(b"\n")
        return lines[line - 1].decode("utf-8", "replace") if 0 < line <= len(lines) else ""


def real_path(path, unit):
    """The file a path of the fixes file names. clang-tidy writes bytes that
    are not UTF-8 as U+FFFD and drops the rest of the name; such a path is
    the unit, or the one file of its directory that starts the same way."""
    if "\ufffd" not in path or os.path.exists(path):
        return os.path.realpath(path)
    prefix = path.split("\ufffd", 1)[0]
    if os.fsdecode(os.fsencode(unit)).startswith(prefix):
        return os.path.realpath(unit)
    d = os.path.dirname(prefix)
    try:
        same = [n for n in os.listdir(d) if os.path.join(d, n).startswith(prefix)]
    except OSError:
        same = []
    return os.path.realpath(os.path.join(d, same[0])) if len(same) == 1 else path


def read_fixes(fixes_path, unit, sources):
    """Findings (and their replacements) from one unit's --export-fixes file;
    other checks' fixes are marked "companion"."""
    with open(fixes_path, encoding="utf-8", errors="replace") as f:
        doc = yaml.safe_load(f) or {}
    findings = []
    for d in doc.get("Diagnostics", []) or []:
        name = d.get("DiagnosticName", "")
        msg = d.get("DiagnosticMessage", {})
        # Another enabled check's edit is carried for --fix (a sysopt check
        # leaves the edit to the stock check that proposes the same one) but
        # not reported: the scan reports the sysopt checks.
        companion = not name.startswith("sysopt-")
        if companion and not msg.get("Replacements"):
            continue
        text, principle, method = split_tag(msg.get("Message", ""))
        fpath = real_path(msg.get("FilePath") or unit, unit)
        line, col = sources.line_col(fpath, msg.get("FileOffset", 0))
        notes = []
        for n in d.get("Notes", []) or []:
            npath = real_path(n.get("FilePath") or fpath, unit)
            nl, nc = sources.line_col(npath, n.get("FileOffset", 0))
            notes.append({"file": npath, "line": nl, "column": nc,
                          "message": n.get("Message", "")})
        replacements = [{"file": real_path(r.get("FilePath") or fpath, unit),
                         "offset": r.get("Offset", 0), "length": r.get("Length", 0),
                         "text": r.get("ReplacementText", "")}
                        for r in msg.get("Replacements", []) or []]
        findings.append({
            "file": fpath, "line": line, "column": col, "check": name,
            "principle": principle, "method": method, "message": text,
            "fixable": bool(replacements), "replacements": replacements, "notes": notes})
        if companion:
            findings[-1]["companion"] = True
    return findings


def run_one(path, args, db_dir, env_extra=None, sources=None, deps=None):
    """(path, findings, coverage, exit status) of one unit, with the
    database in db_dir (or the one the tool finds above the file). With a
    list as deps, the files the unit read are added to it."""
    sources = sources or Sources()
    with tempfile.TemporaryDirectory(prefix="sysopt-scan-") as tmp:
        fixes = os.path.join(tmp, "fixes.yaml")
        deps_file = os.path.join(tmp, "deps.txt")
        cmd = base_command(args) + [path, "--checks=" + args.checks, "--quiet",
                                    "--export-fixes=" + fixes]
        if args.config_file:
            cmd.append("--config-file=" + args.config_file)
        if db_dir:
            cmd += ["-p", db_dir]
        for a in args.extra_arg:
            cmd.append("--extra-arg=" + a)
        env = dict(os.environ, SYSOPT_TIDY_COVERAGE="1")
        if args.no_cuda_prelude:
            env["SYSOPT_CUDA_PRELUDE"] = "0"
        env.update(env_extra or {})
        if deps is not None:
            env["SYSOPT_TIDY_DEPENDENCIES"] = deps_file
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, universal_newlines=True, env=env,
                                  errors="replace", timeout=UNIT_TIMEOUT_S)
        except OSError as e:
            # One file that cannot be analysed (the tool vanished or is not
            # executable) is reported; the rest of the scan goes on.
            msg = "%s: cannot run %s: %s" % (path, cmd[0], e.strerror)
            return path, [], {"status": "failed", "errors": 1, "first_error": msg}, 127
        except subprocess.TimeoutExpired:
            msg = "%s: stopped after %d s" % (path, UNIT_TIMEOUT_S)
            return path, [], {"status": "failed", "errors": 1, "first_error": msg}, 124
        findings, errors, coverage = [], [], None
        for line in proc.stdout.splitlines():
            if line.startswith(COVERAGE_PREFIX):
                try:
                    coverage = json.loads(line[len(COVERAGE_PREFIX):])
                except ValueError:
                    pass
                continue
            m = DIAG_RE.match(line)
            if m and m.group(4) == "error":
                errors.append(line)
        if yaml is not None and os.path.exists(fixes):
            findings = read_fixes(fixes, path, sources)
        else:
            for line in proc.stdout.splitlines():
                m = DIAG_RE.match(line)
                if m and m.group(4) == "warning" and (m.group(6) or "").startswith("sysopt-"):
                    text, principle, method = split_tag(m.group(5))
                    findings.append({"file": os.path.realpath(m.group(1)), "line": int(m.group(2)),
                                     "column": int(m.group(3)), "check": m.group(6),
                                     "principle": principle, "method": method,
                                     "message": text, "fixable": None, "replacements": [],
                                     "notes": []})
        if deps is not None:
            deps.extend(read_dependencies(deps_file))
        return path, findings, classify(proc, errors, coverage), proc.returncode


def read_dependencies(path):
    """The files a unit read, as the tool listed them (SYSOPT_TIDY_DEPENDENCIES)."""
    try:
        with open(path, "rb") as f:
            names = f.read().decode("utf-8", "surrogateescape").splitlines()
    except OSError:
        return []
    return [os.path.realpath(n) for n in names if n]


def classify(proc, errors, coverage):
    """full, partial (errors, the other functions analysed) or failed."""
    crashed = proc.returncode < 0 or "Stack dump" in proc.stdout
    first = errors[0] if errors else None
    if crashed:
        return {"status": "failed", "errors": len(errors),
                "first_error": first or "the tool crashed (exit %d)" % proc.returncode}
    if coverage is None:
        # The analysis never ran (the compiler could not start: an unknown
        # argument, a missing file), or a tool without coverage lines.
        if errors or proc.returncode != 0:
            return {"status": "failed", "errors": len(errors),
                    "first_error": first or "exit %d" % proc.returncode}
        return {"status": "full", "errors": 0}
    n = coverage.get("errors", 0)
    result = {"errors": n, "device_only_errors": coverage.get("device_only_errors"),
              "first_error": coverage.get("first_error")}
    if coverage.get("fatal"):
        result["status"] = "failed"
    elif n:
        result["status"] = "partial"
    else:
        result = {"status": "full", "errors": 0}
    return result
