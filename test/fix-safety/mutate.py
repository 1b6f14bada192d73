#!/usr/bin/env python3
"""Mutation harness for fix-it safety.

Takes every lit input under test/checks/<check>/ (not Inputs/) and every
example source under examples/<name>/ (not after/, not bench/) as seeds,
with the compiler arguments of the test's first %check_sysopt_tidy RUN line
(or the example's compile_flags.txt), makes small, deterministic, text-based
mutants of them and runs sysopt-tidy --fix (-*,sysopt-*) on each mutant that
compiles. A fix-it must never

  * crash or hang the tool ("crashes", "hangs"),
  * turn compiling code into code that does not compile ("broken fixes"),
  * propose more edits on its own output ("not idempotent"),
  * break the file when applied together with clang-tidy's performance-*
    checks ("broken with performance-*"), unless performance-* alone breaks
    it too ("stock-check breakage", not held against sysopt).

Also reported, but not deciding the exit status unless --strict:

  * "changed meaning": the fixed file has more -Wdangling-else or
    -Wmisleading-indentation warnings than the mutant (an else that a fix
    made bind to another if);
  * "broken in the other -D configuration": a fix made in one configuration
    of an ifdef-trace mutant does not compile in the other (clang-tidy sees
    one configuration only).

Operators (--operators NAME,...): delete-line, duplicate-line, swap-lines,
delete-token, duplicate-token, swap-tokens, macro-collision (#define of a
name the file uses or a fix may introduce: <arg>_len, <var>_env,
<object>_<method>, <callee>_result, <callee>_tensor), template-wrap
(template <class T_> on a free function; `= void` when it is called),
ifdef-trace (#ifdef SYSOPT_MUT_TRACE call or comment #endif at the start of a
loop body, run with and without -DSYSOPT_MUT_TRACE), shadow-decl
(`int <name> = 0;` at the start of a function body), member-collision (a
data member named like something the file uses), alias (a global
`void *g_alias` given a variable's address, and a call to the opaque
`sysopt_mut_touch()`, in a loop body or before a return), out-param
(`sysopt_mut_touch(&x)` on a by-value parameter, a local or a range-for
variable), and, beyond those: decltype-use (`decltype(x)` copy of such a
variable, assigned to), wrap-loop (a loop made the sub-statement of an
unbraced if / if-else / label / case / for / do), loop-exit (a conditional
break or continue in a loop body).

Mutants that do not compile are skipped (and counted). For each mutant the
seed's Inputs/ folder (and an example's headers) is copied next to it, so
fixes in included headers edit copies.

Everything is deterministic from --seed and --count (and --only, --exclude,
--operators): mutant N uses seed file N mod (number of seeds) and its own
random stream, so
  mutate.py --seed S --count C --mutant N --keep DIR
rebuilds and re-runs exactly one mutant of an earlier run on the same tree;
--dry-run prints the mutants' diffs without running anything.

Exit status: 1 when crashes + hangs + broken fixes + not idempotent +
broken with performance-* > 0 (or a harness error), else 0; 2 for usage
errors. Failures are printed on stderr, the summary on stdout.

Python 3 standard library only.
"""
import argparse
import concurrent.futures
import difflib
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# The RUN line's argument groups, split as the lit driver splits them.
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))
from check_sysopt_tidy import split_args  # noqa: E402
CUDA_HEADER = "/usr/local/cuda/include/cuda_runtime.h"
TORCH_HEADER = "/usr/include/torch/csrc/api/include/torch/torch.h"
TRACE_MACRO = "SYSOPT_MUT_TRACE"
CRASH_MARKERS = ("Stack dump", "PLEASE submit a bug report")
# Warnings that mean a fix changed which statement code belongs to (an else
# that now binds to an if a fix introduced); compared before and after a fix.
MEANING_WARNINGS = ["-Wdangling-else", "-Wmisleading-indentation"]
MEANING = "changed meaning"

# --------------------------------------------------------------------------
# Seeds and their compiler arguments
# --------------------------------------------------------------------------


class Seed:
    def __init__(self, path, kind, args, tidy_args, ext, extra_files):
        self.path = path              # absolute path of the seed
        self.kind = kind              # "lit" or "example"
        self.args = args              # compiler arguments; %s %S %t still in them
        self.tidy_args = tidy_args    # extra driver arguments (--config=...)
        self.ext = ext                # ".cpp", ".cu", ".c"
        self.extra_files = extra_files  # (relative name, absolute path) copied next to it
        self.rel = None               # path relative to the repository
        with open(path, encoding="utf-8") as f:
            self.text = f.read()


def substitutions(repo):
    stubs = os.path.join(repo, "test", "include")
    cuda_host = ("-x cuda --cuda-host-only -nocudainc -nocudalib --cuda-gpu-arch=sm_80 "
                 "-Wno-unknown-cuda-version")
    return {
        "%cuda_stubs": "-std=c++17 " + cuda_host + " -isystem " + stubs,
        "%cuda_real": ("-std=c++17 -x cuda --cuda-host-only -nocudalib --cuda-gpu-arch=sm_80 "
                       "-Wno-unknown-cuda-version --cuda-path=/usr/local/cuda "
                       "-I/usr/local/cuda/include/cccl"),
        "%torch_real": "-std=c++17 -isystem /usr/include/torch/csrc/api/include",
        "%stubs": "-std=c++17 -isystem " + stubs,
    }


def run_lines(text):
    """The logical RUN lines of a lit file (trailing backslashes joined)."""
    lines, cur = [], None
    for raw in text.splitlines():
        m = re.match(r"^\s*//\s*RUN:\s?(.*)$", raw)
        if not m:
            if cur is not None:
                lines.append(cur)
                cur = None
            continue
        part = m.group(1).rstrip()
        cont = part.endswith("\\")
        if cont:
            part = part[:-1]
        cur = part if cur is None else cur + " " + part.strip()
        if not cont:
            lines.append(cur)
            cur = None
    if cur is not None:
        lines.append(cur)
    return lines


def cut_shell(tokens):
    """Drops pipes and redirections from a RUN line's words."""
    out = []
    for t in tokens:
        if t in ("|", "||", "&&", ";") or re.match(r"^\d*>", t) or t.startswith("<"):
            break
        out.append(t)
    return out


def expand(tokens, subs):
    out = []
    for t in tokens:
        if t in subs:
            out.extend(subs[t].split())
        else:
            out.append(t)
    return out


def lit_seed(path, repo, subs, skipped):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = run_lines(text)
    ext = os.path.splitext(path)[1]
    tidy_args = []
    line = next((l for l in lines if l.strip().startswith("%check_sysopt_tidy")), None)
    if line is not None:
        try:
            words = cut_shell(shlex.split(line))
        except ValueError as e:
            skipped.append((path, "cannot parse RUN line: %s" % e))
            return None
        ours, extra, compiler = split_args(words[1:])
        for w in ours + extra:
            m = re.match(r"^--?config=(.*)$", w, re.S)
            if m:
                tidy_args.append("--config=" + m.group(1))
            elif w in extra:
                tidy_args.append(w)
            else:
                m = re.match(r"^-assume-filename=\.?(.*)$", w)
                if m:
                    ext = "." + m.group(1)
    else:
        # No check_sysopt_tidy line (a test of the option parser): the
        # compiler arguments of the first plain driver line, without its
        # (possibly invalid) configuration.
        line = next((l for l in lines if "%sysopt_tidy" in l and " -- " in l), None)
        if line is None:
            skipped.append((path, "no %check_sysopt_tidy or %sysopt_tidy RUN line"))
            return None
        try:
            words = cut_shell(shlex.split(line))
        except ValueError as e:
            skipped.append((path, "cannot parse RUN line: %s" % e))
            return None
        last = len(words) - 1 - words[::-1].index("--")
        compiler = words[last + 1:]
    if "%cuda_real" in compiler and not os.path.exists(CUDA_HEADER):
        skipped.append((path, "needs the CUDA headers (%s)" % CUDA_HEADER))
        return None
    if "%torch_real" in compiler and not os.path.exists(TORCH_HEADER):
        skipped.append((path, "needs the libtorch headers (%s)" % TORCH_HEADER))
        return None
    args = expand(compiler, subs)
    if ext == ".c":
        args = ["-x", "c"] + args
    extra_files = []
    inputs = os.path.join(os.path.dirname(path), "Inputs")
    if os.path.isdir(inputs):
        extra_files.append(("Inputs", inputs))
    return Seed(path, "lit", args, tidy_args, ext, extra_files)


