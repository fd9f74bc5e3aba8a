#!/usr/bin/env python3
"""cputime.py OUT CMD...: runs CMD, then writes the CPU seconds (user + system) it and its
children used to OUT. Its exit code is CMD's."""
import resource
import subprocess
import sys

code = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_utime + usage.ru_stime:.3f}\n")
sys.exit(code)
