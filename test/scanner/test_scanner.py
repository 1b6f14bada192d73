"""Unit tests of the sysopt_scan package (run by ctest as scanner-unit)."""
import json
import argparse
import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "sysopt-scan"))
from sysopt_scan import VERSION, SetupError, baseline, cli, crossunit, database, fixes, run, sarif  # noqa
from sysopt_scan import cache, diff  # noqa


def finding(file, line, check="sysopt-redundant-copy", message="'c' is a copy"):
    return {"file": file, "line": line, "column": 3, "check": check, "message": message,
            "principle": "removal", "method": "contextualization", "fixable": False, "notes": []}


class Fingerprints(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "a.cpp")

    def write(self, text):
        with open(self.path, "w") as f:
            f.write(text)
        return run.Sources()

    def test_survive_lines_moving_and_blank_changes(self):
        f1 = finding(self.path, 2)
        baseline.assign_fingerprints([f1], self.dir, self.write("int x;\n  std::string c = s;\n"))
        f2 = finding(self.path, 4)
        baseline.assign_fingerprints([f2], self.dir,
                                     self.write("// a\n// b\nint x;\nstd::string   c = s;\n"))
        self.assertEqual(f1["fingerprint"], f2["fingerprint"])

    def test_editing_the_line_or_another_check_changes_it(self):
        src = self.write("std::string c = s;\n")
        a, b = finding(self.path, 1), finding(self.path, 1, check="sysopt-missing-cow")
        baseline.assign_fingerprints([a, b], self.dir, src)
        self.assertNotEqual(a["fingerprint"], b["fingerprint"])
        c = finding(self.path, 1)
        baseline.assign_fingerprints([c], self.dir, self.write("std::string c = t;\n"))
        self.assertNotEqual(a["fingerprint"], c["fingerprint"])

    def test_identical_lines_get_ranks(self):
        src = self.write("std::string c = s;\nstd::string c = s;\n")
        a, b = finding(self.path, 1), finding(self.path, 2)
        baseline.assign_fingerprints([a, b], self.dir, src)
        self.assertNotEqual(a["fingerprint"], b["fingerprint"])

    def test_independent_of_the_checkout_location(self):
        a = finding(self.path, 1)
        baseline.assign_fingerprints([a], self.dir, self.write("x\n"))
        other = tempfile.mkdtemp()
        os.rename(self.path, os.path.join(other, "a.cpp"))
        b = finding(os.path.join(other, "a.cpp"), 1)
        baseline.assign_fingerprints([b], other, run.Sources())
        self.assertEqual(a["fingerprint"], b["fingerprint"])

    def test_baseline_round_trip_and_bad_files(self):
        a = finding(self.path, 1)
        baseline.assign_fingerprints([a], self.dir, self.write("x\n"))
        out = os.path.join(self.dir, "base.json")
        baseline.write(out, [a], self.dir)
        new, old = baseline.split([a, dict(a, fingerprint="other")], baseline.read(out))
        self.assertEqual((len(new), old), (1, 1))
        with open(out, "w") as f:
            f.write("[]")
        self.assertRaises(SetupError, baseline.read, out)


class ExitRules(unittest.TestCase):
    def test_fail_on(self):
        fs = [finding("a", 1, check="sysopt-sync-in-loop")]
        self.assertTrue(cli.fails_on(fs, "any"))
        self.assertTrue(cli.fails_on(fs, "sysopt-alloc-in-loop, sysopt-sync-*"))
        self.assertFalse(cli.fails_on(fs, "sysopt-alloc-in-loop"))
        self.assertFalse(cli.fails_on([], "any"))
        self.assertFalse(cli.fails_on(fs, None))

    def test_max_failed(self):
        counts = {"failed": 1, "translation_units": 10}
        self.assertTrue(cli.too_many_failed(counts, "0"))
        self.assertFalse(cli.too_many_failed(counts, "1"))
        self.assertFalse(cli.too_many_failed(counts, "10%"))
        self.assertTrue(cli.too_many_failed(counts, "9%"))


class ThirdParty(unittest.TestCase):
    rules = database.third_party_rules(cli.third_party_def())

    def test_shared_list_is_read(self):
        self.assertIn("third_party", self.rules[0])
        self.assertIn("httplib.h", self.rules[1])

    def test_paths(self):
        self.assertTrue(database.is_third_party("/r/examples/server/httplib.h", "/r", self.rules))
        self.assertTrue(database.is_third_party("/r/a/_deps/x.cpp", "/r", self.rules))
        self.assertFalse(database.is_third_party("/r/src/http.cpp", "/r", self.rules))
        self.assertTrue(database.is_third_party("/r/3rd_party/flatbuffers/util.h", "/r", self.rules))
        # Only components below the root count.
        self.assertFalse(database.is_third_party("/vendor/r/src/a.cpp", "/vendor/r", self.rules))


