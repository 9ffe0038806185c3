"""Child processes die with the kit process that started them, even when it is killed outright (SIGKILL)."""
from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int, sig: int = signal.SIGTERM) -> None:
    """Have Linux send `sig` to this process when `parent` dies; if it already has, go at once."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, sig)
    if os.getppid() != parent:
        os._exit(1)


def tied_to_me():
    """A Popen `preexec_fn` that ties the child's life to this process."""
    parent = os.getpid()
    return lambda: die_with_parent(parent)
