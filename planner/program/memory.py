"""Provides settling a long-running process once its program is loaded: fewer collector pauses, memory handed back.

A 20,000-paper program is a couple of hundred thousand objects that live as long as the app and
form no reference cycles. Left in the collector's view, every full collection walks them all
(50 ms on a 20,000-paper program) while the app lays the program out, searches or scrolls; frozen,
they are skipped. Reference counting still frees them as usual. Parsing the file also leaves
tens of megabytes freed but held by the C allocator; glibc gives them back when asked.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys


def settle() -> None:
    """Call once the program is loaded, in a process that keeps it (the TUI), not in a library call."""
    gc.freeze()
    if sys.platform == "linux":
        # Not glibc (musl has no malloc_trim): nothing to hand back this way.
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
