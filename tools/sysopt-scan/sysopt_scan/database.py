"""Which translation units to analyse, and with which command."""
import json
import os
import sys
import re
import shutil
import stat

from . import SetupError

SOURCE_EXTS = (".cpp", ".cc", ".cxx", ".c++", ".c", ".cu")
# Units CMake lists for its ASM languages: no C or C++ to analyse.
ASSEMBLY_EXTS = (".s", ".S", ".sx", ".asm")
MAX_ENTRIES = 200000  # a larger database is almost certainly not one
MAX_SOURCE_MB = 16  # larger sources are generated data: reported, not analysed


def third_party_rules(def_path):
    """Directory names and single-header libraries treated as third party,
    read from the file the checks compile in (lib/ThirdPartyPaths.def)."""
    dirs, headers = set(), set()
    try:
        with open(def_path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r'\s*SYSOPT_THIRD_PARTY_(DIR|HEADER)\("([^"]+)"\)', line)
                if m:
                    (dirs if m.group(1) == "DIR" else headers).add(m.group(2))
    except OSError:
        pass
    return dirs, headers


def is_third_party(path, root, rules):
    dirs, headers = rules
    rel = os.path.relpath(path, root) if root and path.startswith(root + os.sep) else path
    parts = rel.split(os.sep)
    return parts[-1] in headers or any(p in dirs for p in parts[:-1])


def default_command(path):
    """The command of a file no build system describes: a CUDA file as nvcc
    compiles it (the tool translates nvcc commands for clang's host pass and
    adds the compatibility prelude), C as C11, anything else as C++17."""
    if path.endswith(".cu"):
        nvcc = shutil.which("nvcc") or "/usr/local/cuda/bin/nvcc"
        return [nvcc, "-std=c++17", "-x", "cu", "-c", path]
    if path.endswith(".c"):
        return ["cc", "-std=c11", "-c", path]
    return ["c++", "-std=c++17", "-c", path]


def write_default_database(files, directory):
    entries = [{"directory": os.path.dirname(f), "file": f, "arguments": default_command(f)}
               for f in files]
    with open(os.path.join(directory, "compile_commands.json"), "w") as out:
        json.dump(entries, out)


def find_up(directory, name):
    """The nearest of directory and its ancestors that holds name, or None."""
    d = os.path.abspath(directory)
    while True:
        if os.path.exists(os.path.join(d, name)):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def load_database(build_dir):
    """The files of compile_commands.json in build_dir, as absolute normalised
    paths. Anything that is not a database is a SetupError with one line."""
    db_path = os.path.join(build_dir, "compile_commands.json")
    if not os.path.isdir(build_dir):
        raise SetupError("no such build directory: %s" % build_dir)
    if os.path.exists(db_path) and not os.path.isfile(db_path):
        raise SetupError("%s is not a regular file" % db_path)
    if not os.path.isfile(db_path):
        raise SetupError("no compile_commands.json in %s (configure with "
                         "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or pass source paths without -p)"
                         % build_dir)
    try:
        with open(db_path, "rb") as f:
            db = json.loads(f.read().decode("utf-8", "surrogateescape"))
    except (OSError, ValueError, UnicodeDecodeError) as e:
        raise SetupError("cannot read compilation database %s: %s" % (db_path, e))
    if not isinstance(db, list):
        raise SetupError("compilation database %s is not a JSON array" % db_path)
    if not db:
        raise SetupError("compilation database %s has no entries" % db_path)
    if len(db) > MAX_ENTRIES:
        raise SetupError("compilation database %s has %d entries (more than %d)"
                         % (db_path, len(db), MAX_ENTRIES))
    files, entries = [], {}
    for i, entry in enumerate(db):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or \
                not isinstance(entry.get("directory", ""), str) or \
                not (isinstance(entry.get("command"), str) or isinstance(entry.get("arguments"), list)):
            raise SetupError("compilation database %s: entry %d needs \"directory\", \"file\" "
                             "and \"command\" or \"arguments\"" % (db_path, i))
        f = entry["file"]
        if not os.path.isabs(f):
            f = os.path.join(entry.get("directory") or build_dir, f)
        f = os.path.normpath(f)
        files.append(f)
        entries.setdefault(f, dict(entry, file=f))
    return files, entries


def write_unique_database(entries, files, directory):
    """The database the tool reads: one entry per unit (the first), since
    clang-tidy analyses a file once per entry that names it."""
    with open(os.path.join(directory, "compile_commands.json"), "w",
              encoding="utf-8", errors="surrogateescape") as out:
        json.dump([entries[f] for f in files], out)


def walk(paths, rules):
    """Sources under the given files and directories. Symlinked directories
    are not followed (no loops); third-party directories are skipped."""
    files = []
    for p in paths or ["."]:
        if os.path.isfile(p):
            files.append(os.path.abspath(p))
            continue
        if os.path.exists(p) and not os.path.isdir(p):
            raise SetupError("%s is not a regular file or a directory" % p)
        if not os.path.isdir(p):
            raise SetupError("no such file or directory: %s" % p)
        for d, dirs, names in os.walk(p, followlinks=False):
            dirs[:] = sorted(x for x in dirs if not x.startswith(".") and x != "build"
                             and x not in rules[0])
            for n in sorted(names):
                if n.endswith(SOURCE_EXTS):
                    files.append(os.path.abspath(os.path.join(d, n)))
    return files


def unreadable(path, max_mb=MAX_SOURCE_MB):
    """Why a source cannot be analysed before the tool even starts, or None."""
    try:
        st = os.stat(path)
    except OSError as e:
        return "cannot open %s: %s" % (path, e.strerror)
    if not stat.S_ISREG(st.st_mode):
        return "%s is not a regular file" % path
    if st.st_size > max_mb << 20:
        return "%s is %d MB, more than --max-source-mb %d" % (path, st.st_size >> 20, max_mb)
    return None


def collect_files(args, rules):
    entries = {}
    if args.p:
        files, entries = load_database(args.p)
        assembly = [f for f in files if f.endswith(ASSEMBLY_EXTS)]
        if assembly:
            sys.stderr.write("sysopt-scan: %d assembly unit%s of the database skipped (first: %s)\n"
                             % (len(assembly), "" if len(assembly) == 1 else "s", assembly[0]))
            files = [f for f in files if not f.endswith(ASSEMBLY_EXTS)]
        roots = [os.path.abspath(p) for p in args.paths]
        if roots:
            files = [f for f in files if any(f == r or f.startswith(r.rstrip(os.sep) + os.sep)
                                             for r in roots)]
    else:
        files = walk(args.paths, rules)
    for rx in args.exclude:
        try:
            compiled = re.compile(rx)
        except re.error as e:
            raise SetupError("--exclude %r is not a regular expression: %s" % (rx, e))
        files = [f for f in files if not compiled.search(f)]
    if args.p and files and not any(os.path.exists(f) for f in files):
        raise SetupError("none of the %d files of %s exists (first: %s); was the database "
                         "written on another machine?" % (
                             len(files), os.path.join(args.p, "compile_commands.json"), files[0]))
    # One unit per real file: a path through a symlink or '..' is the same unit.
    seen, unique = set(), []
    for f in sorted(set(files)):
        real = os.path.realpath(f)
        if real not in seen:
            seen.add(real)
            unique.append(f)
    return unique, entries
