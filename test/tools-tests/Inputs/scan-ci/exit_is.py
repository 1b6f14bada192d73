"""exit_is.py CODE CMD...: runs CMD and fails
unless it exits with CODE."""
import subprocess
import sys

want = int(sys.argv[1])
got = subprocess.run(sys.argv[2:]).returncode
if got != want:
    sys.exit("exit %d, expected %d: %s" % (got, want, " ".join(sys.argv[2:])))
