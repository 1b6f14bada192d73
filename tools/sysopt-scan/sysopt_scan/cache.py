"""Results cached per translation unit (--cache-dir).

A unit's result is reused when nothing it depends on changed:
  - the tool: the contents of the driver, or of clang-tidy and the plugin
    (the build id: a rebuilt plugin is a new tool);
  - the scanner's version and the options that change what the tool
    reports (--checks, the --config-file's contents, --extra-arg, the CUDA
    prelude, the pass across files and, in its second step, the paths it
    was given);
  - the unit's compile command (its database entry, or the compile_flags.txt
    or compile_commands.json the tool finds above it) and the contents of
    every .clang-tidy file from the unit's directory up;
  - the environment variables the compiler and the tool read (CPATH and the
    like, SYSOPT_*);
  - the contents of every file the unit read, as the tool lists them at the
    end of the unit (SYSOPT_TIDY_DEPENDENCIES): the source, its headers, the
    system headers, the prelude.
The first five make the entry's name; the file list and its contents are
checked on every lookup. What the list cannot see: a new header that would
now be found earlier on the include path than the one read before (ccache's
direct mode has the same blind spot); delete the cache after moving headers
between include directories.

Failed units are not cached (a timeout or a crash may not recur). Entries
are written atomically, so parallel jobs and CI runs can share a directory;
the least recently used are removed beyond --cache-max-mb.
"""
import hashlib
import json
import os
import tempfile
import threading

from . import VERSION

FORMAT = "sysopt-scan-cache/v1"
COMPILER_ENV = ("CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH",
                "SDKROOT", "CUDA_PATH", "CUDA_HOME")


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Cache:
    def __init__(self, directory, tool_files, options, max_mb=1024):
        self.dir = os.path.join(os.path.abspath(directory), "v1")
        try:
            os.makedirs(self.dir, exist_ok=True)
        except OSError as e:
            from . import SetupError
            raise SetupError("cannot create the cache directory %s: %s" % (directory, e.strerror))
        self.max_bytes = max_mb << 20
        self.digests, self.lock = {}, threading.Lock()
        self.hits = self.misses = 0
        h = hashlib.sha256()
        h.update(FORMAT.encode() + b"\0" + VERSION.encode() + b"\0")
        for f in tool_files:
            h.update(self.digest(f).encode() + b"\0")
        h.update(json.dumps(options, sort_keys=True).encode())
        env = {k: v for k, v in os.environ.items()
               if k in COMPILER_ENV or k.startswith("SYSOPT_")}
        h.update(json.dumps(env, sort_keys=True).encode())
        self.base = h.hexdigest()

    def digest(self, path):
        """The contents' hash, once per path and run ('' when unreadable)."""
        with self.lock:
            if path in self.digests:
                return self.digests[path]
        try:
            d = file_digest(path)
        except OSError:
            d = ""
        with self.lock:
            self.digests[path] = d
        return d

    def key(self, unit, command, config_files, step):
        """The entry's name: everything but the files the unit read."""
        h = hashlib.sha256()
        h.update(self.base.encode())
        h.update(json.dumps([os.fsencode(unit).hex(), command, step], sort_keys=True,
                            default=str).encode())
        for f in config_files:
            h.update(os.fsencode(f) + b"\0" + self.digest(f).encode())
        return h.hexdigest()

    def path(self, key):
        return os.path.join(self.dir, key[:2], key + ".json")

    def lookup(self, key):
        """The stored result when every file the unit read is unchanged."""
        p = self.path(key)
        try:
            with open(p, encoding="utf-8", errors="surrogateescape") as f:
                entry = json.load(f)
        except (OSError, ValueError):
            entry = None
        if not entry or entry.get("format") != FORMAT or not all(
                self.digest(dep) == d for dep, d in entry.get("deps", [])):
            with self.lock:
                self.misses += 1
            return None
        try:
            os.utime(p)  # recently used
        except OSError:
            pass
        with self.lock:
            self.hits += 1
        return entry["result"]

    def store(self, key, deps, result):
        deps = sorted(set(deps))
        digests = [(d, self.digest(d)) for d in deps]
        if not deps or any(not d for _, d in digests):
            return  # a file that vanished mid-scan: nothing to trust
        p = self.path(key)
        try:
            os.makedirs(os.path.dirname(p), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(p), suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as out:
                json.dump({"format": FORMAT, "deps": digests, "result": result}, out)
            os.replace(tmp, p)
        except OSError:
            pass  # a full disk or a read-only cache: the scan goes on uncached

    def prune(self):
        """Removes the least recently used entries beyond the size limit."""
        entries, total = [], 0
        for d, _, names in os.walk(self.dir):
            for n in names:
                p = os.path.join(d, n)
                try:
                    st = os.stat(p)
                except OSError:
                    continue
                entries.append((st.st_mtime, st.st_size, p))
                total += st.st_size
        for _, size, p in sorted(entries):
            if total <= self.max_bytes:
                break
            try:
                os.remove(p)
                total -= size
            except OSError:
                pass


def config_files(unit):
    """The .clang-tidy files clang-tidy may read for a unit: from its
    directory up to the root."""
    out, d = [], os.path.dirname(os.path.abspath(unit))
    while True:
        c = os.path.join(d, ".clang-tidy")
        if os.path.isfile(c):
            out.append(c)
        parent = os.path.dirname(d)
        if parent == d:
            return out
        d = parent
