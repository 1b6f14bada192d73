"""The visual report (sysopt-scan --html): escaping, self-containment and
counts without a browser; then the real report for examples/ and a hostile
sample in headless Chromium (selenium), filters included, with a
screenshot. Run by ctest as part of scanner-unit; alone:

    python3 -m unittest discover -s test/scanner -p "test_html_report.py" -v

The scanner tests need the built driver ($SYSOPT_TIDY_DRIVER, set by
test/CMakeLists.txt, else build/bin/sysopt-tidy); the browser tests need
Debian's chromium, chromium-driver and python3-selenium. Each is skipped
with the reason when its tool is missing. Screenshots go to
$SYSOPT_REPORT_ARTIFACTS (ctest: <build>/test/scanner-report) or a
temporary directory; the path is printed."""
import collections
import base64
import contextlib
import hashlib
import html.parser
import importlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.parse
from unittest import mock

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SCAN = os.path.join(REPO, "tools", "sysopt-scan", "sysopt-scan")
sys.path.insert(0, os.path.join(REPO, "tools", "sysopt-scan"))
from sysopt_scan import cli, htmlreport, report  # noqa: E402

DRIVER = os.environ.get("SYSOPT_TIDY_DRIVER") or os.path.join(REPO, "build", "bin", "sysopt-tidy")
HAVE_DRIVER = os.path.isfile(DRIVER) and os.access(DRIVER, os.X_OK)


def find_selenium():
    """selenium's webdriver, or None. Debian's python3-selenium lives in
    /usr/lib/python3/dist-packages, which a python3 that is not Debian's
    (pyenv, a venv) does not search: it is tried last, after this
    interpreter's own packages."""
    try:
        return importlib.import_module("selenium.webdriver")
    except ImportError:
        pass
    debian = "/usr/lib/python3/dist-packages"
    if not os.path.isdir(os.path.join(debian, "selenium")):
        return None
    sys.path.append(debian)
    try:
        return importlib.import_module("selenium.webdriver")
    except ImportError:
        return None


WEBDRIVER = find_selenium()
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             shutil.which("google-chrome")) if p), None)
CHROMEDRIVER = next((p for p in (shutil.which("chromedriver"), "/usr/lib/chromium/chromedriver")
                     if p and os.path.isfile(p)), None)
BROWSER_MISSING = ", ".join(
    what for what, have in (("python3-selenium", WEBDRIVER), ("chromium", CHROMIUM),
                            ("chromium-driver", CHROMEDRIVER)) if not have)
HAVE_BROWSER = not BROWSER_MISSING
NO_BROWSER = "headless Chromium is not available (missing: %s; apt-get install chromium " \
             "chromium-driver python3-selenium)" % BROWSER_MISSING
NO_JINJA = "Jinja2 is not installed for %s (apt-get install python3-jinja2)" % sys.executable
NO_DRIVER = "the sysopt-tidy driver is not built (%s); build it or set SYSOPT_TIDY_DRIVER" % DRIVER

# The hostile text: what would run or load if any of it reached the page
# unescaped. Each sets window.__injected.
SCRIPT = "</script><script>window.__injected = 1;</script>"
IMG = "<img src=x onerror=\"window.__injected = 2\">"
SVG = "<svg onload=\"window.__injected = 3\"></svg>"
HOSTILE_SOURCE = (b"#include <cstdio>\n"
                  b"// " + SCRIPT.encode() + b"\n"
                  b"/* caf\xe9 \xff\xfe <!-- " + IMG.encode() + b" --> */\n"
                  b"static const char *s = \"" + SVG.replace('"', '\\"').encode() + b"\";\n"
                  b"void g();\n"
                  b"void f(int n) {\n"
                  b"  for (int i = 0; i < n; ++i) {\n"
                  b"    g();\n"
                  b"  }\n"
                  b"}\n"
                  b"int x = 1; // " + b"y" * 100000 + b"\n")
HOSTILE_CPP = (b"#include <fstream>\n"
               b"void run(std::ofstream &log, int n) {\n"
               b"  // " + SCRIPT.encode() + b" caf\xe9 \xff\n"
               b"  for (int i = 0; i < n; ++i) {\n"
               b"    log << \"" + IMG.replace('"', '\\"').encode() + b"\" << i << std::endl;\n"
               b"  }\n"
               b"}\n")

