"""One guarantee, every door that reaches it: a command run by the user's warm process
(vanban/cli/warm.py) is the command run in its own process — the same files, the same bytes on
stdout and stderr, the same exit code, in the client's folder, language and umask — and a warm
process that is stale, killed, stopped or idle is never noticed but as a slower command.

Doors: the command line (``python -m vanban``, the entry point ``vanban.cli:main``) and the
library (``vanban.cli.warm_client`` / ``vanban.cli.warm``: the protocol). The web editor runs
its work in its own long-lived process and does not go through the warm process (no cell).
In-process runs are ``VANBAN_CONVERTER_IDLE=0`` (no warm process, no service: today's one-shot)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from service_support import gone, runtime, text_of, wait_for  # noqa: F401

from vanban.cli import warm, warm_client

LETTER = DATA / "lai-chau-ldld-244-2024.yaml"
BAD = "so: 12\nloai: cong_van\n  trich_yeu: [\n"


def run(args, cwd, env, umask=None, **kw):
    return subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, cwd=cwd, env=env,
                          timeout=180, preexec_fn=(lambda: os.umask(umask)) if umask is not None else None, **kw)


def commands() -> int:
    return sum(info["commands"] for info in warm_client.status())


def pids() -> list[int]:
    return [info["pid"] for info in warm_client.status()]


@pytest.fixture
def env(runtime):
    """The environment of a clerk's command, the warm process started (by a first command) and
    stopped at the end; and the same for in-process runs."""
    warm_env = dict(os.environ, PYTHONPATH=str(ROOT), VANBAN_LANG="vi")
    subprocess.run([sys.executable, "-m", "vanban", "validate", str(LETTER)], env=warm_env, capture_output=True,
                   timeout=60)
    assert wait_for(lambda: warm_client.status()), "the first command started the warm process"
    yield warm_env
    started = pids()
    warm_client.stop()
    assert wait_for(lambda: all(gone(p) for p in started)), "the warm process ended"


def in_process(env: dict) -> dict:
    return dict(env, VANBAN_CONVERTER_IDLE="0")


def docx_facts(path: Path) -> list:
    """Every paragraph as Word shows it (vanban's one reader): its text, and each run's effective
    font, size and boldness."""
    from vanban.reading import word
    return [(p.text, [(r.text, r.fmt.font, r.fmt.size, r.fmt.bold) for r in p.runs]) for p in word.read(path).paragraphs]


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in out.splitlines() if line.startswith("Pages:")))


def folder_with_letter(base: Path, name: str) -> Path:
    where = base / name
    (where / "docs").mkdir(parents=True)
    shutil.copy(LETTER, where / "docs" / "thu.yaml")
    return where


# -- the command line ---------------------------------------------------------------------------
def test_a_good_letter_with_pdf_warm_is_the_letter_in_process(env, tmp_path):
    """Relative paths in the client's folder; the same stdout, stderr, exit code, .docx and PDF."""
    a, b = folder_with_letter(tmp_path, "warm"), folder_with_letter(tmp_path, "cold")
    before = commands()
    warm_run = run(["render", "docs/thu.yaml", "--pdf", "-o", "out/thu.docx"], a, env)
    assert commands() == before + 1, "it ran in the warm process"
    cold_run = run(["render", "docs/thu.yaml", "--pdf", "-o", "out/thu.docx"], b, in_process(env))
    assert (warm_run.returncode, warm_run.stdout, warm_run.stderr) == \
           (cold_run.returncode, cold_run.stdout, cold_run.stderr) == (0, b"docs/thu.yaml -> out/thu.docx, out/thu.pdf\n", b"")
    facts = docx_facts(a / "out" / "thu.docx")
    assert facts == docx_facts(b / "out" / "thu.docx")
    assert any("Hoàng Văn Trinh" in text for text, _runs in facts)
    assert {run[1] for _t, runs in facts for run in runs} == {"Times New Roman"}
    assert {run[2] for _t, runs in facts for run in runs} >= {13.0, 14.0}
    assert pages(a / "out" / "thu.pdf") == pages(b / "out" / "thu.pdf") >= 1
    assert text_of(a / "out" / "thu.pdf") == text_of(b / "out" / "thu.pdf")


SCRIPT = """#!{python}
import re
import sys
from vanban.cli import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
"""


def test_the_installed_script_warm_says_what_it_says_in_process(env, tmp_path):
    """The console script pip writes for ``vanban = vanban.cli:main``: the program's name in a
    usage error ("vanban render …") and the exit code are those of the command run in-process."""
    script = tmp_path / "bin" / "vanban"
    script.parent.mkdir()
    script.write_text(SCRIPT.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o755)
    before = commands()
    w = subprocess.run([str(script), "render"], capture_output=True, cwd=tmp_path, env=env, timeout=60)
    assert commands() == before + 1
    c = subprocess.run([str(script), "render"], capture_output=True, cwd=tmp_path, env=in_process(env), timeout=60)
    assert (w.returncode, w.stdout, w.stderr) == (c.returncode, c.stdout, c.stderr)
    assert w.returncode == 2 and w.stderr.decode().startswith("Cách dùng: vanban render [TÙY CHỌN] FILES...")
    ok = subprocess.run([str(script), "validate", str(LETTER)], capture_output=True, cwd=tmp_path, env=env, timeout=60)
    assert (ok.returncode, ok.stdout) == (0, f"{LETTER}: hợp lệ\n".encode()) and commands() == before + 2


def on_a_terminal(args, cwd, env) -> tuple[int, bytes]:
    """``vanban ARGS`` with a terminal (a pty) as stdin, stdout and stderr: exit code, what it showed."""
    import pty
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "vanban", *args], cwd=cwd, env=env, stdin=slave, stdout=slave,
                            stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:         # EIO: every holder of the terminal's other end has closed it
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return proc.wait(timeout=180), shown


