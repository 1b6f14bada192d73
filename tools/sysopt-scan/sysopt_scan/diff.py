"""Changed lines: which lines a diff touches, which units may see them, and
which findings lie on them (the clang-tidy-diff workflow for a whole scan)."""
import os
import re
import subprocess

from . import SetupError

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
INCLUDE = re.compile(rb'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def read_diff(spec, root, stdin):
    """The unified diff of `git diff -U0 REV` in root, or stdin for '-'."""
    if spec == "-":
        return stdin.buffer.read().decode("utf-8", "surrogateescape")
    try:
        p = subprocess.run(["git", "-C", root, "diff", "-U0", "--no-color", "--no-ext-diff", spec,
                            "--"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        raise SetupError("cannot run git for --diff: %s" % e.strerror)
    if p.returncode != 0:
        raise SetupError("git diff %s failed: %s" % (
            spec, p.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "?"))
    return p.stdout.decode("utf-8", "surrogateescape")


def changed_lines(text, root):
    """realpath -> set of new-side line numbers the diff adds or changes (a
    pure deletion marks the line after it)."""
    out, current = {}, None
    for line in text.splitlines():
        if line.startswith("+++ "):
            name = line[4:].split("\t")[0]
            if name == "/dev/null":
                current = None
                continue
            if name.startswith("b/"):
                name = name[2:]
            current = os.path.realpath(os.path.join(root, name))
            out.setdefault(current, set())
        elif current and line.startswith("@@"):
            m = HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
                out[current].update(range(start, start + count) if count else [max(start, 1)])
    return out


def units_seeing(files, changed, root):
    """The units whose main file changed or that may include a changed file,
    found by following #include lines by name through the repository's files.
    Over-approximate by design: a name matches every file that ends with it."""
    changed_set = set(changed)
    direct = {f for f in files if os.path.realpath(f) in changed_set}
    headers = changed_set - {os.path.realpath(f) for f in files}
    if not headers:
        return [f for f in files if f in direct]
    index = {}
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        for n in names:
            index.setdefault(n, []).append(os.path.realpath(os.path.join(d, n)))
    memo = {}

    def reaches(path, stack):
        if path in headers:
            return True
        if path in memo:
            return memo[path]
        if path in stack:
            return False
        stack.add(path)
        try:
            with open(path, "rb") as f:
                names = INCLUDE.findall(f.read())
        except OSError:
            names = []
        hit = False
        for n in names:
            n = os.fsdecode(n).replace("\\", "/")
            beside = os.path.realpath(os.path.join(os.path.dirname(path), n))
            tail = os.path.normpath(n)
            while tail.startswith("../"):
                tail = tail[3:]
            cands = [beside] if os.path.isfile(beside) else []
            cands += [c for c in index.get(os.path.basename(n), ()) if c.endswith("/" + tail)]
            if any(reaches(c, stack) for c in cands):
                hit = True
                break
        stack.discard(path)
        memo[path] = hit
        return hit

    return [f for f in files if f in direct or reaches(os.path.realpath(f), set())]


def on_changed_lines(findings, changed):
    return [f for f in findings if f["line"] in changed.get(f["file"], ())]
