"""How LibreOffice is started: offline, links never updated, no macros, its litter kept in one place.

The documents it converts come from anyone, so even after :mod:`vanban.deliver.sanitize`
LibreOffice itself is run as if the document were hostile:

- in a network namespace of its own (``unshare -rn``) where there is no network
  at all, when the system allows it; elsewhere every proxy points to a closed port;
- with a throw-away profile whose settings never update links or fields,
  block remote content ("stealth mode") and refuse macros;
- with ``TMPDIR`` inside that throw-away folder, so its ``lu*.tmp`` folders
  are removed with it.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

#: Closed port on this machine: a proxy that answers nothing.
_NOWHERE = "http://127.0.0.1:9"

_SETTINGS = {
    # Writer: never update links (0), do not recompute fields from outside on load.
    "/org.openoffice.Office.Writer/Content/Update": {"Link": ("int", 0), "Field": ("boolean", "false")},
    "/org.openoffice.Office.Calc/Content/Update": {"Link": ("int", 0)},
    # "Stealth mode": content linked from untrusted places is not fetched; no macros run.
    "/org.openoffice.Office.Common/Security/Scripting": {
        "BlockUntrustedRefererLinks": ("boolean", "true"), "MacroSecurityLevel": ("int", 3),
        "DisableMacrosExecution": ("boolean", "true")},
    # A manual proxy that does not exist, in case the network namespace could not be had.
    "/org.openoffice.Inet/Settings": {
        "ooInetProxyType": ("int", 2), "ooInetNoProxy": ("string", ""),
        **{f"ooInet{p}ProxyName": ("string", "127.0.0.1") for p in ("HTTP", "HTTPS", "FTP")},
        **{f"ooInet{p}ProxyPort": ("int", 9) for p in ("HTTP", "HTTPS", "FTP")}},
    "/org.openoffice.Office.Common/Misc": {"UseLocking": ("boolean", "false")},
}


def registry_xcu() -> str:
    """The ``registrymodifications.xcu`` of the throw-away profile."""
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
        for path, props in _SETTINGS.items() for name, (_type, value) in props.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            f"{items}</oor:items>\n")


def make_profile(folder: Path) -> str:
    """Create a LibreOffice profile in ``folder`` with the settings above; its
    ``-env:UserInstallation`` URL."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(registry_xcu(), encoding="utf-8")
    return folder.resolve().as_uri()


@functools.lru_cache(maxsize=1)
def offline_prefix() -> tuple[str, ...]:
    """``("unshare", "-rn")`` when this system lets a process have a network namespace of its own
    (no interface but a loopback that is down), else nothing."""
    exe = shutil.which("unshare")
    if not exe or os.environ.get("VANBAN_NO_UNSHARE") == "1":
        return ()
    try:
        ok = subprocess.run([exe, "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return (exe, "-rn") if ok else ()


def environment(scratch: Path) -> dict[str, str]:
    """The environment LibreOffice runs in: temporary files under ``scratch``, every proxy nowhere."""
    scratch.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    for name in ("TMPDIR", "TMP", "TEMP"):
        env[name] = str(scratch)
    for name in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy"):
        env[name] = env[name.upper()] = _NOWHERE
    env["no_proxy"] = env["NO_PROXY"] = ""
    return env


def command(exe: str, profile_url: str, *args: str) -> list[str]:
    """The full LibreOffice command line: offline when possible, the given profile, headless."""
    return [*offline_prefix(), exe, f"-env:UserInstallation={profile_url}", "--headless", "--norestore",
            "--nologo", "--nodefault", "--nolockcheck", *args]


__all__ = ["registry_xcu", "make_profile", "offline_prefix", "environment", "command"]