def example_seed(path, skipped):
    d = os.path.dirname(path)
    flags_file = os.path.join(d, "compile_flags.txt")
    args = ["-std=c++17"]
    if os.path.exists(flags_file):
        with open(flags_file, encoding="utf-8") as f:
            args = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    joined = " ".join(args)
    if "/usr/local/cuda" in joined and not os.path.exists(CUDA_HEADER):
        skipped.append((path, "needs the CUDA headers (%s)" % CUDA_HEADER))
        return None
    if "torch" in joined and not os.path.exists(TORCH_HEADER):
        skipped.append((path, "needs the libtorch headers (%s)" % TORCH_HEADER))
        return None
    # Relative include paths in compile_flags.txt are relative to the example.
    fixed = []
    for i, a in enumerate(args):
        m = re.match(r"^(-I|-isystem|-iquote)(.+)$", a)
        if m and not os.path.isabs(m.group(2)):
            a = m.group(1) + "%S/" + m.group(2)
        fixed.append(a)
    ext = os.path.splitext(path)[1]
    if ext == ".c":
        fixed = ["-x", "c"] + fixed
    extra = []
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if name == "Inputs" and os.path.isdir(p):
            extra.append((name, p))
        elif os.path.isfile(p) and os.path.splitext(name)[1] in (".h", ".hpp", ".cuh", ".inc"):
            extra.append((name, p))
    return Seed(path, "example", fixed, [], ext, extra)


def find_seeds(repo, only=None, exclude=None):
    subs = substitutions(repo)
    seeds, skipped = [], []
    checks = os.path.join(repo, "test", "checks")
    for check in sorted(os.listdir(checks)) if os.path.isdir(checks) else []:
        d = os.path.join(checks, check)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if os.path.isfile(p) and os.path.splitext(name)[1] in (".cpp", ".cu", ".c"):
                s = lit_seed(p, repo, subs, skipped)
                if s:
                    seeds.append(s)
    examples = os.path.join(repo, "examples")
    for ex in sorted(os.listdir(examples)) if os.path.isdir(examples) else []:
        d = os.path.join(examples, ex)
        if not os.path.isdir(d) or ex == "bench":
            continue
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if os.path.isfile(p) and os.path.splitext(name)[1] in (".cpp", ".cu"):
                s = example_seed(p, skipped)
                if s:
                    seeds.append(s)
    for s in seeds:
        s.rel = os.path.relpath(s.path, repo)
    if only:
        seeds = [s for s in seeds if re.search(only, s.rel)]
    if exclude:
        seeds = [s for s in seeds if not re.search(exclude, s.rel)]
    return seeds, skipped


# --------------------------------------------------------------------------
# A small C/C++ lexer and structure finder
# --------------------------------------------------------------------------

TOKEN_RE = re.compile(r"""
  (?P<ws>\s+)
| (?P<lc>//[^\n]*)
| (?P<bc>/\*.*?\*/)
| (?P<raw>(?:u8|u|U|L)?R"(?P<delim>[^ ()\\\t\n"]{0,16})\(.*?\)(?P=delim)")
| (?P<str>(?:u8|u|U|L)?"(?:\\.|[^"\\\n])*")
| (?P<chr>(?:u8|u|U|L)?'(?:\\.|[^'\\\n])*')
| (?P<num>\.?[0-9](?:[eEpP][+-]|[A-Za-z0-9_.]|'(?=[0-9A-Za-z]))*)
| (?P<id>[A-Za-z_][A-Za-z0-9_]*)
| (?P<punct><<=|>>=|<=>|->\*|\.\.\.|::|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|\#\#|.)
""", re.X | re.S)

KEYWORDS = set("""
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t
char16_t char32_t class compl concept const consteval constexpr constinit const_cast
continue co_await co_return co_yield decltype default delete do double dynamic_cast
else enum explicit export extern false float for friend goto if inline int long mutable
namespace new noexcept not not_eq nullptr operator or or_eq private protected public
register reinterpret_cast requires return short signed sizeof static static_assert
static_cast struct switch template this thread_local throw true try typedef typeid
typename union unsigned using virtual void volatile wchar_t while xor xor_eq override
final restrict _Bool _Complex __global__ __device__ __host__ __shared__ __constant__
__restrict__ __forceinline__ __launch_bounds__ __attribute__ size_t
""".split())
CONTROL = {"if", "for", "while", "switch", "catch", "sizeof", "decltype", "noexcept",
           "alignas", "alignof", "return", "typeid", "static_assert", "__attribute__",
           "__launch_bounds__", "throw", "requires", "co_return", "delete", "new"}
QUALIFIERS = {"const", "noexcept", "override", "final", "mutable", "volatile", "&", "&&"}
ACCESS = {"public", "private", "protected"}


class Tok:
    __slots__ = ("kind", "text", "start", "end", "line", "pp")

    def __init__(self, kind, text, start, end, line, pp):
        self.kind, self.text, self.start, self.end, self.line, self.pp = \
            kind, text, start, end, line, pp

    def __repr__(self):
        return "Tok(%s %r @%d)" % (self.kind, self.text, self.line + 1)


def pp_lines(text):
    """Indexes of the lines that belong to preprocessor directives."""
    out = set()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].lstrip().startswith("#"):
            while True:
                out.add(i)
                if lines[i].rstrip().endswith("\\") and i + 1 < len(lines):
                    i += 1
                else:
                    break
        i += 1
    return out


def lex(text):
    pps = pp_lines(text)
    toks = []
    pos, line = 0, 0
    n = len(text)
    while pos < n:
        m = TOKEN_RE.match(text, pos)
        if not m:  # cannot happen: '.' matches any character
            pos += 1
            continue
        kind = m.lastgroup
        if kind == "delim":
            kind = "raw"
        s, e = m.start(), m.end()
        if kind not in ("ws", "lc", "bc"):
            if kind == "raw":
                kind = "str"
            toks.append(Tok(kind, m.group(0), s, e, line, line in pps))
        line += text.count("\n", s, e)
        pos = e
    return toks


