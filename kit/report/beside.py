"""One output written on a second process while this one writes the others (a county's 台账 takes seconds)."""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def beside(task: Callable[[], T], parallel: bool = True) -> Callable[[], T]:
    """Start `task` on a forked copy of this process; the returned function waits for its result and raises what
    it raised. Where the platform cannot fork, or `parallel` is false, the task runs when its result is asked for."""
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        return task
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(task, send), daemon=True)
    child.start()
    send.close()

    def result() -> T:
        try:
            outcome = receive.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            outcome = None
        finally:
            receive.close()
            child.join()
        if outcome is None:
            raise RuntimeError(f"exit code {child.exitcode}")
        ok, value = outcome
        if not ok:
            raise value
        return value

    return result


def _run(task: Callable[[], object], send) -> None:
    try:
        outcome: tuple[bool, object] = (True, task())
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, exc)
    try:
        send.send(outcome)
    except Exception as exc:  # noqa: BLE001 - an exception that does not pickle still reaches the parent as text
        send.send((False, RuntimeError(repr(outcome[1]) if not outcome[0] else repr(exc))))
    finally:
        send.close()