class Sarif(unittest.TestCase):
    def test_rule_from_doc_page(self):
        r = sarif.rule("sysopt-sync-in-loop", None)
        self.assertTrue(r["shortDescription"]["text"].startswith("The host waits for the device"))
        self.assertNotIn("Tag:", r["fullDescription"]["text"])
        self.assertIn("reordering/deferral", r["properties"]["tags"])
        self.assertTrue(r["helpUri"].startswith("file://"))
        r = sarif.rule("sysopt-sync-in-loop", "https://example.org/docs/checks/")
        self.assertEqual(r["helpUri"], "https://example.org/docs/checks/sync-in-loop.md")

    def test_uris(self):
        self.assertEqual(sarif.uri("/r/src/a b.cpp", "/r"),
                         {"uri": "src/a%20b.cpp", "uriBaseId": "%SRCROOT%"})
        self.assertEqual(sarif.uri(os.fsdecode(b"/r/\xff.cpp"), "/r")["uri"], "%FF.cpp")
        self.assertEqual(sarif.uri("/usr/include/x.h", "/r"), {"uri": "file:///usr/include/x.h"})

    def test_version_matches_cmake(self):
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "CMakeLists.txt")) as f:
            cmake = f.read()
        self.assertIn("project(sysopt-tidy VERSION %s " % VERSION, cmake)


class Database(unittest.TestCase):
    def db(self, content):
        d = tempfile.mkdtemp()
        with open(os.path.join(d, "compile_commands.json"), "w") as f:
            f.write(content)
        return d

    def test_relative_files_and_one_entry_per_file(self):
        d = self.db(json.dumps([{"directory": "/p", "file": "a.cpp", "command": "c++ a.cpp"},
                                {"directory": "/p", "file": "/p/a.cpp", "command": "c++ -O2 a.cpp"}]))
        files, entries = database.load_database(d)
        self.assertEqual(files, ["/p/a.cpp", "/p/a.cpp"])
        self.assertEqual(entries["/p/a.cpp"]["command"], "c++ a.cpp")

    def test_assembly_units_are_skipped(self):
        src = tempfile.mkdtemp()
        for n in ("a.cpp", "k.S"):
            open(os.path.join(src, n), "w").close()
        d = self.db(json.dumps([{"directory": src, "file": n, "command": "cc -c " + n}
                                for n in ("a.cpp", "k.S")]))
        args = argparse.Namespace(p=d, paths=[], exclude=[])
        with contextlib.redirect_stderr(io.StringIO()) as err:
            files, _ = database.collect_files(args, None)
        self.assertEqual(files, [os.path.join(src, "a.cpp")])
        self.assertIn("1 assembly unit of the database skipped", err.getvalue())

    def test_errors(self):
        for bad in ("", "{", "{}", "[]", '[{"file": 1}]', '["a.cpp"]'):
            self.assertRaises(SetupError, database.load_database, self.db(bad))


class CrossUnit(unittest.TestCase):
    def test_loop_reaches_held_function_and_setup_stops(self):
        recs = [{"fn": "main", "name": "main"}, {"fn": "step", "name": "step"},
                {"fn": "init", "name": "init", "setup": True},
                {"call": "main", "callee": "step", "loop": True, "file": "/m.cpp", "line": 3},
                {"call": "init", "callee": "step", "loop": True, "file": "/i.cpp", "line": 1},
                {"held": "step"}]
        paths = crossunit.cross_unit_paths(recs, 2)
        self.assertIn("called in a loop", paths["step"])
        self.assertIn("'main'", paths["step"])
        self.assertEqual(crossunit.cross_unit_paths(recs, 0), {})


def fixed(line, *reps, check="sysopt-redundant-copy"):
    f = finding("/r/a.h", line, check=check)
    f["replacements"] = [{"file": "/r/a.h", "offset": o, "length": n, "text": t} for o, n, t in reps]
    return f