class Structure:
    """Brackets, braces and what each brace opens, over the non-directive tokens."""

    def __init__(self, text):
        self.text = text
        self.all = lex(text)
        self.toks = [t for t in self.all if not t.pp]
        self.lines = text.split("\n")
        t = self.toks
        self.match = {}
        stack = []
        for i, tok in enumerate(t):
            if tok.text in "([{" and tok.kind == "punct":
                stack.append(i)
            elif tok.text in ")]}" and tok.kind == "punct":
                want = {")": "(", "]": "[", "}": "{"}[tok.text]
                # Tolerate mismatches: unwind to the nearest opener of this kind.
                k = len(stack) - 1
                while k >= 0 and t[stack[k]].text != want:
                    k -= 1
                if k >= 0:
                    o = stack[k]
                    del stack[k:]
                    self.match[o] = i
                    self.match[i] = o
        # Enclosing brace of every token, and the kind of every brace.
        self.parent = [None] * len(t)
        self.kind = {}
        bstack = []
        for i, tok in enumerate(t):
            self.parent[i] = bstack[-1] if bstack else None
            if tok.text == "{" and tok.kind == "punct" and i in self.match:
                self.kind[i] = self.classify(i)
                bstack.append(i)
            elif tok.text == "}" and tok.kind == "punct" and i in self.match:
                o = self.match[i]
                if o in bstack:
                    del bstack[bstack.index(o):]
                self.parent[i] = bstack[-1] if bstack else None

    # -- helpers ----------------------------------------------------------
    def t(self, i):
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def txt(self, i):
        tok = self.t(i)
        return tok.text if tok else ""

    def stmt_start(self, i):
        """Index of the first token of the declaration/statement holding token i."""
        j = i - 1
        while j >= 0:
            tok = self.toks[j]
            if tok.text in (";", "{", "}") and tok.kind == "punct":
                if tok.text == "}" and j in self.match and self.kind.get(self.match[j]) == "init":
                    j = self.match[j] - 1
                    continue
                break
            if tok.text in (")", "]") and j in self.match:
                j = self.match[j] - 1
                continue
            if tok.text == ":" and self.txt(j - 1) in ("public", "private", "protected"):
                break
            j -= 1
        return j + 1

    def skip_quals(self, j):
        """Back over `const`, `noexcept(...)`, `override`... before a '{'."""
        while j >= 0:
            if self.txt(j) in QUALIFIERS:
                j -= 1
            elif self.txt(j) == ")" and j in self.match \
                    and self.txt(self.match[j] - 1) in ("noexcept", "throw"):
                j = self.match[j] - 2
            else:
                break
        return j

    def qualified_start(self, name):
        q = name
        while self.txt(q - 1) == "::" and self.t(q - 2) is not None and self.t(q - 2).kind == "id":
            q -= 2
        if self.txt(q - 1) == "~":
            q -= 1
        return q

    def header_before(self, b):
        """For a '{' at b: skips qualifiers, a trailing return type and member
        initializers back to the ')' of a parameter list. Returns
        (name index, '(' index, ')' index, kind) or None; kind is 'function',
        'lambda' or 'control'."""
        j = b - 1
        # a trailing return type: `) -> T {`
        k, steps = j, 0
        while k >= 0 and steps < 12 and (self.txt(k) in (">", "<", "::", "*", "&", "&&", ",")
                                         or (self.t(k) is not None and self.t(k).kind == "id")):
            k -= 1
            steps += 1
        if self.txt(k) == "->" and k != j:
            j = k - 1
        j = self.skip_quals(j)
        while True:
            tx = self.txt(j)
            if tx not in (")", "}") or j not in self.match:
                return None
            o = self.match[j]
            name = o - 1
            nt = self.t(name)
            if nt is None:
                return None
            if tx == ")" and nt.text == "]":
                return (name, o, j, "lambda")
            if nt.kind != "id":
                return None
            if tx == ")" and nt.text in CONTROL:
                return (name, o, j, "control")
            q = self.qualified_start(name)
            prev = self.txt(q - 1)
            if prev == "," or (prev == ":" and self.txt(q - 2) not in ACCESS):
                # a member initializer list: walk back to its ':'
                k = q - 1
                while self.txt(k) == ",":
                    e = k - 1
                    if self.txt(e) not in (")", "}") or e not in self.match:
                        return None
                    n2 = self.match[e] - 1
                    if self.t(n2) is None or self.t(n2).kind != "id":
                        return None
                    k = self.qualified_start(n2) - 1
                if self.txt(k) != ":":
                    return None
                j = self.skip_quals(k - 1)
                if self.txt(j) != ")":
                    return None
                continue
            if tx == "}":
                return None
            return (name, o, j, "function")

    def classify(self, b):
        h = self.header_before(b)
        if h:
            return {"function": "function", "lambda": "function", "control": "block"}[h[3]]
        prev = self.txt(b - 1)
        s = self.stmt_start(b)
        words = [self.toks[k].text for k in range(s, b)]
        if "namespace" in words:
            return "namespace"
        if words[:1] == ["extern"] and len(words) == 2 and words[1].startswith('"'):
            return "namespace"
        if "enum" in words:
            return "enum"
        if any(w in ("struct", "class", "union") for w in words) and "=" not in words \
                and "(" not in words:
            return "class"
        if prev in ("else", "do", "try", "{", "}", ";", ":", "") or prev is None:
            return "block"
        if prev == "]":
            return "function"
        return "init"

    def in_function(self, i):
        p = self.parent[i]
        while p is not None:
            k = self.kind.get(p)
            if k == "function":
                return True
            if k in ("class", "namespace", "enum", "init"):
                return False
            p = self.parent[p]
        return False

    def at_namespace_scope(self, i):
        p = self.parent[i]
        while p is not None:
            if self.kind.get(p) != "namespace":
                return False
            p = self.parent[p]
        return True

    # -- what the operators use --------------------------------------------
    def functions(self):
        """[(body '{', name index, '(' index, ')' index)] of named functions."""
        out = []
        for b, k in sorted(self.kind.items()):
            if k != "function":
                continue
            h = self.header_before(b)
            if h and h[3] == "function":
                out.append((b, h[0], h[1], h[2]))
        return out

    def loops(self):
        """[(keyword index, body '{' index)] of braced for/while loops."""
        out = []
        for i, tok in enumerate(self.toks):
            if tok.kind == "id" and tok.text in ("for", "while") and self.txt(i + 1) == "(" \
                    and (i + 1) in self.match:
                c = self.match[i + 1]
                if self.txt(c + 1) == "{" and (c + 1) in self.match:
                    out.append((i, c + 1))
        return out

    def loop_stmts(self):
        """[(keyword index, last token index, braced)] of for/while loop
        statements (not the while of a do-while); an unbraced body only when
        it is one simple statement."""
        out = []
        for i, tok in enumerate(self.toks):
            if tok.kind != "id" or tok.text not in ("for", "while") or self.txt(i + 1) != "(" \
                    or (i + 1) not in self.match:
                continue
            c = self.match[i + 1]
            nx = self.txt(c + 1)
            if nx == "{" and (c + 1) in self.match:
                out.append((i, self.match[c + 1], True))
                continue
            if nx in (";", "if", "for", "while", "do", "switch", "try", "else", "}", ""):
                continue
            k = c + 1
            while k < len(self.toks) and self.txt(k) != ";":
                if self.txt(k) in ("(", "[", "{") and k in self.match:
                    k = self.match[k]
                elif self.txt(k) in (")", "}", "]"):
                    k = None
                    break
                k += 1
            if k is None or k >= len(self.toks):
                continue
            out.append((i, k, False))
        return out

    def classes(self):
        return [b for b, k in sorted(self.kind.items()) if k == "class"]

    def params(self, o, c):
        """Parameters between '(' o and ')' c: [(first index, last index, name index)]."""
        out = []
        depth = 0
        start = o + 1
        for i in range(o + 1, c + 1):
            tx = self.txt(i)
            if tx in ("(", "[", "{", "<") and i != c:
                depth += 1
            elif tx in (")", "]", "}", ">") and i != c:
                depth -= 1
            elif tx == ">>" and i != c:
                depth -= 2
            if (tx == "," and depth == 0) or i == c:
                end = i - 1
                if end >= start:
                    seg = list(range(start, end + 1))
                    eq = next((k for k in seg if self.txt(k) == "="), None)
                    last = (eq - 1) if eq is not None else end
                    # `T name[]` or `T name[N]`
                    if self.txt(last) == "]" and last in self.match:
                        last = self.match[last] - 1
                    if self.t(last) and self.t(last).kind == "id" and last > start \
                            and self.txt(last) not in KEYWORDS:
                        out.append((start, end, last))
                start = i + 1
        return out

    def leading_insert_offset(self):
        """Offset just after the leading directives (includes) at #if depth 0,
        or the start of the first line of code."""
        first_code = self.toks[0].line if self.toks else len(self.lines)
        depth = 0
        best = None
        for ln in range(0, first_code):
            s = self.lines[ln].lstrip()
            if not s.startswith("#"):
                continue
            d = s[1:].lstrip()
            if re.match(r"^if(n?def)?\b", d):
                depth += 1
            elif d.startswith("endif"):
                depth -= 1
            # a directive continued on the next lines ends later
            end = ln
            while self.lines[end].rstrip().endswith("\\") and end + 1 < len(self.lines):
                end += 1
            if depth == 0:
                best = end + 1
        line = best if best is not None else first_code
        return self.line_offset(line)

    def line_offset(self, line):
        return sum(len(l) + 1 for l in self.lines[:line])

    def indent_of(self, line):
        l = self.lines[line] if line < len(self.lines) else ""
        return l[:len(l) - len(l.lstrip())]

    def loc(self, offset):
        line = self.text.count("\n", 0, offset)
        col = offset - (self.text.rfind("\n", 0, offset) + 1)
        return "%d:%d" % (line + 1, col + 1)


def apply_edits(text, edits):
    """edits: [(offset, length to remove, insertion)]; applied back to front."""
    for off, ln, ins in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:off] + ins + text[off + ln:]
    return text


# --------------------------------------------------------------------------
# Mutation operators. Each takes (Structure, rng, seed) and returns
# (edits, location offset, description[, variants]) or None.
# --------------------------------------------------------------------------

def is_c(seed):
    return seed.ext == ".c"


def prelude(seed, alias=False, flag=False):
    if is_c(seed):
        s = "void sysopt_mut_touch();\n"
    else:
        s = "void sysopt_mut_touch();\nvoid sysopt_mut_touch(void *);\n"
    if flag:
        s += "extern int sysopt_mut_flag;\n"
    if alias:
        s += "void *g_alias;\n"
    return s


def code_lines(st):
    return sorted({t.line for t in st.all})


def op_delete_line(st, rng, seed):
    lines = code_lines(st)
    if not lines:
        return None
    ln = rng.choice(lines)
    off = st.line_offset(ln)
    return [(off, len(st.lines[ln]) + 1, "")], off, "delete line %d" % (ln + 1)


def op_duplicate_line(st, rng, seed):
    lines = code_lines(st)
    if not lines:
        return None
    ln = rng.choice(lines)
    off = st.line_offset(ln)
    return [(off, 0, st.lines[ln] + "\n")], off, "duplicate line %d" % (ln + 1)


def op_swap_lines(st, rng, seed):
    lines = [l for l in code_lines(st) if l + 1 < len(st.lines) - 1]
    if not lines:
        return None
    ln = rng.choice(lines)
    off = st.line_offset(ln)
    a, b = st.lines[ln], st.lines[ln + 1]
    return [(off, len(a) + 1 + len(b), b + "\n" + a)], off, \
        "swap lines %d and %d" % (ln + 1, ln + 2)


# Tokens whose removal, repetition or move often still compiles (and changes
# what the checks see: a const dropped, a reference made a copy...).
SOFT_TOKENS = {"const", "&", "&&", "static", "inline", "constexpr", "mutable", "volatile",
               "auto", ";", "*", "explicit", "noexcept", "override", "unsigned"}


def pick_token(st, rng, pred=lambda i: True):
    soft = [i for i, t in enumerate(st.all) if t.text in SOFT_TOKENS and pred(i)]
    if soft and rng.random() < 0.6:
        return rng.choice(soft)
    allc = [i for i in range(len(st.all)) if pred(i)]
    return rng.choice(allc) if allc else None


def op_delete_token(st, rng, seed):
    i = pick_token(st, rng)
    if i is None:
        return None
    t = st.all[i]
    text = st.text
    before = text[t.start - 1] if t.start > 0 else " "
    after = text[t.end] if t.end < len(text) else " "
    ins = "" if (before.isspace() or after.isspace()) else " "
    return [(t.start, t.end - t.start, ins)], t.start, "delete token '%s'" % t.text


def op_duplicate_token(st, rng, seed):
    i = pick_token(st, rng)
    if i is None:
        return None
    t = st.all[i]
    return [(t.end, 0, " " + t.text)], t.start, "duplicate token '%s'" % t.text


