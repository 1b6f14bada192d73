"""Hostile inputs for sysopt-scan: prints one line per case,
'<case>: exit <N>: <the scan's error line, or its last line>'. A Python
traceback, a hang (60 s) or an exit 0 with nothing analysed is a failure
line of its own, so FileCheck sees it."""
import json
import os
import subprocess
import sys

scan, driver, work, copy_cpp = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
os.chdir(work)
subprocess.run(["git", "init", "-q", "."])
good = os.path.join(work, "good.cpp")
with open(good, "w") as f:
    f.write(open(copy_cpp).read())


def db(name, content):
    d = os.path.join(work, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "compile_commands.json"), "wb") as f:
        f.write(content if isinstance(content, bytes) else json.dumps(content).encode())
    return d


def entry(path, directory=work):
    return {"directory": directory, "file": path, "arguments": ["c++", "-std=c++17", "-c", path]}


def case(name, args):
    try:
        p = subprocess.run([sys.executable, scan, "--driver", driver, "--progress", "off"] + args,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        print("%s: HANG" % name)
        return
    err = p.stderr.decode("utf-8", "backslashreplace").strip().splitlines()
    if any("Traceback" in l for l in err):
        print("%s: TRACEBACK %s" % (name, err[-1]))
        return
    line = next((l for l in err if l.startswith("sysopt-scan: error:")), err[-1] if err else "")
    if p.returncode == 0 and " 0 analysed fully, 0 with errors" in line:
        print("%s: SILENT GREEN %s" % (name, line))
        return
    print("%s: exit %d: %s" % (name, p.returncode, line.replace(work, "<work>")))


case("malformed database", ["-p", db("malformed", b'[{"file": ')])
case("empty database file", ["-p", db("emptyfile", b"")])
case("empty database", ["-p", db("emptylist", [])])
case("database not an array", ["-p", db("object", {"file": "a.cpp"})])
case("entry without a command", ["-p", db("nocmd", [{"directory": work, "file": good}])])
case("entry not an object", ["-p", db("notobj", ["good.cpp"])])
case("database not UTF-8", ["-p", db("latin1", b'[{"directory": "\xff", "file": "a.cpp", "command": "c++ a.cpp"}]')])
os.makedirs(os.path.join(work, "dirdb", "compile_commands.json"), exist_ok=True)
case("database is a directory", ["-p", os.path.join(work, "dirdb")])
case("no database", ["-p", os.path.join(work, "nodb-here")])
case("every file missing", ["-p", db("missing", [entry("/nowhere/a.cpp"), entry("/nowhere/b.cpp")])])
case("one file missing", ["-p", db("onemissing", [entry(good), entry("/nowhere/b.cpp")])])
case("relative path", ["-p", db("relative", [entry("good.cpp")])])
case("10000 entries", ["-p", db("many", [entry(good)] * 9999 + [entry("./good.cpp")])])
fifo = os.path.join(work, "fifo.cpp")
if not os.path.exists(fifo):
    os.mkfifo(fifo)
case("fifo in the database", ["-p", db("fifo", [entry(good), entry(fifo)])])
case("fifo as the database", ["-p", os.path.join(work, "fifodb")] if (
    os.makedirs(os.path.join(work, "fifodb"), exist_ok=True) or
    os.path.exists(os.path.join(work, "fifodb", "compile_commands.json")) or
    os.mkfifo(os.path.join(work, "fifodb", "compile_commands.json")) or True) else [])
case("fifo as a path", [fifo])
case("device file", ["/dev/null"])
case("directory in the database", ["-p", db("dirfile", [entry(work)])])
os.makedirs(os.path.join(work, "names"), exist_ok=True)
for n in ("with space.cpp", "q'uo\"te.cpp", os.fsdecode(b"latin\xff.cpp")):
    with open(os.path.join(work, "names", n), "w") as f:
        f.write(open(copy_cpp).read())
case("odd names", [os.path.join(work, "names")])
os.makedirs(os.path.join(work, "loop"), exist_ok=True)
if not os.path.lexists(os.path.join(work, "loop", "self")):
    os.symlink("..", os.path.join(work, "loop", "self"))
with open(os.path.join(work, "loop", "a.cpp"), "w") as f:
    f.write("int a() { return 1; }\n")
case("symlink loop", [os.path.join(work, "loop")])
os.makedirs(os.path.join(work, "big"), exist_ok=True)
with open(os.path.join(work, "big", "big.cpp"), "w") as f:
    line = "int v%d = %d;\n"
    f.write("".join(line % (i, i) for i in range(2500000)))  # about 50 MB
case("50 MB source", [os.path.join(work, "big")])
case("no sources", [os.path.join(work, "dirdb")])
case("no such path", [os.path.join(work, "nothing-here")])
case("bad exclude", ["--exclude", "(", good])
case("bad max-failed", ["--max-failed", "lots", good])
case("zero jobs", ["-j", "0", good])
case("missing driver", ["--driver", os.path.join(work, "no-driver"), good])
case("driver not executable", ["--driver", good, good])
case("missing plugin", ["--plugin", os.path.join(work, "no.so"), good])
case("missing baseline", ["--baseline", os.path.join(work, "no-baseline.json"), good])
case("unwritable output", ["--sarif", "/proc/no/such.sarif", good])