def test_on_a_terminal_warm_shows_what_in_process_shows(env, tmp_path):
    """The command's terminal is the clerk's: progress and lines as in-process, byte for byte."""
    a, b = folder_with_letter(tmp_path, "warm"), folder_with_letter(tmp_path, "cold")
    before = commands()
    args = ["render", "docs/thu.yaml", "docs/thu.yaml", "--pdf", "-o", "out"]
    warm_shown = on_a_terminal(args, a, env)
    assert commands() == before + 1
    assert warm_shown == on_a_terminal(args, b, in_process(env))
    assert warm_shown[0] == 0 and b"out/thu-2.pdf" in warm_shown[1]


def test_bad_yaml_warm_is_one_vietnamese_line_and_exit_2_as_in_process(env, tmp_path):
    for name in ("warm", "cold"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "hong.yaml").write_text(BAD, encoding="utf-8")
    before = commands()
    w = run(["render", "hong.yaml", "--pdf", "-o", "out/hong.docx"], tmp_path / "warm", env)
    assert commands() == before + 1
    c = run(["render", "hong.yaml", "--pdf", "-o", "out/hong.docx"], tmp_path / "cold", in_process(env))
    assert (w.returncode, w.stdout, w.stderr) == (c.returncode, c.stdout, c.stderr)
    assert w.returncode == 2 and w.stderr.decode().startswith("hong.yaml:3") and b"Traceback" not in w.stderr
    assert "dòng" in w.stderr.decode() or "YAML" in w.stderr.decode()
    assert not (tmp_path / "warm" / "out").exists() or not any((tmp_path / "warm" / "out").iterdir())


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_language_is_each_commands_own(env, tmp_path, lang):
    """The warm process was started in Vietnamese; VANBAN_LANG of each command is honoured."""
    (tmp_path / "hong.yaml").write_text(BAD, encoding="utf-8")
    mine = dict(env, VANBAN_LANG=lang)
    before = commands()
    w = run(["validate", "hong.yaml"], tmp_path, mine)
    assert commands() == before + 1
    c = run(["validate", "hong.yaml"], tmp_path, in_process(mine))
    assert (w.returncode, w.stdout, w.stderr) == (c.returncode, c.stdout, c.stderr) and w.returncode == 2
    ok = run(["validate", str(LETTER)], tmp_path, mine)
    assert ok.stdout.decode().strip().endswith("ok" if lang == "en" else "hợp lệ")
    flag = run(["--lang", "en", "validate", str(LETTER)], tmp_path, dict(env, VANBAN_LANG="vi"))
    assert flag.stdout.decode().strip().endswith("ok")