def op_swap_tokens(st, rng, seed):
    def ok(i):
        return i + 1 < len(st.all) and st.all[i].line == st.all[i + 1].line \
            and st.all[i].text != st.all[i + 1].text

    soft = [i for i in range(len(st.all)) if ok(i) and
            (st.all[i].text in SOFT_TOKENS or st.all[i + 1].text in SOFT_TOKENS)]
    if soft and rng.random() < 0.6:
        i = rng.choice(soft)
    else:
        cand = [i for i in range(len(st.all)) if ok(i)]
        if not cand:
            return None
        i = rng.choice(cand)
    a, b = st.all[i], st.all[i + 1]
    mid = st.text[a.end:b.start]
    if not mid:
        mid = " "
    return [(a.start, b.end - a.start, b.text + mid + a.text)], a.start, \
        "swap tokens '%s' and '%s'" % (a.text, b.text)


def identifiers(st, toks=None):
    out = []
    for t in (toks if toks is not None else st.toks):
        if t.kind == "id" and t.text not in KEYWORDS and len(t.text) > 1 \
                and not t.text.startswith("__") and not t.text.startswith("CHECK"):
            out.append(t.text)
    return out


def colliding_names(st):
    """Names a fix-it may introduce (hoisted values are named <arg>_len,
    <var>_env, <object>_<method>, <callee>_result, <callee>_tensor) and
    plain derived names of the file's identifiers."""
    t = st.toks
    names = []
    for i, tok in enumerate(t):
        if tok.kind != "id":
            continue
        nxt = st.txt(i + 1)
        if tok.text in ("strlen", "wcslen") and nxt == "(":
            arg = st.t(i + 2)
            if arg is not None and arg.kind == "id":
                stem = arg.text[2:] if arg.text.startswith("m_") else arg.text
                stem = stem.strip("_")
                if stem:
                    names += [stem + "_len", stem + "_len2"]
        elif "getenv" in tok.text and nxt == "(":
            arg = st.t(i + 2)
            if arg is not None and arg.kind == "str":
                lit = re.sub(r"[^A-Za-z0-9_]+", "_", arg.text.strip('"')).strip("_").lower()
                if lit:
                    names.append(lit + "_env")
        elif nxt in (".", "->") and st.t(i + 2) is not None and st.t(i + 2).kind == "id" \
                and st.txt(i + 3) == "(":
            names.append(tok.text + "_" + st.txt(i + 2))
        elif nxt == "(" and tok.text not in KEYWORDS:
            names += [tok.text + "_result", tok.text + "_tensor"]
    ids = sorted(set(identifiers(st)))
    derived = [n + s for n in ids for s in ("_len", "_result", "_tensor", "_env")]
    return names, derived, ids


def op_macro_collision(st, rng, seed):
    specific, derived, ids = colliding_names(st)
    r = rng.random()
    if specific and r < 0.7:
        name = rng.choice(specific)
    elif ids and r < 0.8:
        name = rng.choice(ids)
    elif derived:
        name = rng.choice(derived)
    else:
        return None
    if not re.match(r"^[A-Za-z_]\w*$", name):
        return None
    off = st.leading_insert_offset()
    return [(off, 0, "#define %s 7\n" % name)], off, "#define %s 7" % name


def op_template_wrap(st, rng, seed):
    if is_c(seed):
        return None
    cands = []
    for b, name, o, c in st.functions():
        if not st.at_namespace_scope(b):
            continue
        n = st.txt(name)
        if n == "main" or st.txt(name - 1) == "::" or st.txt(name - 1) == "operator":
            continue
        s = st.stmt_start(name)
        words = [st.txt(k) for k in range(s, name)]
        if "template" in words or "extern" in words or "operator" in words:
            continue
        cands.append((s, name))
    if not cands:
        return None
    s, name = rng.choice(cands)
    fname = st.txt(name)
    called = sum(1 for t in st.toks if t.text == fname) > 1
    hdr = "template <class T_ = void>" if called else "template <class T_>"
    tok = st.toks[s]
    line_start = st.line_offset(tok.line)
    if st.text[line_start:tok.start].strip() == "":
        ins = st.text[line_start:tok.start] + hdr + "\n"
        off = line_start
    else:
        ins, off = hdr + " ", tok.start
    return [(off, 0, ins)], tok.start, "%s on '%s'" % (hdr, fname)


def loop_header_idents(st, kw, body):
    out = []
    for k in range(kw + 2, body - 1):
        t = st.toks[k]
        if t.kind == "id" and t.text not in KEYWORDS and st.txt(k + 1) not in ("(", "::", "<") \
                and st.txt(k - 1) not in (".", "->", "::"):
            out.append(t.text)
    return out


def op_ifdef_trace(st, rng, seed):
    loops = [l for l in st.loops() if st.in_function(l[1])]
    if not loops:
        return None
    kw, b = rng.choice(loops)
    ind = st.indent_of(st.toks[b].line) + "  "
    r = rng.random()
    idents = loop_header_idents(st, kw, b)
    if r < 0.4:
        what = "sysopt_mut_touch();"
    elif r < 0.7 and idents:
        what = "sysopt_mut_touch(&%s);" % rng.choice(idents)
    else:
        what = "// trace this iteration"
    edits = [(st.toks[b].end, 0,
              "\n#ifdef %s\n%s%s\n#endif" % (TRACE_MACRO, ind, what))]
    if what.startswith("sysopt"):
        edits.append((st.leading_insert_offset(), 0, prelude(seed)))
    variants = [("", []), ("-D" + TRACE_MACRO, ["-D" + TRACE_MACRO])]
    return edits, st.toks[b].start, "#ifdef %s { %s } in the %s loop" % (
        TRACE_MACRO, what, st.txt(kw)), variants


def body_idents(st, b):
    e = st.match[b]
    out = []
    for k in range(b + 1, e):
        t = st.toks[k]
        if t.kind == "id" and t.text not in KEYWORDS and not t.text.startswith("__") \
                and st.txt(k - 1) not in (".", "->", "::") and st.txt(k + 1) not in ("(", "::"):
            out.append(t.text)
    return out


def outer_declared(st, b):
    """Names that look declared directly in the block opened at b."""
    out = set()
    for k in range(b + 1, st.match[b]):
        t = st.toks[k]
        if t.kind == "id" and st.parent[k] == b and st.txt(k + 1) in ("=", "(", "{", ";", ",", "[") \
                and (st.t(k - 1).kind == "id" or st.txt(k - 1) in (">", "*", "&", "&&", ",")):
            out.add(t.text)
    return out


def op_shadow_decl(st, rng, seed):
    cands = []
    for b, name, o, c in st.functions():
        taken = {st.txt(p[2]) for p in st.params(o, c)} | outer_declared(st, b)
        ids = [i for i in body_idents(st, b) if i not in taken]
        if ids:
            cands.append((b, ids))
    if not cands:
        return None
    b, ids = rng.choice(cands)
    n = rng.choice(ids)
    return [(st.toks[b].end, 0, " int %s = 0;" % n)], st.toks[b].start, \
        "shadowing 'int %s = 0;' at the start of a function body" % n


def op_member_collision(st, rng, seed):
    cls = [b for b in st.classes() if b in st.match]
    if not cls:
        return None
    b = rng.choice(cls)
    e = st.match[b]
    inside = body_idents(st, b)
    specific, derived, ids = colliding_names(st)
    r = rng.random()
    if inside and r < 0.4:
        name = rng.choice(inside)
    elif specific and r < 0.7:
        name = rng.choice(specific)
    elif ids and r < 0.85:
        name = rng.choice(ids)
    elif derived:
        name = rng.choice(derived)
    else:
        return None
    close = st.toks[e]
    line_start = st.line_offset(close.line)
    ind = st.indent_of(close.line) + "  "
    if st.text[line_start:close.start].strip() == "":
        edit = (line_start, 0, "%sint %s;\n" % (ind, name))
    else:
        edit = (close.start, 0, "int %s; " % name)
    sname = st.txt(b - 1) if st.t(b - 1) and st.t(b - 1).kind == "id" else "?"
    return [edit], close.start, "data member 'int %s;' added to %s" % (name, sname)


def op_alias(st, rng, seed):
    loops = [l for l in st.loops() if st.in_function(l[1])]
    rets = [i for i, t in enumerate(st.toks)
            if t.text == "return" and t.kind == "id" and st.in_function(i)]
    if not loops and not rets:
        return None
    pre = (st.leading_insert_offset(), 0, prelude(seed, alias=True))
    if loops and (not rets or rng.random() < 0.6):
        kw, b = rng.choice(loops)
        idents = loop_header_idents(st, kw, b)
        ind = st.indent_of(st.toks[b].line) + "  "
        if idents:
            x = rng.choice(idents)
            code = "g_alias = (void *)&%s; sysopt_mut_touch();" % x
        else:
            code = "sysopt_mut_touch();"
        return [pre, (st.toks[b].end, 0, "\n" + ind + code)], st.toks[b].start, \
            "alias '%s' in the body of the %s loop" % (code, st.txt(kw))
    r = rng.choice(rets)
    # the end of the return statement
    k = r + 1
    while k < len(st.toks) and st.txt(k) != ";":
        if st.txt(k) in ("(", "[", "{") and k in st.match:
            k = st.match[k]
        k += 1
    if k >= len(st.toks):
        return None
    idents = [st.txt(j) for j in range(r + 1, k)
              if st.toks[j].kind == "id" and st.txt(j) not in KEYWORDS
              and st.txt(j - 1) not in (".", "->", "::") and st.txt(j + 1) not in ("(", "::", "<")]
    if idents:
        x = rng.choice(idents)
        code = "g_alias = (void *)&%s; sysopt_mut_touch();" % x
    else:
        code = "sysopt_mut_touch();"
    return [pre, (st.toks[r].start, 0, "{ " + code + " "), (st.toks[k].end, 0, " }")], \
        st.toks[r].start, "alias '%s' before a return" % code


