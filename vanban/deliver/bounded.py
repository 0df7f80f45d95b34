"""Work a web request starts, run in a child process under a time and a memory limit.

A server thread that reads an uploaded document could be made to take
gigabytes (a zip bomb) or minutes (a scan of a thousand pages) by whoever
uploads it, and the server with it. :func:`run_bounded` runs such work in a
child Python instead: its address space capped (``RLIMIT_AS``) before it reads
anything, killed with every program it started at its timeout (and, should the
server itself be killed, ended by its own alarm). The server waits holding
nothing but the answer.

The child is a fresh interpreter running this file, not a fork: it inherits no
server thread, lock or socket, and needs no ``if __name__ == "__main__"`` guard
from whatever program runs the server. The function and its arguments go to it
pickled on its stdin (a module-level function, paths, bytes), the answer comes
back pickled on its stdout, which the work's own prints are moved off. A child costs a Python start and the imports of its work (~0.7 s for
``import``): fit for an upload, not for work done on every keystroke.
"""
from __future__ import annotations

import math
import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Optional

import vanban.i18n as i18n
from vanban.i18n import _

#: The package's folder's parent: the child finds this vanban first, installed or not.
_HOME = str(Path(__file__).resolve().parents[2])


class WorkLimit(RuntimeError):
    """The work went past its time or memory limit, or its process died; the message says which."""


class WorkFailed(RuntimeError):
    """The work raised an exception that could not be sent back as itself; its message is kept."""


def run_bounded(func: Callable, *args: Any, timeout: float, memory_mb: int, **kwargs: Any) -> Any:
    """``func(*args, **kwargs)`` in a child process: its result, or the exception it raised
    (re-raised here as itself), or :class:`WorkLimit` when it ran past ``timeout`` seconds,
    ran out of its ``memory_mb`` of address space, or died. Nothing of it runs when this returns."""
    # Two pickles: the bounds, read before the cap is set, then the work, unpickled under it.
    payload = pickle.dumps((list(sys.path), i18n.language(), memory_mb, timeout)) + pickle.dumps((func, args, kwargs))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([_HOME, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    from vanban.deliver.lo_jail import kill
    # This file as a script: the child imports what the work needs, not the delivery package.
    proc = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            env=env, start_new_session=True)
    try:
        blob = proc.communicate(payload, timeout=timeout)[0]
    except subprocess.TimeoutExpired:
        raise WorkLimit(_("the work took longer than {n} s and was stopped").format(n=f"{timeout:g}")) from None
    finally:
        kill(proc)          # its whole session: Tesseract, pdftoppm … it started too
    if not blob:
        raise WorkLimit(_died(proc.returncode, memory_mb))
    kind, value = pickle.loads(blob)
    if kind == "ok":
        return value
    if kind == "memory":
        raise WorkLimit(_memory(memory_mb))
    if kind == "unpicklable":
        raise WorkFailed(value)
    raise value




def _memory(memory_mb: int) -> str:
    return _("the work needed more than {mb} MB of memory and was stopped").format(mb=memory_mb)


def _died(exitcode: Optional[int], memory_mb: int) -> str:
    # Killed by a signal: the kernel's out-of-memory killer (-9), an allocation that failed inside a
    # C library (-6, -11): the memory cap, most often.
    if exitcode is not None and exitcode < 0:
        return _memory(memory_mb)
    return _("the work stopped unexpectedly (exit status {n})").format(n=exitcode)


def _round_trips(exc: BaseException) -> bool:
    """Whether ``exc`` comes back from pickle as itself (an exception whose ``__init__`` takes
    other arguments than its ``args`` does not)."""
    try:
        back = pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001
        return False
    return type(back) is type(exc) and str(back) == str(exc)


def child_main() -> None:
    """The child's side: cap, read the work from stdin, run it, send the answer."""
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        del sys.path[0]     # run as a script: its folder's modules are no top-level modules
    out = os.fdopen(os.dup(1), "wb")     # the answer's way back (not inherited by what the work starts)
    os.dup2(2, 1)       # what the work prints goes to stderr, never into the answer
    path, lang, memory_mb, timeout = pickle.load(sys.stdin.buffer)
    _cap(memory_mb)
    # Should the parent be killed outright, nobody kills this child at its timeout: it does.
    if hasattr(signal, "alarm"):
        signal.alarm(max(1, math.ceil(timeout)) + 5)
    sys.path[:0] = [p for p in path if p not in sys.path]
    i18n.set_language(lang)
    try:
        func, args, kwargs = pickle.load(sys.stdin.buffer)
        answer = ("ok", func(*args, **kwargs))
    except MemoryError:
        answer = ("memory", None)
    except BaseException as exc:  # noqa: BLE001 - sent back to the parent, which decides
        answer = ("error", exc) if _round_trips(exc) else ("unpicklable", str(exc))
    try:
        blob = pickle.dumps(answer)
    except MemoryError:
        blob = pickle.dumps(("memory", None))
    except Exception as exc:  # noqa: BLE001 - a result that does not pickle: say so, never a traceback
        blob = pickle.dumps(("unpicklable", f"{type(exc).__name__}: {exc}"))
    out.write(blob)
    out.close()


def _cap(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:     # pragma: no cover - Windows: the timeout bounds it, not its memory
        return
    limit = memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


__all__ = ["run_bounded", "child_main", "WorkLimit", "WorkFailed"]

if __name__ == "__main__":
    child_main()