# The tags the template writes; anything else came from the data.
TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "span",
        "b", "p", "main", "section", "div", "ul", "li", "svg", "text", "tspan", "line", "a",
        "g", "rect", "form", "label", "select", "option", "button", "article", "pre",
        "details", "summary", "footer", "script", "table", "tr", "td", "th", "code"}


class Page(html.parser.HTMLParser):
    """Tags, attributes and text of a page, as a browser's tokenizer sees them."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.data, self.scripts = collections.Counter(), [], [], []
        self.in_script = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.attrs.append((tag, dict(attrs)))
        self.in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.tags[tag] += 1
        self.attrs.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data
        else:
            self.data.append(data)

    def text(self):
        return "".join(self.data)

    def with_attr(self, name, value=None):
        return [a for t, a in self.attrs if name in a and (value is None or a[name] == value)]


def assert_safe(test, page_text):
    """The checks every report passes, hostile input or not."""
    page_text.encode("utf-8")  # valid UTF-8: no surrogate of an undecodable byte left
    page = Page(page_text)
    test.assertEqual(page.tags["script"], 1, "exactly the one script the template writes")
    test.assertLessEqual(set(page.tags), TAGS, "a tag that came from the data")
    for tag, attrs in page.attrs:
        test.assertFalse([a for a in attrs if a.startswith("on")], "an event handler in <%s>" % tag)
        test.assertNotIn("src", attrs, "<%s src>: the page loads nothing" % tag)
        test.assertNotEqual(tag, "link")
        href = attrs.get("href") or ""
        test.assertFalse(re.match(r"^\s*(https?:|//|javascript:|data:)", href, re.I),
                         "<%s href=%r>" % (tag, href))
    csp = page.with_attr("http-equiv", "Content-Security-Policy")
    test.assertEqual(len(csp), 1)
    test.assertIn("default-src 'none'", csp[0]["content"])
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    test.assertIn("'sha256-%s'" % digest, csp[0]["content"], "the CSP allows the one script")
    test.assertNotIn("__injected", page.scripts[0])
    return page


def finding(path, line, check, method, principle, message, notes=(), reps=()):
    return {"file": path, "line": line, "column": 3, "check": check, "method": method,
            "principle": principle, "message": message, "fixable": bool(reps),
            "replacements": list(reps), "notes": list(notes)}


def unit_counts(units):
    return report.coverage_counts(units)


class HostileSample:
    """A tree with a hostile source file (HTML in comments and a string
    literal, bytes that are not UTF-8, a 100 000-character line, a name that
    is not UTF-8) and findings whose messages and notes are hostile too."""

    def __init__(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="sysopt-html-"))
        os.makedirs(os.path.join(self.root, "src", "sub"))
        self.src = os.path.join(self.root, "src", "hostile.cpp")
        with open(self.src, "wb") as f:
            f.write(HOSTILE_SOURCE)
        self.odd = os.path.join(self.root, "src", "sub", os.fsdecode(b"odd\xff name.cpp"))
        with open(self.odd, "wb") as f:
            f.write(b"int a;\nint b; /* \xc3\x28 </textarea> */\n")
        call = HOSTILE_SOURCE.index(b"g();\n  }")
        loop_line = HOSTILE_SOURCE[:HOSTILE_SOURCE.index(b"  for (")].count(b"\n") + 1
        self.findings = [
            finding(self.src, loop_line + 1, "sysopt-alloc-in-loop", "caching", "removal",
                    "hostile " + SCRIPT + IMG,
                    notes=[{"file": self.src, "line": loop_line, "column": 3,
                            "message": "in this loop"},
                           {"file": self.src, "line": 2, "column": 1,
                            "message": IMG + " written here " + SVG}],
                    reps=[{"file": self.src, "offset": call, "length": 4,
                           "text": "/* " + SCRIPT + " */ g();"}]),
            finding(self.src, 11, "sysopt-redundant-copy", "contextualization", "removal",
                    "on the long line"),
            finding("", 0, "sysopt-flush-in-loop", "relaxation", "replacement", "no file"),
            finding(os.path.join(self.root, "gone", "a.cpp"), 3, "sysopt-flush-in-loop",
                    "relaxation", "replacement", "a file that no longer exists",
                    reps=[{"file": os.path.join(self.root, "gone", "a.cpp"), "offset": 0,
                           "length": 1, "text": "x"}]),
            finding(self.odd, 2, "sysopt-missing-cow", "deferral", "reordering",
                    "in a file whose name is not UTF-8",
                    notes=[{"file": self.odd, "line": 1, "column": 1,
                            "message": "runs once per call of 'f'; no loop of this translation "
                                       "unit is seen around it"}]),
            finding(self.src, 4, "<b>sysopt-" + "x\" onmouseover=\"window.__injected=4</b>",
                    None, None, "an untagged finding with a hostile check name"),
        ]
        self.units = {self.src: {"status": "full", "errors": 0},
                      self.odd: {"status": "partial", "errors": 1,
                                 "first_error": "error: " + SCRIPT},
                      os.path.join(self.root, "gone", "a.cpp"): {
                          "status": "failed", "errors": 1, "first_error": IMG}}

    def render(self, out=None):
        return htmlreport.render(self.findings, self.units, unit_counts(self.units), self.root,
                                 out or os.path.join(self.root, "report.html"))

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)


@unittest.skipUnless(htmlreport.available(), NO_JINJA)
class Escaping(unittest.TestCase):
    def setUp(self):
        self.sample = HostileSample()
        self.addCleanup(self.sample.close)

    def test_hostile_text_is_shown_as_text(self):
        page = assert_safe(self, self.sample.render())
        text = page.text()
        for s in (SCRIPT, IMG, SVG):
            self.assertIn(s, text, "shown, as text")
        self.assertNotIn("img", page.tags)
        self.assertIn("caf\ufffd \ufffd\ufffd", text, "undecodable bytes as U+FFFD")
        self.assertIn("odd\ufffd name.cpp", text)
        self.assertIn("more characters", text, "the long line is cut")
        self.assertLess(len(self.sample.render()), 200000)

    def test_counts(self):
        page = Page(self.sample.render())
        per_method = {a["data-method"]: int(a["data-count"])
                      for t, a in page.attrs if t == "section" and "data-method" in a}
        self.assertEqual(per_method, {"caching": 1, "contextualization": 1, "layering": 0,
                                      "relaxation": 2, "specialization": 0, "batching": 0,
                                      "precomputation": 0, "deferral": 1, "untagged": 1})
        self.assertEqual(sum(1 for t, a in page.attrs if t == "article"), 6)
        ids = {a.get("id"): a for t, a in page.attrs}
        # The ids hold the numbers as text: find them in the page's data.
        text = self.sample.render()
        for name, n in (("n-findings", 6), ("n-fixable", 2), ("n-units", 3), ("n-full", 1),
                        ("n-partial", 1), ("n-failed", 1)):
            self.assertIn(name, ids)
            self.assertRegex(text, r'id="%s">%d<' % (name, n))
        bars = {(a["data-principle"], a["data-method"]): int(a["data-count"])
                for t, a in page.attrs if t == "g" and "data-count" in a}
        self.assertEqual(bars[("removal", "caching")], 1)
        self.assertEqual(bars[("replacement", "relaxation")], 2)
        self.assertEqual(bars[("untagged", "untagged")], 1)
        self.assertEqual(sum(bars.values()), 6)

    def test_snippet_diff_and_where(self):
        page = Page(self.sample.render())
        first = [a for t, a in page.attrs if t == "article"][0]
        self.assertEqual((first["data-check"], first["data-where"], first["data-depth"]),
                         ("sysopt-alloc-in-loop", "loop", "0"), "innermost loops first")
        text = page.text()
        self.assertIn("-    g();", text)
        self.assertIn("+    /* " + SCRIPT + " */ g();", text)
        self.assertIn("@@ -7,3 +7,3 @@", text, "hunk lines are the file's")
        self.assertIn("no snippet: no file", text)
        self.assertIn("no snippet: the source is not readable here", text)
        self.assertIn("once per call of 'f'", text)

    def test_zero_findings(self):
        units = {self.sample.src: {"status": "full", "errors": 0}}
        text = htmlreport.render([], units, unit_counts(units), self.sample.root)
        page = assert_safe(self, text)
        self.assertEqual(page.text().count("No finding of this method."), 8)
        self.assertRegex(text, r'id="n-findings">0<')

    def test_help_uri_base_links(self):
        f = dict(self.sample.findings[0])
        text = htmlreport.render([f], {}, unit_counts({}), self.sample.root,
                                 help_uri_base="https://example.org/docs/checks/")
        self.assertIn('href="https://example.org/docs/checks/alloc-in-loop.md"', text)
        self.assertIn('href="https://example.org/docs/methods/caching.md"', text)


class WhereItRuns(unittest.TestCase):
    def where(self, *notes, message="m"):
        return htmlreport.where_it_runs({"message": message,
                                         "notes": [{"message": n} for n in notes]})[:2]

    def test_note_texts_of_the_checks(self):
        self.assertEqual(self.where("written here", "in this loop"), ("loop", 0))
        self.assertEqual(self.where("in this loop", "through this call to 'handle'",
                                    "through this call to 'encode'"), ("loop", 2))
        self.assertEqual(self.where("'for_each' calls this lambda once per element"),
                         ("element", 0))
        self.assertEqual(self.where("called here, in a loop; the copy is only read"), ("loop", 1))
        self.assertEqual(self.where("'deep' runs repeatedly, seen across files: called in a loop "
                                    "at train.cpp:27 in 'main', then by 'outer' at step.cpp:49, "
                                    "then by 'middle' at step.cpp:48"), ("loop", 3))
        self.assertEqual(self.where("'op' runs repeatedly, seen across files: 'op' is registered "
                                    "as an entry point at ext.cpp:10"), ("entry", 0))
        self.assertEqual(self.where("'op' is registered here as an entry point, called once per "
                                    "step from Python"), ("entry", 0))
        self.assertEqual(self.where("runs once per call of 'f'; no loop of this translation "
                                    "unit is seen around it"), ("call", 0))
        self.assertEqual(self.where("copied from here"), ("unknown", 0))


class Cli(unittest.TestCase):
    def test_html_without_jinja2_is_a_setup_error(self):
        err = io.StringIO()
        with mock.patch.object(htmlreport, "jinja2", None), contextlib.redirect_stderr(err):
            rc = cli.main(["--html", os.path.join(tempfile.gettempdir(), "r.html"),
                           "--driver", "/nonexistent/sysopt-tidy", "x.cpp"])
        self.assertEqual(rc, cli.EXIT_SETUP)
        self.assertIn("--html needs Jinja2", err.getvalue())
        self.assertNotIn("Traceback", err.getvalue())


def scan(paths, root, out_dir, extra=()):
    """The real scanner with the built driver: (JSON report, HTML text)."""
    j, h = os.path.join(out_dir, "report.json"), os.path.join(out_dir, "report.html")
    p = subprocess.run([sys.executable, SCAN, "--driver", DRIVER, "--progress", "off", "-j", "2",
                        "--root", root, "--json", j, "--html", h, "-o", os.devnull]
                       + list(extra) + list(paths), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True, cwd=root, timeout=600)
    if p.returncode not in (0, 1):
        raise AssertionError("sysopt-scan exit %d:\n%s" % (p.returncode, p.stderr))
    with open(j) as f:
        doc = json.load(f)
    with open(h, encoding="utf-8") as f:
        return doc, f.read(), h


def artifacts_dir():
    d = os.environ.get("SYSOPT_REPORT_ARTIFACTS") or tempfile.mkdtemp(prefix="sysopt-report-")
    os.makedirs(d, exist_ok=True)
    return d


@unittest.skipUnless(htmlreport.available(), NO_JINJA)
@unittest.skipUnless(HAVE_DRIVER, NO_DRIVER)
class ExamplesReport(unittest.TestCase):
    """The report of the real scan of examples/ (the README's screenshot)."""

    @classmethod
    def setUpClass(cls):
        cls.out = artifacts_dir()
        cls.doc, cls.text, cls.path = scan(["examples"], REPO, cls.out, ["--exclude", "/after/"])
        cls.findings = cls.doc["findings"]

    def test_html_agrees_with_json(self):
        page = assert_safe(self, self.text)
        self.assertTrue(self.findings, "the examples have findings")
        want = collections.Counter(f["method"] for f in self.findings)
        got = {a["data-method"]: int(a["data-count"])
               for t, a in page.attrs if t == "section" and "data-method" in a}
        self.assertEqual({m: n for m, n in got.items() if n}, dict(want))
        self.assertRegex(self.text, r'id="n-units">%d<' % self.doc["coverage"]["translation_units"])
        self.assertRegex(self.text, r'id="n-fixable">%d<' % sum(f["fixable"] for f in self.findings))
        # Each finding links its file relative to the report's directory.
        hrefs = {os.path.normpath(os.path.join(self.out, urllib.parse.unquote(a["href"])))
                 for t, a in page.attrs if t == "a" and a.get("class") == "loc"}
        self.assertEqual(hrefs, {f["file"] for f in self.findings})
        self.assertIn("examples/metrics_log/metrics.cpp:30:", page.text())

    @unittest.skipUnless(HAVE_BROWSER, NO_BROWSER)
    def test_in_browser(self):
        with browser() as b:
            b.get("file://" + self.path)
            shown = visible_findings(b)
            self.assertEqual(len(shown), len(self.findings))
            # Counts per method, as the page shows them.
            for m, n in collections.Counter(f["method"] for f in self.findings).items():
                sec = b.find_element("id", "m-" + m)
                self.assertEqual(int(sec.get_attribute("data-count")), n)
                self.assertEqual(sec.find_element("css selector", ".shown-in").text, str(n))
            # A finding's snippet and diff: the std::endl of metrics_log.
            flush = [e for e in shown if e.get_attribute("data-check") == "sysopt-flush-in-loop"]
            self.assertEqual(len(flush), 1)
            hit = flush[0].find_element("css selector", "pre.snippet .l.hit").text
            self.assertIn("std::endl", hit)
            dels = [e.text for e in flush[0].find_elements("css selector", "pre.diff .d.del")]
            adds = [e.text for e in flush[0].find_elements("css selector", "pre.diff .d.add")]
            self.assertTrue(any("std::endl" in d for d in dels), dels)
            self.assertTrue(any("'\\n'" in a for a in adds), adds)
            self.assertEqual(flush[0].find_element("css selector", ".where").text, "in a loop")
            # Sorted by where it runs: in each method, loops first, innermost first.
            for sec in b.find_elements("css selector", "section.method"):
                keys = [(htmlreport.RANKS[e.get_attribute("data-where")],
                         int(e.get_attribute("data-depth")))
                        for e in sec.find_elements("css selector", "article.finding")]
                self.assertEqual(keys, sorted(keys))
            # Each filter hides and shows the right findings.
            some = self.findings[0]
            rel = lambda f: os.path.relpath(f["file"], REPO)  # noqa: E731
            cases = [("filter-check", some["check"],
                      [f for f in self.findings if f["check"] == some["check"]]),
                     ("filter-method", "batching",
                      [f for f in self.findings if f["method"] == "batching"]),
                     ("filter-dir", "examples/data_loader",
                      [f for f in self.findings if rel(f).startswith("examples/data_loader/")]),
                     ("filter-dir", "examples",
                      [f for f in self.findings if rel(f).startswith("examples/")]),
                     ("filter-fixable", "yes", [f for f in self.findings if f["fixable"]]),
                     ("filter-fixable", "no", [f for f in self.findings if not f["fixable"]])]
            for select, value, want in cases:
                choose(b, select, value)
                self.assertEqual(len(visible_findings(b)), len(want), (select, value))
                self.assertEqual(b.find_element("id", "shown-count").text, str(len(want)))
                choose(b, select, "")
            choose(b, "filter-method", "caching")
            choose(b, "filter-fixable", "yes")
            self.assertEqual(len(visible_findings(b)), sum(
                1 for f in self.findings if f["method"] == "caching" and f["fixable"]))
            hidden = [s.get_attribute("data-method")
                      for s in b.find_elements("css selector", "section.method")
                      if not s.is_displayed()]
            self.assertNotIn("caching", hidden)
            self.assertIn("batching", hidden)
            b.find_element("css selector", "#filters button[type=reset]").click()
            self.assertEqual(len(visible_findings(b)), len(self.findings))
            # Sorting by file puts the findings of a method in file order.
            choose(b, "sort", "file")
            sec = b.find_element("id", "m-contextualization")
            order = [int(e.get_attribute("data-sort-file"))
                     for e in sec.find_elements("css selector", "article.finding")]
            self.assertEqual(order, sorted(order))
            choose(b, "sort", "where")
            self.assertIsNone(b.execute_script("return window.__injected;"))
            self.assertEqual(b.execute_script("return document.scripts.length;"), 1)
            # A blocked script or load would be a CSP error in the console.
            self.assertEqual([l for l in b.get_log("browser") if l.get("level") == "SEVERE"], [])
            b.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
            shot = os.path.join(self.out, "report-examples.png")
            b.save_screenshot(shot)
            sys.stderr.write("\n  screenshot of the examples report: %s\n" % shot)


@unittest.skipUnless(htmlreport.available(), NO_JINJA)
@unittest.skipUnless(HAVE_BROWSER, NO_BROWSER)
class HostileReportInBrowser(unittest.TestCase):
    def test_synthetic_hostile_findings(self):
        sample = HostileSample()
        self.addCleanup(sample.close)
        out = artifacts_dir()
        path = os.path.join(out, "report-hostile.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(sample.render(path))
        with browser() as b:
            b.get("file://" + path)
            self.assert_nothing_ran(b)
            self.assertEqual(len(visible_findings(b)), len(sample.findings))
            snippet = b.find_element("css selector", "#f1 pre.snippet").get_attribute("textContent")
            self.assertIn(SCRIPT, snippet)
            self.assertIn(IMG, snippet)
            self.assertIn(SVG.replace('"', '\\"'), snippet)
            diff = b.find_element("css selector", "#f1 pre.diff").get_attribute("textContent")
            self.assertIn("/* " + SCRIPT + " */ g();", diff)
            self.assertIn(SCRIPT, b.find_element("css selector", "#f1 .msg").text)
            choose(b, "filter-dir", "src/sub")
            self.assertEqual(len(visible_findings(b)), 1)
            choose(b, "filter-dir", "src")
            self.assertEqual(len(visible_findings(b)), 4)
            choose(b, "filter-dir", "(no file)")
            self.assertEqual(len(visible_findings(b)), 1)
            choose(b, "filter-dir", "")
            choose(b, "filter-check", "<b>sysopt-x\" onmouseover=\"window.__injected=4</b>")
            self.assertEqual(len(visible_findings(b)), 1)
            self.assert_nothing_ran(b)
            shot = os.path.join(out, "report-hostile.png")
            b.save_screenshot(shot)
            sys.stderr.write("\n  screenshot of the hostile report: %s\n" % shot)

    @unittest.skipUnless(HAVE_DRIVER, NO_DRIVER)
    def test_real_scan_of_a_hostile_source(self):
        root = os.path.realpath(tempfile.mkdtemp(prefix="sysopt-html-scan-"))
        self.addCleanup(shutil.rmtree, root, True)
        with open(os.path.join(root, "hostile.cpp"), "wb") as f:
            f.write(HOSTILE_CPP)
        doc, text, path = scan(["hostile.cpp"], root, root)
        self.assertEqual([f["check"] for f in doc["findings"]], ["sysopt-flush-in-loop"])
        assert_safe(self, text)
        with browser() as b:
            b.get("file://" + path)
            self.assert_nothing_ran(b)
            snippet = b.find_element("css selector", "#f1 pre.snippet").get_attribute("textContent")
            self.assertIn(SCRIPT, snippet)
            self.assertIn("caf\ufffd \ufffd", snippet)
            diff = b.find_element("css selector", "#f1 pre.diff").get_attribute("textContent")
            self.assertIn("<< i << '\\n';", diff)

    def assert_nothing_ran(self, b):
        self.assertIsNone(b.execute_script("return window.__injected;"), "injected script ran")
        self.assertEqual(b.execute_script("return document.scripts.length;"), 1)
        self.assertEqual(b.execute_script(
            "return document.querySelectorAll('img, iframe, object, embed, link, "
            "[onerror], [onload], [onmouseover], main svg svg').length;"), 0)


@contextlib.contextmanager
def browser():
    from selenium.webdriver.chrome.service import Service
    opts = WEBDRIVER.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
              "--hide-scrollbars", "--window-size=1280,900"):
        opts.add_argument(a)
    opts.binary_location = CHROMIUM
    b = WEBDRIVER.Chrome(options=opts, service=Service(CHROMEDRIVER))
    try:
        # The viewport, not the window, 1280x900: the README's screenshot.
        b.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        yield b
    finally:
        b.quit()


def visible_findings(b):
    return [e for e in b.find_elements("css selector", "article.finding") if e.is_displayed()]


def choose(b, select_id, value):
    from selenium.webdriver.support.ui import Select
    Select(b.find_element("id", select_id)).select_by_value(value)


if __name__ == "__main__":
    unittest.main()