def local_decls(st):
    """[(name index, statement end ';' index)] of local variable declarations."""
    out = []
    t = st.toks
    stops = {"return", "if", "for", "while", "switch", "case", "do", "else", "break",
             "continue", "goto", "throw", "delete", "using", "typedef", "co_return",
             "static_assert", "default", "namespace", "template", "friend", "extern"}
    for s in range(len(t)):
        if not (s == 0 or (t[s - 1].text in (";", "{", "}") and t[s - 1].kind == "punct")):
            continue
        if t[s].text in stops or t[s].kind != "id" or not st.in_function(s):
            continue
        if st.kind.get(st.parent[s]) not in ("function", "block"):
            continue
        depth = 0
        k = s
        name = None
        while k < len(t):
            tx = t[k].text
            if tx == "<":
                depth += 1
            elif tx == ">":
                depth -= 1
            elif tx == ">>":
                depth -= 2
            elif depth == 0 and tx in ("=", "(", "{", ";", "["):
                if k - 1 > s and t[k - 1].kind == "id" and t[k - 1].text not in KEYWORDS:
                    name = k - 1
                break
            elif tx in (".", "->", "(", ")", "[", "]", ";", "{", "}", "?", "+", "-", "/",
                        "%", "!", "==", "!=", "+=", "-=", "<<", "return", ","):
                break
            elif t[k].kind not in ("id", "punct"):
                break
            k += 1
        if name is None:
            continue
        # the end of the statement
        k = name + 1
        while k < len(t) and t[k].text != ";":
            if t[k].text in ("(", "[", "{") and k in st.match:
                k = st.match[k]
            elif t[k].text in ("}", ")"):
                break
            k += 1
        if k < len(t) and t[k].text == ";":
            out.append((name, k))
    return out


def range_for_vars(st):
    """[(name index, body '{' index)] of range-for loop variables."""
    out = []
    for kw, b in st.loops():
        if st.txt(kw) != "for":
            continue
        o, c = kw + 1, b - 1
        if any(st.txt(k) == ";" for k in range(o + 1, c)):
            continue
        colon = next((k for k in range(o + 1, c) if st.txt(k) == ":"), None)
        if colon and st.t(colon - 1).kind == "id":
            out.append((colon - 1, b))
    return out


def value_candidates(st):
    """Variables held by value: by-value parameters, locals, range-for
    variables, as [(kind, name index, token after which code goes)]."""
    cands = []
    for b, name, o, c in st.functions():
        for first, last, pn in st.params(o, c):
            words = [st.txt(k) for k in range(first, pn)]
            if any(w in ("&", "&&", "*", "const", "...") for w in words):
                continue
            cands.append(("param", pn, b, words))
    for n, end in local_decls(st):
        cands.append(("local", n, end, [st.txt(k) for k in range(st.stmt_start(n), n)]))
    for n, b in range_for_vars(st):
        o = st.match[b - 1]
        cands.append(("range-for", n, b, [st.txt(k) for k in range(o + 1, n)]))
    return cands


SCALARS = {"int", "long", "short", "unsigned", "signed", "char", "bool", "float", "double",
           "size_t", "int64_t", "int32_t", "uint64_t", "uint32_t", "std", "::", "static",
           "const", "cudaStream_t", "cudaError_t", "ncclComm_t", "cublasHandle_t", "dim3"}


def class_candidates(st):
    """value_candidates whose type may be a class (not a plain scalar)."""
    return [c for c in value_candidates(st) if not all(w in SCALARS for w in c[3])]


VALUE_KIND = {"param": "by-value parameter", "local": "local", "range-for": "range-for variable"}


def op_out_param(st, rng, seed):
    cands = value_candidates(st)
    if not cands:
        return None
    kind, n, at, _words = rng.choice(cands)
    x = st.txt(n)
    call = "sysopt_mut_touch(&%s);" % x
    edits = [(st.leading_insert_offset(), 0, prelude(seed)),
             (st.toks[at].end, 0, " " + call)]
    return edits, st.toks[n].start, "out-parameter call '%s' on the %s '%s'" % (
        call, VALUE_KIND[kind], x)


def op_decltype_use(st, rng, seed):
    """A copy of the variable's declared type, written to: compiles only while
    the variable is not a const reference."""
    if is_c(seed):
        return None
    cands = class_candidates(st) or value_candidates(st)
    if not cands:
        return None
    kind, n, at, _words = rng.choice(cands)
    x = st.txt(n)
    code = "{ decltype(%s) sysopt_mut_d = %s; sysopt_mut_d = %s; }" % (x, x, x)
    return [(st.toks[at].end, 0, " " + code)], st.toks[n].start, \
        "'%s' after the %s '%s'" % (code, VALUE_KIND[kind], x)


def op_wrap_loop(st, rng, seed):
    """The loop as the sub-statement of an unbraced if / if-else / label /
    case / for / do: code a fix inserts before the loop, or a loop replaced by
    an if, changes meaning there."""
    loops = [l for l in st.loop_stmts() if st.in_function(l[0])]
    if not loops:
        return None
    kw, last, braced = rng.choice(loops)
    ind = st.indent_of(st.toks[kw].line)
    forms = [
        ("if-else", "if (sysopt_mut_flag) ", "\n%selse\n%s  sysopt_mut_touch();" % (ind, ind)),
        ("if", "if (sysopt_mut_flag) ", ""),
        ("label", "sysopt_mut_label: ", ""),
        ("case", "switch (sysopt_mut_flag) { case 1: ",
         "\n%sbreak; default: sysopt_mut_touch(); break; }" % ind),
        ("for", "for (int sysopt_mut_k = 0; sysopt_mut_k < 2; ++sysopt_mut_k) ", ""),
        ("do", "do ", "\n%swhile (sysopt_mut_flag);" % ind),
    ]
    name, before, after = rng.choice(forms)
    edits = [(st.leading_insert_offset(), 0, prelude(seed, flag=True)),
             (st.toks[kw].start, 0, before)]
    if after:
        edits.append((st.toks[last].end, 0, after))
    return edits, st.toks[kw].start, "the %s loop%s wrapped in an unbraced %s" % (
        st.txt(kw), "" if braced else " (unbraced body)", name)


def op_loop_exit(st, rng, seed):
    """A conditional break or continue in a loop body (an unbraced body gets
    braces)."""
    loops = [l for l in st.loop_stmts() if st.in_function(l[0])]
    if not loops:
        return None
    kw, last, braced = rng.choice(loops)
    what = rng.choice(["break", "continue"])
    code = "if (sysopt_mut_flag) %s;" % what
    c = st.match[kw + 1]
    edits = [(st.leading_insert_offset(), 0, prelude(seed, flag=True))]
    if braced:
        if rng.random() < 0.5:
            edits.append((st.toks[c + 1].end, 0, " " + code))
            where = "at the start of"
        else:
            edits.append((st.toks[last].start, 0, code + " "))
            where = "at the end of"
    else:
        edits.append((st.toks[c + 1].start, 0, "{ "))
        edits.append((st.toks[last].end, 0, " " + code + " }"))
        where = "at the end of (now braced)"
    return edits, st.toks[kw].start, "'%s' %s the body of the %s loop" % (code, where, st.txt(kw))


OPERATORS = [
    ("delete-line", op_delete_line, 1),
    ("duplicate-line", op_duplicate_line, 1),
    ("swap-lines", op_swap_lines, 1),
    ("delete-token", op_delete_token, 1),
    ("duplicate-token", op_duplicate_token, 1),
    ("swap-tokens", op_swap_tokens, 1),
    ("macro-collision", op_macro_collision, 2),
    ("template-wrap", op_template_wrap, 2),
    ("ifdef-trace", op_ifdef_trace, 2),
    ("shadow-decl", op_shadow_decl, 2),
    ("member-collision", op_member_collision, 2),
    ("alias", op_alias, 2),
    ("out-param", op_out_param, 2),
    # beyond the basic set: where fix-its meet declared types and statement
    # contexts
    ("decltype-use", op_decltype_use, 2),
    ("wrap-loop", op_wrap_loop, 2),
    ("loop-exit", op_loop_exit, 2),
]


class Mutant:
    def __init__(self, index, seed, op, loc, desc, text, variants):
        self.index, self.seed, self.op, self.loc, self.desc = index, seed, op, loc, desc
        self.text, self.variants = text, variants


_structures = {}
_structures_lock = threading.Lock()


def structure(seed):
    with _structures_lock:
        if seed.path not in _structures:
            _structures[seed.path] = Structure(seed.text)
        return _structures[seed.path]