@pytest.mark.parametrize("umask", [0o077, 0o022])
def test_files_are_made_with_the_clients_umask(env, tmp_path, umask):
    before = commands()
    done = run(["render", str(LETTER), "--pdf", "-o", "thu.docx"], tmp_path, env, umask=umask)
    assert done.returncode == 0 and commands() == before + 1
    for name in ("thu.docx", "thu.pdf"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask, name


def test_stale_code_never_runs_warm(runtime, tmp_path):
    """A copy of vanban: its warm process runs it; once a module of the copy changes, the next
    command runs the new code (in its own process, or in a new warm process), never the old."""
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "vanban", copy / "vanban", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", copy / "templates")
    env = dict(os.environ, PYTHONPATH=str(copy), VANBAN_LANG="en")
    run(["validate", str(LETTER)], tmp_path, env)
    assert wait_for(lambda: warm_client.status())
    [old] = warm_client.status()
    assert run(["validate", str(LETTER)], tmp_path, env).stdout.decode().strip().endswith(": ok")
    assert warm_client.status()[0]["commands"] == 1
    render_py = copy / "vanban" / "cli" / "render.py"
    render_py.write_text(render_py.read_text(encoding="utf-8").replace('_("{file}: ok")', '_("{file}: ok") + " (v2)"'),
                         encoding="utf-8")
    try:
        for _ in range(3):
            done = run(["validate", str(LETTER)], tmp_path, env)
            assert done.returncode == 0 and done.stdout.decode().strip().endswith(": ok (v2)"), done.stdout
        assert wait_for(lambda: gone(old["pid"])), "the stale warm process stopped"
        assert wait_for(lambda: warm_client.status() and warm_client.status()[0]["pid"] != old["pid"])
        assert run(["validate", str(LETTER)], tmp_path, env).stdout.decode().strip().endswith(": ok (v2)")
        assert warm_client.status()[0]["commands"] >= 1, "the new code runs warm"
    finally:
        started = pids()
        warm_client.stop()
        assert wait_for(lambda: all(gone(p) for p in started))


def test_no_warm_process_is_left_idle_seconds_after_the_last_command(runtime, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), VANBAN_CONVERTER_IDLE="2")
    run(["validate", str(LETTER)], tmp_path, env)
    assert wait_for(lambda: warm_client.status())
    [info] = warm_client.status()
    assert run(["validate", str(LETTER)], tmp_path, env).returncode == 0
    assert warm_client.status()[0]["commands"] == 1
    time.sleep(2 + warm.WATCH + 2)
    assert gone(info["pid"]) and not Path(info["socket"]).exists()


def test_idle_0_means_no_warm_process(runtime, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), VANBAN_CONVERTER_IDLE="0")
    for _ in range(2):
        assert run(["validate", str(LETTER)], tmp_path, env).returncode == 0
    time.sleep(1)
    assert warm_client.status() == [] and not list(runtime.glob("warm-*.sock"))


def test_converter_stop_ends_it_and_status_shows_it(env, tmp_path):
    [info] = warm_client.status()
    shown = run(["converter", "status"], tmp_path, env).stdout.decode()
    assert f"tiến trình chạy sẵn đang chạy: tiến trình {info['pid']}" in shown
    stopped = run(["converter", "stop"], tmp_path, env)
    assert "đã dừng tiến trình chạy sẵn" in stopped.stdout.decode()
    assert wait_for(lambda: gone(info["pid"])) and warm_client.status() == []


def test_a_killed_warm_process_is_replaced_unnoticed(env, tmp_path):
    [info] = warm_client.status()
    os.kill(info["pid"], signal.SIGKILL)
    assert wait_for(lambda: gone(info["pid"]))
    done = run(["render", str(LETTER), "--pdf", "-o", "a.docx"], tmp_path, env)
    assert (done.returncode, done.stderr) == (0, b"") and pages(tmp_path / "a.pdf") >= 1
    assert wait_for(lambda: warm_client.status() and warm_client.status()[0]["pid"] != info["pid"])
    again = run(["render", str(LETTER), "--pdf", "-o", "b.docx"], tmp_path, env)
    assert (again.returncode, again.stderr) == (0, b"") and warm_client.status()[0]["commands"] == 1


