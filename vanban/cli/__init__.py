"""The ``vanban`` command (its group and policy: :mod:`vanban.cli.app`).

The entry point ``vanban.cli:main`` is a thin door: called with no arguments (the installed
``vanban`` script, ``python -m vanban``) it first asks the user's warm process
(:mod:`vanban.cli.warm_client`, standard library only) to run the command, and only when none
answers imports click and the command's modules here. Called with arguments, or used as a click
group (``CliRunner().invoke(main, …)``, ``main.commands``), it is the group itself.
"""
from __future__ import annotations

import sys
from typing import Any


def _group() -> Any:
    from vanban.cli.app import main as group
    return group


class _Entry:
    """``main``: the click group, reached without importing click until it is needed."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs:
            from vanban.cli.warm_client import forward
            code = forward(sys.argv)
            if code is not None:
                sys.exit(code)
        return _group()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(_group(), name)

    def __repr__(self) -> str:
        return "<vanban.cli.main>"


main = _Entry()


#: Names of the group's module offered here as before (submodules are found by the import system).
_FROM_APP = frozenset({"COMMANDS", "LazyGroup", "short_help"})


def __getattr__(name: str) -> Any:
    if name not in _FROM_APP:
        raise AttributeError(f"module 'vanban.cli' has no attribute {name!r}")
    import importlib
    return getattr(importlib.import_module("vanban.cli.app"), name)


__all__ = ["main", "COMMANDS"]