def make_mutant(index, seeds, base_seed, operators):
    seed = seeds[index % len(seeds)]
    rng = random.Random("sysopt-mut:%d:%d" % (base_seed, index))
    st = structure(seed)
    pool = []
    for name, fn, w in operators:
        pool += [(name, fn)] * w
    tried = set()
    while len(tried) < len(operators):
        name, fn = rng.choice(pool)
        if name in tried:
            continue
        tried.add(name)
        for _attempt in range(4):
            res = fn(st, rng, seed)
            if res is None:
                break
            edits, off, desc = res[:3]
            variants = res[3] if len(res) > 3 else [("", [])]
            text = apply_edits(seed.text, edits)
            if text != seed.text:
                return Mutant(index, seed, name, st.loc(off), desc, text, variants)
    return None


# --------------------------------------------------------------------------
# Running things
# --------------------------------------------------------------------------

def run_cmd(cmd, cwd, timeout):
    """(returncode or None on timeout, output)."""
    try:
        p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True)
    except OSError as e:
        return 127, str(e)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        out, _ = p.communicate()
        return None, out.decode("utf-8", "replace")


def snapshot(d):
    out = {}
    for root, _dirs, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, d)] = fh.read()
    return out


def tree_diff(before, after, a="mutant", b="fixed"):
    out = []
    for name in sorted(set(before) | set(after)):
        x = before.get(name, b"").decode("utf-8", "replace").splitlines(True)
        y = after.get(name, b"").decode("utf-8", "replace").splitlines(True)
        if x != y:
            out += difflib.unified_diff(x, y, "%s/%s" % (a, name), "%s/%s" % (b, name), n=2)
    return "".join(l if l.endswith("\n") else l + "\n" for l in out)


def text_diff(x, y, a, b):
    d = difflib.unified_diff(x.splitlines(True), y.splitlines(True), a, b, n=1)
    return "".join(l if l.endswith("\n") else l + "\n" for l in d)


def focus_diff(diff, error_text, near=4):
    """The hunks of a diff whose new side is within `near` lines of a line
    the compiler complains about (all of it when nothing matches)."""
    bad = {(os.path.basename(f), int(l)) for f, l in
           re.findall(r"([^\s:]+):(\d+):\d+: (?:error|warning)", error_text or "")}
    if not bad:
        return diff
    files = []  # [(header lines, [(new start, new count, hunk lines)])]
    for line in diff.splitlines(True):
        if line.startswith("--- "):
            files.append(([line], []))
        elif line.startswith("+++ ") and files and len(files[-1][0]) == 1:
            files[-1][0].append(line)
        elif line.startswith("@@") and files:
            m = re.match(r"@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", line)
            files[-1][1].append((int(m.group(1)), int(m.group(2) or 1), [line]))
        elif files and files[-1][1]:
            files[-1][1][-1][2].append(line)
    out, kept, total = [], 0, 0
    for header, hunks in files:
        name = os.path.basename(header[-1][4:].strip()) if len(header) > 1 else ""
        mine = [h for h in hunks
                if any(f == name and h[0] - near <= l <= h[0] + h[1] + near for f, l in bad)]
        total += len(hunks)
        if mine:
            out += header
            for h in mine:
                out += h[2]
            kept += len(mine)
    if not kept:
        return diff
    if kept < total:
        out.append("(%d other hunks of the fix not shown)\n" % (total - kept))
    return "".join(out)


def crashed(rc, out):
    return rc is not None and (rc not in (0, 1) or any(m in out for m in CRASH_MARKERS))


def tail(s, n=40):
    lines = s.splitlines()
    return "\n".join(lines[-n:]) if len(lines) > n else s


def errors_of(out, n=25):
    """The error lines of a compiler's output (and a little context)."""
    lines = out.splitlines()
    keep = [l for l in lines if " error: " in l or l.startswith("error:")]
    if not keep:
        return tail(out, n)
    first = next(i for i, l in enumerate(lines) if " error: " in l or l.startswith("error:"))
    return "\n".join(lines[first:first + n])


