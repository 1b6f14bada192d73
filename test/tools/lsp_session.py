#!/usr/bin/env python3
"""A small LSP client for testing sysopt-clangd (and timing clangd).

It starts a language server, opens one file, and prints what an editor
would show, one line per item, so lit + FileCheck can assert it:

  diag <line>:<col> <code> | <message>        (1-based positions)
  action <title>                               (quick fixes at a finding)
  after-fix diag ...                           (diagnostics after applying it)
  first-diagnostics-ms <n>                     (with --timing)

Usage:
  lsp_session.py --server BIN [--server-arg A]... --file F
                 [--fix-code CHECK [--write-fixed OUT]] [--timing]
                 [--timeout S]

--fix-code: ask for code actions at the first diagnostic whose code is
CHECK, apply the first quick fix's edit to the buffer, send it to the server
and print the diagnostics it publishes for the new version.
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import time
import queue


class Server:
    def __init__(self, argv, cwd):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd)
        self.next_id = 1
        self.inbox = queue.Queue()
        self.stderr_lines = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace"))

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            body = out.read(length)
            self.inbox.put(json.loads(body))

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method,
                   "params": params})
        return rid

    def wait_for(self, predicate, timeout):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            try:
                msg = self.inbox.get(timeout=left)
            except queue.Empty:
                raise TimeoutError
            if msg is None:
                raise EOFError("server exited with %s" % self.proc.poll())
            # Answer server-to-client requests (progress, configuration) so
            # the server is never blocked on us.
            if "id" in msg and "method" in msg:
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
                continue
            if predicate(msg):
                return msg


def offset_of(text, position):
    """LSP position (UTF-16 units; our samples are ASCII) -> string index."""
    lines = text.split("\n")
    return sum(len(l) + 1 for l in lines[:position["line"]]) + \
        position["character"]


def apply_edits(text, edits):
    for e in sorted(edits, key=lambda e: offset_of(text, e["range"]["start"]),
                    reverse=True):
        start = offset_of(text, e["range"]["start"])
        end = offset_of(text, e["range"]["end"])
        text = text[:start] + e["newText"] + text[end:]
    return text


def describe(diag):
    start = diag["range"]["start"]
    return "diag %d:%d %s | %s" % (start["line"] + 1, start["character"] + 1,
                                   diag.get("code", "-"), diag["message"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--server-arg", action="append", default=[])
    ap.add_argument("--file", required=True)
    ap.add_argument("--fix-code")
    ap.add_argument("--write-fixed", help="write the buffer after the fix here")
    ap.add_argument("--timing", action="store_true")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--show-stderr", action="store_true")
    args = ap.parse_args()

    path = os.path.abspath(args.file)
    root = os.path.dirname(path)
    uri = "file://" + path
    text = open(path).read()
    language = "cuda-cpp" if path.endswith(".cu") else "cpp"

    # The server runs in the file's directory: resolve a relative path first.
    binary = os.path.abspath(args.server) if os.sep in args.server \
        else args.server
    server = Server([binary] + args.server_arg, root)
    status = 0
    try:
        rid = server.request("initialize", {
            "processId": os.getpid(), "rootUri": "file://" + root,
            "capabilities": {"textDocument": {
                "publishDiagnostics": {"relatedInformation": True},
                "codeAction": {"codeActionLiteralSupport": {
                    "codeActionKind": {"valueSet": ["quickfix"]}}}}}})
        server.wait_for(lambda m: m.get("id") == rid, args.timeout)
        server.notify("initialized", {})

        def diagnostics(version):
            msg = server.wait_for(
                lambda m: m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"].get("version") == version, args.timeout)
            return msg["params"]["diagnostics"]

        opened = time.monotonic()
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": language, "version": 1, "text": text}})
        diags = diagnostics(1)
        if args.timing:
            print("first-diagnostics-ms %d" %
                  round((time.monotonic() - opened) * 1000))
        for d in diags:
            print(describe(d))

        if args.fix_code:
            target = next((d for d in diags if d.get("code") == args.fix_code),
                          None)
            if target is None:
                print("error: no diagnostic with code %s" % args.fix_code)
                return 1
            rid = server.request("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": target["range"],
                "context": {"diagnostics": [target]}})
            actions = server.wait_for(lambda m: m.get("id") == rid,
                                      args.timeout).get("result") or []
            fix = None
            for a in actions:
                print("action %s" % a.get("title"))
                edits = (a.get("edit") or {}).get("changes", {}).get(uri)
                if fix is None and a.get("kind") == "quickfix" and edits:
                    fix = edits
            if fix is None:
                print("error: no quick fix with an edit")
                return 1
            text = apply_edits(text, fix)
            if args.write_fixed:
                with open(args.write_fixed, "w") as f:
                    f.write(text)
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [{"text": text}]})
            for d in diagnostics(2):
                print("after-fix " + describe(d))
        rid = server.request("shutdown", None)
        server.wait_for(lambda m: m.get("id") == rid, args.timeout)
        server.notify("exit", None)
        server.proc.wait(timeout=args.timeout)
    except (TimeoutError, EOFError) as e:
        print("error: %s waiting for the server" %
              ("timed out" if isinstance(e, TimeoutError) else e))
        status = 1
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
        if status or args.show_stderr:
            sys.stderr.write("".join(server.stderr_lines[-60:]))
    return status


if __name__ == "__main__":
    sys.exit(main())