def test_two_commands_at_once_are_both_right(env, tmp_path):
    procs = [subprocess.Popen([sys.executable, "-m", "vanban", "render", str(LETTER), "--pdf", "-o", f"{n}.docx"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in "ab"]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0] and [e for _o, e in outs] == [b"", b""]
    assert [o for o, _e in outs] == [f"{LETTER} -> {n}.docx, {n}.pdf\n".encode() for n in "ab"]
    assert docx_facts(tmp_path / "a.docx") == docx_facts(tmp_path / "b.docx")
    assert "Hoàng Văn Trinh" in text_of(tmp_path / "a.pdf") and "Hoàng Văn Trinh" in text_of(tmp_path / "b.pdf")
    assert commands() >= 1


def _waiting_on_a_fifo(tmp_path, env):
    """``validate`` of a named pipe nobody writes: the command waits in its child; the child's pid."""
    fifo = tmp_path / "cho.yaml"
    if not fifo.exists():
        os.mkfifo(fifo)
    before = commands()
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "validate", "cho.yaml"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert wait_for(lambda: commands() == before + 1)
    [server] = pids()
    assert wait_for(lambda: _children(server))
    return proc, _children(server)[0]


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _on_the_fifo(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/wchan").read_text() == "wait_for_partner"
    except OSError:
        return False


def test_ctrl_c_and_sigterm_reach_the_command(env, tmp_path):
    proc, child = _waiting_on_a_fifo(tmp_path, env)
    assert wait_for(lambda: _on_the_fifo(child))
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    cold = subprocess.Popen([sys.executable, "-m", "vanban", "validate", "cho.yaml"], cwd=tmp_path,
                            env=in_process(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert wait_for(lambda: _on_the_fifo(cold.pid))
    cold.send_signal(signal.SIGINT)
    cold_out, cold_err = cold.communicate(timeout=30)
    assert (proc.returncode, out, err) == (cold.returncode, cold_out, cold_err) == (130, b"", "đã dừng theo yêu cầu\n".encode())
    assert wait_for(lambda: gone(child))
    proc, child = _waiting_on_a_fifo(tmp_path, env)
    assert wait_for(lambda: _on_the_fifo(child))
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGTERM and wait_for(lambda: gone(child))


def test_a_command_whose_process_dies_is_one_vietnamese_line(env, tmp_path):
    proc, child = _waiting_on_a_fifo(tmp_path, env)
    assert wait_for(lambda: _on_the_fifo(child)), "the command runs (a child killed before it starts: in-process)"
    os.kill(child, signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1 and out == b""
    assert err.decode() == "lệnh dừng đột ngột (tiến trình của lệnh bị kết thúc bởi tín hiệu 9)\n"


# -- the library: the protocol ------------------------------------------------------------------
def _ask(raw: bytes, fds=()) -> dict | None:
    [info] = warm_client.status()
    conn = warm_client.connect(info["socket"])
    assert conn is not None
    with conn:
        socket.send_fds(conn, [raw[:5]], list(fds)) if fds else conn.sendall(raw[:5])
        try:
            if raw[5:]:
                conn.sendall(raw[5:])
        except (BrokenPipeError, ConnectionResetError):
            pass        # refused on the head alone: the answer is already waiting to be read
        return warm_client.Lines(conn).next()


def test_protocol_ping_refusals_and_bounds(env, tmp_path):
    info = _ask(b"P")
    assert info["pid"] == pids()[0] and info["socket"].endswith(".sock") and info["idle"] == 600
    assert Path(info["socket"]).stat().st_mode & 0o777 == 0o600
    assert Path(info["socket"]).parent.stat().st_mode & 0o777 == 0o700
    big = warm_client.MAX_REQUEST + 1
    assert _ask(b"R" + struct.pack("!I", big), fds=(0, 1, 2)) == {"refused": "bad"}
    body = json.dumps({"v": warm_client.PROTOCOL, "fp": "not this code", "argv": ["vanban", "validate"]}).encode()
    assert _ask(b"R" + struct.pack("!I", len(body)) + body, fds=(0, 1, 2)) == {"refused": "other"}
    assert _ask(b"R" + struct.pack("!I", len(body)) + body) == {"refused": "bad"}, "no streams: refused"
    assert pids() == [info["pid"]], "a bad request does not stop it"


def test_protocol_forward_from_the_library(env, tmp_path):
    """``warm_client.forward`` in a process of its own (the entry point's search path): exit code
    and streams of the warm child; None (run it yourself) for a command that is not warm."""
    code = ("import sys; from vanban.cli import warm_client as w\n"
            f"print('not-warm', w.forward(['vanban', 'serve']), file=sys.stderr, flush=True)\n"
            f"sys.exit(w.forward(['vanban', 'render', {str(LETTER)!r}, '--pdf', '-o', 'f.docx']))")
    before = commands()
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0 and done.stderr == b"not-warm None\n", done.stderr
    assert done.stdout == f"{LETTER} -> f.docx, f.pdf\n".encode() and commands() == before + 1
    assert pages(tmp_path / "f.pdf") >= 1


def test_which_commands_go_warm():
    assert warm_client.command_of(["--lang", "en", "render", "x.yaml"]) == "render"
    assert warm_client.command_of(["--lang=en", "pdf"]) == "pdf"
    assert warm_client.command_of(["--help"]) is None and warm_client.command_of([]) is None
    assert {"render", "pdf"} <= warm_client.WARM and not {"serve", "converter", "sign"} & warm_client.WARM


def test_a_warm_process_that_ends_before_the_child_starts_is_not_noticed(runtime, tmp_path):
    """Something listens where the warm process would and hangs up on the request (a warm process
    dying as the command arrives): the command runs in its own process, same output, no word."""
    import threading
    runtime.mkdir(mode=0o700, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(warm_client.where(str(runtime))["sock"])
    listener.listen(4)
    heard = []

    def hang_up():
        for _ in range(2):
            conn, _addr = listener.accept()
            head, fds, _flags, _addr = socket.recv_fds(conn, 5, 3)
            heard.append(head[:1])
            for fd in fds:      # the command's stdout and stderr: held, its caller would wait forever
                os.close(fd)
            conn.close()
    threading.Thread(target=hang_up, daemon=True).start()
    env = dict(os.environ, PYTHONPATH=str(ROOT), VANBAN_LANG="vi")
    try:
        done = run(["validate", str(LETTER)], tmp_path, env)
        cold = run(["validate", str(LETTER)], tmp_path, in_process(env))
    finally:
        listener.close()
    assert heard == [b"R"], "the command asked the warm process first"
    assert (done.returncode, done.stdout, done.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    assert done.stdout == f"{LETTER}: hợp lệ\n".encode()


def test_templates_are_built_only_when_no_command_came_for_a_while():
    # A clerk's next command often follows at once: building templates then took the cores from it
    # (30 documents to PDF straight after the first command: 1.60x one soffice call, 2.07x now).
    from vanban.cli.warm import WARM_AFTER, WATCH, until_spare
    assert until_spare(False, 100.0) == WATCH
    assert until_spare(True, 0.0) == min(WATCH, WARM_AFTER)
    assert 0 < until_spare(True, WARM_AFTER - 0.5) <= 0.5
    assert until_spare(True, WARM_AFTER) == 0.0 and until_spare(True, WARM_AFTER + 9) == 0.0


def test_what_escapes_a_command_in_the_child_is_one_line_never_a_traceback(monkeypatch, capsys):
    # The group turns a command's failure into one line; anything that escapes it in the warm child
    # (its start, the output's set-up) is said the same way, and only VANBAN_DEBUG=1 shows a traceback.
    import atexit

    from vanban.cli import app, warm

    def broken(*_a, **_k):
        raise RuntimeError("data/thu.yaml: something nobody foresaw")
    monkeypatch.setattr(app.main, "main", broken)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: None)
    monkeypatch.setattr("vanban.cli.lang.unicode_output", lambda: None)
    monkeypatch.delenv("VANBAN_DEBUG", raising=False)
    assert warm.run_command(["vanban", "render", "thu.yaml"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "RuntimeError" not in err and len(err.strip().splitlines()) == 1, err
    monkeypatch.setenv("VANBAN_DEBUG", "1")
    assert warm.run_command(["vanban", "render", "thu.yaml"]) == 1
    assert "Traceback" in capsys.readouterr().err