class Harness:
    def __init__(self, opts, driver, seeds):
        self.o = opts
        self.driver = driver
        self.seeds = seeds
        self.base = None

    def setup_dir(self, d, m):
        os.makedirs(d)
        name = os.path.basename(m.seed.path)
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(m.text)
        for rel, src in m.seed.extra_files:
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(d, rel))
            else:
                shutil.copy(src, os.path.join(d, rel))
        return os.path.join(d, name)

    def args_for(self, m, d, f, extra):
        out = []
        for a in m.seed.args:
            a = a.replace("%S", d).replace("%s", f).replace("%t", os.path.join(d, "tmp"))
            out.append(a)
        return out + extra

    def compile_cmd(self, args, f):
        return [self.o.clangxx, "-fsyntax-only"] + args + MEANING_WARNINGS + [f]

    def tidy_cmd(self, f, checks, m, args, driver=None):
        return [driver or self.driver, f, "--checks=" + checks, "--fix", "--quiet"] + \
            m.seed.tidy_args + ["--"] + args

    def evaluate(self, m):
        res = {"index": m.index, "seed": m.seed.rel, "operator": m.op, "location": m.loc,
               "description": m.desc, "variants": []}
        compiles = None
        if len(m.variants) > 1:
            # Which configurations compile at all: a fix is only held to the
            # configurations the mutant itself compiles in.
            compiles = {}
            for vname, vargs in m.variants:
                d = os.path.join(self.base, "m%05d-probe" % m.index)
                f = self.setup_dir(d, m)
                rc, out = run_cmd(self.compile_cmd(self.args_for(m, d, f, vargs), f), d,
                                  self.o.compile_timeout)
                compiles[vname] = (rc == 0, errors_of(out, 3) if rc is not None else "timeout",
                                   out)
                shutil.rmtree(d, ignore_errors=True)
        for vname, vargs in m.variants:
            res["variants"].append(self.evaluate_variant(m, vname, vargs, compiles))
        return res

    def evaluate_variant(self, m, vname, vargs, compiles=None):
        o = self.o
        tag = "m%05d%s" % (m.index, "-trace" if vname else "")
        root = os.path.join(self.base, tag)
        r = {"variant": vname or "default", "compiled": False, "fixed": False,
             "failures": []}
        if compiles is not None and not compiles[vname][0]:
            r["compile_error"] = compiles[vname][1]
            return r
        d = os.path.join(root, "mutant")
        f = self.setup_dir(d, m)
        args = self.args_for(m, d, f, vargs)
        if compiles is None:
            rc, cout0 = run_cmd(self.compile_cmd(args, f), d, o.compile_timeout)
            if rc != 0:
                r["compile_error"] = errors_of(cout0, 3) if rc is not None else "timeout"
                shutil.rmtree(root, ignore_errors=True)
                return r
        else:
            cout0 = compiles[vname][2]
        r["compiled"] = True
        before = snapshot(d)
        checks = "-*,sysopt-*"
        cmd = self.tidy_cmd(f, checks, m, args)
        t0 = time.time()
        rc, out = run_cmd(cmd, d, o.timeout)
        r["tidy_seconds"] = round(time.time() - t0, 2)
        fails = r["failures"]

        def failure(kind, **kw):
            item = {"kind": kind}
            item.update(kw)
            fails.append(item)
            return item

        if rc is None:
            failure("hang", command=self.repro(cmd), output=tail(out))
            return self.finish(m, vname, root, r, before, None)
        if crashed(rc, out):
            failure("crash", command=self.repro(cmd), exit_code=rc, output=tail(out, 60))
            return self.finish(m, vname, root, r, before, None)
        after = snapshot(d)
        if after == before:
            shutil.rmtree(root, ignore_errors=True)
            return r
        r["fixed"] = True
        r["fix_diff"] = tree_diff(before, after)
        ccmd = self.compile_cmd(args, f)
        rc2, cout = run_cmd(ccmd, d, o.compile_timeout)
        broken = rc2 != 0
        if broken:
            failure("broken fix", command=self.repro(cmd), compile_command=self.repro(ccmd),
                    compiler_error=errors_of(cout) if rc2 is not None else "timeout",
                    tidy_output=tail(out, 60))
        else:
            new = [w for w in MEANING_WARNINGS
                   if cout.count("[%s]" % w) > cout0.count("[%s]" % w)]
            if new:
                failure(MEANING, command=self.repro(cmd), compile_command=self.repro(ccmd),
                        compiler_error="\n".join(
                            l for l in cout.splitlines()
                            if any("[%s]" % w in l for w in new)) or cout,
                        note="new " + ", ".join(new))
            # the other preprocessor configuration of the same mutant (an
            # informational finding: clang-tidy sees one configuration)
            for oname, oargs in m.variants:
                if oname == vname or not compiles or not compiles[oname][0]:
                    continue
                oa = self.args_for(m, d, f, oargs)
                rc3, out3 = run_cmd(self.compile_cmd(oa, f), d, o.compile_timeout)
                if rc3 != 0:
                    failure("broken in the other -D configuration",
                            command=self.repro(cmd),
                            compile_command=self.repro(self.compile_cmd(oa, f)),
                            compiler_error=errors_of(out3) if rc3 is not None else "timeout")
            # idempotence
            rc4, out4 = run_cmd(cmd, d, o.timeout)
            again = snapshot(d)
            if rc4 is None:
                failure("hang", command=self.repro(cmd), output=tail(out4),
                        note="second run, on the fixed file")
            elif crashed(rc4, out4):
                failure("crash", command=self.repro(cmd), exit_code=rc4, output=tail(out4, 60),
                        note="second run, on the fixed file")
            elif again != after:
                failure("not idempotent", command=self.repro(cmd),
                        second_diff=tree_diff(after, again, "fixed", "fixed-again"),
                        tidy_output=tail(out4, 60))
            # write the fixed state back for --keep
            for name, data in after.items():
                with open(os.path.join(d, name), "wb") as fh:
                    fh.write(data)
        if broken or o.no_stock:
            # already a failure of ours (the combination would only repeat
            # it), or the long runs that leave the combination to CI's sample
            return self.finish(m, vname, root, r, before, d)
        # together with the stock performance-* checks, on a fresh copy
        pd = os.path.join(root, "with-performance")
        pf = self.setup_dir(pd, m)
        pargs = self.args_for(m, pd, pf, vargs)
        pcmd = self.tidy_cmd(pf, "-*,sysopt-*,performance-*", m, pargs)
        rc5, out5 = run_cmd(pcmd, pd, o.timeout)
        if rc5 is None:
            failure("hang", command=self.repro(pcmd), output=tail(out5),
                    note="with performance-*")
        elif crashed(rc5, out5):
            failure("crash", command=self.repro(pcmd), exit_code=rc5, output=tail(out5, 60),
                    note="with performance-*")
        else:
            pc = self.compile_cmd(pargs, pf)
            rc6, out6 = run_cmd(pc, pd, o.compile_timeout)
            if rc6 != 0:
                sd = os.path.join(root, "performance-only")
                sf = self.setup_dir(sd, m)
                sargs = self.args_for(m, sd, sf, vargs)
                scmd = self.tidy_cmd(sf, "-*,performance-*", m, sargs)
                run_cmd(scmd, sd, o.timeout)
                rc7, out7 = run_cmd(self.compile_cmd(sargs, sf), sd, o.compile_timeout)
                if rc7 != 0:
                    r["stock_breakage"] = True
                    r["stock_error"] = errors_of(out7, 8)
                else:
                    failure("broken with performance-*", command=self.repro(pcmd),
                            compile_command=self.repro(pc),
                            compiler_error=errors_of(out6) if rc6 is not None else "timeout",
                            fix_diff_with_performance=tree_diff(before, snapshot(pd)),
                            tidy_output=tail(out5, 60))
        return self.finish(m, vname, root, r, before, d)

    def repro(self, cmd):
        """A command line with the real driver in place of the temporary copy."""
        c = [self.o.driver if x == self.driver else x for x in cmd]
        return " ".join(shlex.quote(x) for x in c)

    def finish(self, m, vname, root, r, before, fixed_dir):
        if r["failures"]:
            r["mutant_diff"] = text_diff(m.seed.text, m.text, "seed/" + m.seed.rel,
                                         "mutant/" + os.path.basename(m.seed.path))
            if self.o.keep:
                self.keep(m, vname, root, r, before)
        shutil.rmtree(root, ignore_errors=True)
        return r

    def keep(self, m, vname, root, r, before):
        name = "%05d-%s-%s%s" % (m.index, m.op, os.path.splitext(os.path.basename(m.seed.path))[0],
                                 "-trace" if vname else "")
        dest = os.path.join(self.o.keep, name)
        shutil.rmtree(dest, ignore_errors=True)
        os.makedirs(dest)
        # pristine mutant, and what the tool made of it
        pristine = os.path.join(dest, "mutant")
        for rel, data in before.items():
            p = os.path.join(pristine, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as fh:
                fh.write(data)
        for sub in ("mutant", "with-performance", "performance-only"):
            src = os.path.join(root, sub)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(dest, "fixed" if sub == "mutant" else sub))
        with open(os.path.join(dest, "mutant.diff"), "w", encoding="utf-8") as fh:
            fh.write(r["mutant_diff"])
        if r.get("fix_diff"):
            with open(os.path.join(dest, "fix.diff"), "w", encoding="utf-8") as fh:
                fh.write(r["fix_diff"])
        fname = os.path.basename(m.seed.path)
        args = self.args_for(m, os.path.join(dest, "mutant"), os.path.join(dest, "mutant", fname),
                             dict(m.variants)[vname])
        lines = [
            "sysopt-tidy mutation failure (%s)" % ", ".join(sorted({x["kind"] for x in r["failures"]})),
            "",
            "seed:      %s" % m.seed.rel,
            "mutant:    %d (--seed %d)" % (m.index, self.o.seed),
            "operator:  %s" % m.op,
            "location:  %s:%s" % (m.seed.rel, m.loc),
            "mutation:  %s" % m.desc,
            "variant:   %s" % (vname or "default"),
            "",
            "mutant/ is the mutant as generated (with copies of the seed's headers);",
            "fixed/ is what sysopt-tidy --fix made of it; with-performance/ and",
            "performance-only/ (when present) are the runs with the stock checks.",
            "",
            "Reproduce (from this directory):",
            "  cp -r mutant work && cd work",
            "  " + " ".join(shlex.quote(x) for x in self.compile_cmd(
                [a.replace(os.path.join(dest, "mutant"), ".") for a in args], fname)),
            "  " + " ".join(shlex.quote(x) for x in self.tidy_cmd(
                fname, "-*,sysopt-*", m,
                [a.replace(os.path.join(dest, "mutant"), ".") for a in args],
                driver=self.o.driver)),
            "  " + " ".join(shlex.quote(x) for x in self.compile_cmd(
                [a.replace(os.path.join(dest, "mutant"), ".") for a in args], fname)),
            "or regenerate it:",
            "  " + reproduce_cmd(self.o, m.index),
            "",
        ]
        for fl in r["failures"]:
            lines.append("== %s%s" % (fl["kind"], " (%s)" % fl["note"] if fl.get("note") else ""))
            for k in ("command", "compile_command", "exit_code", "compiler_error",
                      "second_diff", "fix_diff_with_performance", "output", "tidy_output"):
                if k in fl:
                    v = str(fl[k])
                    lines.append("%s:" % k.replace("_", " "))
                    lines.extend("  " + l for l in v.splitlines())
            lines.append("")
        lines += ["== mutant vs seed", r["mutant_diff"]]
        if r.get("fix_diff"):
            lines += ["== fixed vs mutant", r["fix_diff"]]
        with open(os.path.join(dest, "README"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------

def reproduce_cmd(o, index):
    """The command line that rebuilds and re-runs mutant `index` alone."""
    c = ["python3", os.path.abspath(__file__), "--repo", o.repo, "--driver", o.driver,
         "--seed", str(o.seed), "--count", str(o.count)]
    for flag, v in (("--only", o.only), ("--exclude", o.exclude), ("--operators", o.operators)):
        if v:
            c += [flag, v]
    c += ["--mutant", str(index), "--keep", "DIR"]
    return " ".join(shlex.quote(x) for x in c)


COUNTED = ["crashes", "hangs", "broken fixes", "not idempotent", "broken with performance-*"]
KIND_COUNTER = {"crash": "crashes", "hang": "hangs", "broken fix": "broken fixes",
                "not idempotent": "not idempotent",
                "broken with performance-*": "broken with performance-*",
                "broken in the other -D configuration": "broken in the other -D configuration",
                MEANING: "changed meaning (new -Wdangling-else/-Wmisleading-indentation)"}
INFORMATIONAL = ["stock-check breakage", "broken in the other -D configuration",
                 KIND_COUNTER[MEANING]]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repo", default=os.path.normpath(os.path.join(HERE, "..", "..")))
    p.add_argument("--driver", default=None,
                   help="sysopt-tidy (default: <repo>/build/bin/sysopt-tidy)")
    p.add_argument("--clangxx", default="clang++-22")
    p.add_argument("--count", type=int, default=100, help="number of mutants")
    p.add_argument("--seed", type=int, default=1, help="random seed")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--keep", default=None, help="keep failing mutants in this directory")
    p.add_argument("--report", default=None, help="write a JSON report here")
    p.add_argument("--timeout", type=float, default=120, help="seconds per driver run")
    p.add_argument("--compile-timeout", type=float, default=60, help="seconds per compile")
    p.add_argument("--mutant", type=int, action="append", default=None,
                   help="only run mutant N of this --seed/--count (repeatable)")
    p.add_argument("--only", default=None, help="only seeds whose path matches this regex")
    p.add_argument("--exclude", default=None, help="drop seeds whose path matches this regex")
    p.add_argument("--operators", default=None,
                   help="comma-separated operator names (default: all)")
    p.add_argument("--list-seeds", action="store_true", help="print the seeds and exit")
    p.add_argument("--dry-run", action="store_true",
                   help="print the mutants' diffs against their seeds and exit")
    p.add_argument("--strict", action="store_true",
                   help="also fail on the kinds not counted by default (changed meaning, "
                        "the other -D configuration)")
    p.add_argument("--no-stock", action="store_true",
                   help="skip the runs together with performance-* (faster long runs)")
    p.add_argument("-v", "--verbose", action="store_true")
    o = p.parse_args(argv)
    o.repo = os.path.abspath(o.repo)
    if o.driver is None:
        o.driver = os.path.join(o.repo, "build", "bin", "sysopt-tidy")
    o.driver = os.path.abspath(o.driver)
    if o.keep:
        o.keep = os.path.abspath(o.keep)

    seeds, skipped = find_seeds(o.repo, o.only, o.exclude)
    if o.list_seeds:
        for s in seeds:
            print("%s  [%s]  %s%s" % (s.rel, s.kind, " ".join(s.args),
                                     ("  " + " ".join(s.tidy_args)) if s.tidy_args else ""))
        for path, why in skipped:
            print("skipped %s: %s" % (os.path.relpath(path, o.repo), why))
        return 0
    if not seeds:
        sys.stderr.write("mutate.py: error: no seeds under %s\n" % o.repo)
        return 2
    ops = OPERATORS
    if o.operators:
        want = set(o.operators.split(","))
        unknown = want - {n for n, _, _ in OPERATORS}
        if unknown:
            sys.stderr.write("mutate.py: error: unknown operators: %s\n" % ", ".join(sorted(unknown)))
            return 2
        ops = [x for x in OPERATORS if x[0] in want]

    indices = o.mutant if o.mutant else list(range(o.count))
    mutants = []
    ungenerated = 0
    for i in indices:
        m = make_mutant(i, seeds, o.seed, ops)
        if m is None:
            ungenerated += 1
        else:
            mutants.append(m)
    if o.dry_run:
        for m in mutants:
            print("== mutant %d: %s, %s at %s:%s (%s)" % (m.index, m.op, m.desc, m.seed.rel, m.loc,
                                                      ", ".join(v[0] or "default" for v in m.variants)))
            sys.stdout.write(text_diff(m.seed.text, m.text, "seed", "mutant"))
        return 0

    if not shutil.which(o.clangxx):
        sys.stderr.write("mutate.py: error: no compiler %s\n" % o.clangxx)
        return 2
    if not os.access(o.driver, os.X_OK):
        sys.stderr.write("mutate.py: error: no driver %s\n" % o.driver)
        return 2

    t0 = time.time()
    base = tempfile.mkdtemp(prefix="sysopt-mut-")
    try:
        # A private copy: the real driver may be relinked while we run.
        bindir = os.path.join(base, "bin")
        os.makedirs(bindir)
        driver = os.path.join(bindir, os.path.basename(o.driver))
        shutil.copy2(o.driver, driver)
        h = Harness(o, driver, seeds)
        h.base = base
        results = [None] * len(mutants)
        done = 0
        lock = threading.Lock()
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, o.jobs)) as ex:
            futs = {ex.submit(h.evaluate, m): k for k, m in enumerate(mutants)}
            for fut in concurrent.futures.as_completed(futs):
                k = futs[fut]
                try:
                    results[k] = fut.result()
                except Exception as e:  # a harness bug: report it, do not hide it
                    import traceback
                    m = mutants[k]
                    results[k] = {"index": m.index, "seed": m.seed.rel, "operator": m.op,
                                  "location": m.loc, "description": m.desc,
                                  "harness_error": traceback.format_exc(), "variants": []}
                    sys.stderr.write("harness error on mutant %d: %s\n" % (m.index, e))
                with lock:
                    done += 1
                    if o.verbose or done % 25 == 0 or done == len(mutants):
                        sys.stderr.write("[%d/%d] %.0f s\n" % (done, len(mutants), time.time() - t0))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    elapsed = time.time() - t0

    counts = {"mutants": len(mutants), "compiled": 0, "does not compile": 0, "with fixes": 0}
    for k in COUNTED + INFORMATIONAL:
        counts[k] = 0
    counts["harness errors"] = 0
    failures = []
    stock = []
    per_op = {}
    for r in results:
        po = per_op.setdefault(r["operator"], {"mutants": 0, "compiled": 0, "with fixes": 0,
                                               "failures": 0})
        po["mutants"] += 1
        if "harness_error" in r:
            counts["harness errors"] += 1
            continue
        vs = r["variants"]
        if any(v["compiled"] for v in vs):
            counts["compiled"] += 1
            po["compiled"] += 1
        else:
            counts["does not compile"] += 1
        if any(v["fixed"] for v in vs):
            counts["with fixes"] += 1
            po["with fixes"] += 1
        if any(v.get("stock_breakage") for v in vs):
            counts["stock-check breakage"] += 1
            v = next(v for v in vs if v.get("stock_breakage"))
            stock.append({"index": r["index"], "seed": r["seed"], "operator": r["operator"],
                          "location": r["location"], "description": r["description"],
                          "variant": v["variant"], "error": v.get("stock_error", ""),
                          "reproduce": reproduce_cmd(o, r["index"])})
        kinds = set()
        for v in vs:
            for fl in v["failures"]:
                kinds.add(KIND_COUNTER[fl["kind"]])
                entry = {"index": r["index"], "seed": r["seed"], "operator": r["operator"],
                         "location": r["location"], "description": r["description"],
                         "variant": v["variant"], "mutant_diff": v.get("mutant_diff", ""),
                         "fix_diff": v.get("fix_diff", "")}
                entry.update(fl)
                entry["reproduce"] = reproduce_cmd(o, r["index"])
                failures.append(entry)
        for k in kinds:
            counts[k] += 1
        if kinds:
            po["failures"] += 1
    bad = sum(counts[k] for k in COUNTED) + counts["harness errors"]
    if o.strict:
        bad += counts[KIND_COUNTER[MEANING]] + counts["broken in the other -D configuration"]

    for fl in failures:
        w = sys.stderr
        w.write("\nFAILURE: %s%s\n" % (fl["kind"], " (%s)" % fl["note"] if fl.get("note") else ""))
        w.write("  seed:     %s\n" % fl["seed"])
        w.write("  operator: %s (%s)\n" % (fl["operator"], fl["description"]))
        w.write("  location: %s:%s   variant: %s\n" % (fl["seed"], fl["location"], fl["variant"]))
        w.write("  reproduce: %s\n" % fl["reproduce"])
        w.write("  command:  %s\n" % fl["command"])
        if fl.get("compile_command"):
            w.write("  compile:  %s\n" % fl["compile_command"])
        for k in ("mutant_diff", "fix_diff", "second_diff", "fix_diff_with_performance",
                  "compiler_error", "output"):
            if fl.get(k):
                v = str(fl[k])
                if k in ("fix_diff", "fix_diff_with_performance"):
                    v = focus_diff(v, fl.get("compiler_error"))
                w.write("  %s:\n" % k.replace("_", " "))
                w.write("".join("    " + l + "\n" for l in v.splitlines()))
    for s in stock:
        sys.stderr.write("\nnote: stock-check breakage (performance-* alone breaks the file; "
                         "not counted): mutant %d, %s:%s, %s (%s)\n%s\n" % (
                             s["index"], s["seed"], s["location"], s["operator"],
                             s["description"], "".join("    " + l + "\n"
                                                       for l in s["error"].splitlines()[:4])))
    for r in results:
        if "harness_error" in r:
            sys.stderr.write("\nHARNESS ERROR on mutant %d (%s, %s):\n%s" % (
                r["index"], r["seed"], r["operator"], r["harness_error"]))

    print("sysopt-tidy fix-it mutation summary (seed %d, %d seeds, %d jobs, %.1f s)" % (
        o.seed, len(seeds), o.jobs, elapsed))
    for k in ["mutants", "compiled", "does not compile", "with fixes"] + COUNTED:
        print("%s: %d" % (k, counts[k]))
    print("not counted in the result:")
    for k in INFORMATIONAL:
        print("%s: %d" % (k, counts[k]))
    if counts["harness errors"]:
        print("harness errors: %d" % counts["harness errors"])
    if ungenerated:
        print("(%d mutants could not be generated)" % ungenerated)
    if o.verbose:
        print("per operator (mutants / compiled / with fixes / failing):")
        for name, _fn, _w in OPERATORS:
            if name in per_op:
                po = per_op[name]
                print("  %-17s %4d %4d %4d %4d" % (name, po["mutants"], po["compiled"],
                                                     po["with fixes"], po["failures"]))
    print("result: %s" % ("FAIL" if bad else "PASS"))
    if o.report:
        with open(o.report, "w", encoding="utf-8") as fh:
            json.dump({"seed": o.seed, "count": o.count, "seeds": [s.rel for s in seeds],
                       "skipped_seeds": [[os.path.relpath(a, o.repo), b] for a, b in skipped],
                       "elapsed_seconds": round(elapsed, 1), "counts": counts,
                       "per_operator": per_op, "failures": failures,
                       "stock_check_breakage": stock,
                       "mutants": [{"index": r["index"], "seed": r["seed"],
                                    "operator": r["operator"], "location": r["location"],
                                    "description": r["description"],
                                    "compiled": any(v["compiled"] for v in r["variants"]),
                                    "fixed": any(v["fixed"] for v in r["variants"])}
                                   for r in results]},
                      fh, indent=1)
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(1)