class Fixes(unittest.TestCase):
    def test_identical_edits_once_and_clashes_refused_whole(self):
        a = fixed(1, (10, 3, "const auto &"))
        same = fixed(1, (10, 3, "const auto &"), check="sysopt-missing-cow")
        clash = fixed(2, (40, 2, "x"), (11, 1, "const "))  # its second edit overlaps a's
        insert_same_place = fixed(3, (60, 0, "a"))
        insert_clash = fixed(4, (60, 0, "b"))
        apart = fixed(5, (13, 0, "&"))  # touches a's end only
        accepted, refused = fixes.merge([a, same, clash, insert_same_place, insert_clash, apart])
        self.assertEqual(accepted, [a, same, insert_same_place, apart])
        self.assertEqual([(r[0]["line"], r[1]["line"]) for r in refused], [(2, 1), (4, 3)])
        self.assertEqual(fixes.edits(accepted)["/r/a.h"],
                         [(10, 3, "const auto &"), (13, 0, "&"), (60, 0, "a")])

    def test_apply(self):
        d = tempfile.mkdtemp()
        p = os.path.join(d, "a.cpp")
        with open(p, "w") as f:
            f.write("std::string c = s;\n")
        f = finding(p, 1)
        f["replacements"] = [{"file": p, "offset": 0, "length": 11, "text": "const std::string &"}]
        self.assertEqual(fixes.apply([f, dict(f)]), 1)
        with open(p) as f:
            self.assertEqual(f.read(), "const std::string & c = s;\n")


class Cache(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.tool = self.write("tool", "v1")
        self.header = self.write("h.h", "int x;")

    def write(self, name, text):
        p = os.path.join(self.dir, name)
        with open(p, "w") as f:
            f.write(text)
        return p

    def open(self, options=None):
        return cache.Cache(os.path.join(self.dir, "cache"), [self.tool], options or {})

    def test_hit_until_a_file_read_changes(self):
        c = self.open()
        k = c.key("a.cpp", {"arguments": ["c++"]}, [], None)
        self.assertIsNone(c.lookup(k))
        c.store(k, [self.header], {"findings": [1]})
        self.assertEqual(self.open().lookup(k), {"findings": [1]})
        self.write("h.h", "int y;")
        self.assertIsNone(self.open().lookup(k))

    def test_command_options_config_and_tool_name_the_entry(self):
        c = self.open()
        k = c.key("a.cpp", {"arguments": ["c++"]}, [], None)
        self.assertNotEqual(k, c.key("a.cpp", {"arguments": ["c++", "-O2"]}, [], None))
        self.assertNotEqual(k, c.key("a.cpp", {"arguments": ["c++"]}, [], "export"))
        self.assertNotEqual(k, self.open({"checks": "-*"}).key("a.cpp", {"arguments": ["c++"]},
                                                              [], None))
        cfg = self.write(".clang-tidy", "Checks: '*'")
        with_cfg = c.key("a.cpp", {"arguments": ["c++"]}, [cfg], None)
        self.write(".clang-tidy", "Checks: '-*'")
        self.assertNotEqual(with_cfg, self.open().key("a.cpp", {"arguments": ["c++"]}, [cfg], None))
        self.write("tool", "v2")
        self.assertNotEqual(k, self.open().key("a.cpp", {"arguments": ["c++"]}, [], None))

    def test_nothing_stored_without_the_files_read(self):
        c = self.open()
        k = c.key("a.cpp", None, [], None)
        c.store(k, [], {"findings": []})
        c.store(k, [os.path.join(self.dir, "gone.h")], {"findings": []})
        self.assertIsNone(c.lookup(k))

    def test_prune_keeps_the_recently_used(self):
        c = self.open()
        c.max_bytes = 1
        old, new = c.key("old.cpp", None, [], None), c.key("new.cpp", None, [], None)
        c.store(old, [self.header], {"findings": []})
        c.store(new, [self.header], {"findings": []})
        os.utime(c.path(old), (1, 1))
        c.max_bytes = os.path.getsize(c.path(new))
        c.prune()
        self.assertFalse(os.path.exists(c.path(old)))
        self.assertTrue(os.path.exists(c.path(new)))


class Diff(unittest.TestCase):
    def test_changed_lines(self):
        text = ("diff --git a/x.cpp b/x.cpp\n--- a/x.cpp\n+++ b/x.cpp\n"
                "@@ -3 +3,2 @@\n-a\n+b\n+c\n@@ -9,2 +10,0 @@\n-d\n-e\n"
                "--- a/gone.h\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n")
        self.assertEqual(diff.changed_lines(text, "/r"), {os.path.realpath("/r/x.cpp"): {3, 4, 10}})


class Paths(unittest.TestCase):
    def test_lossy_path_of_the_fixes_file_is_the_unit(self):
        d = tempfile.mkdtemp()
        unit = os.path.join(d, os.fsdecode(b"c\xffx.cpp"))
        open(unit, "w").close()
        self.assertEqual(run.real_path(os.path.join(d, "c\ufffd"), unit), os.path.realpath(unit))
        self.assertEqual(run.real_path(unit, unit), os.path.realpath(unit))


if __name__ == "__main__":
    unittest.main()
