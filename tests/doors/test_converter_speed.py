"""What a command pays outside LibreOffice when it goes through the converter service (issue 24),
through the command line and the library:

- a command that only converts (``vanban pdf`` with the service running) and the service's own
  process load none of the model's and the templates' libraries (pydantic, docx, Jinja, YAML);
- a command that renders starts the service and renders while it boots (``connect(wait=False)``);
  a start that fails falls back to LibreOffice in the command's own process, the PDF made all the same;
- on Windows there is no service (its door, a named pipe, is not built): every command converts on
  its own, as with ``VANBAN_CONVERTER_IDLE=0``, and ``vanban converter status`` says so.
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading

from click.testing import CliRunner

import vanban
from conftest import DATA, ROOT
from service_support import runtime, service, text_of, web_pdf_download  # noqa: F401

LETTER = DATA / "lai-chau-ldld-244-2024.yaml"
HEAVY = ("pydantic", "docx", "docxtpl", "jinja2", "yaml")
SUPPORTED = service.supported


def loaded_after(code: str) -> list[str]:
    """The heavy libraries a fresh interpreter holds after running ``code``."""
    script = f"import sys\n{code}\nprint(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=180).stdout
    return eval(out.strip().splitlines()[-1])


def letter(tmp_path, name="thu.docx"):
    path = tmp_path / name
    vanban.render(vanban.load(LETTER), path)
    return path


# -- only what converting needs -------------------------------------------------------------------

def test_cli_pdf_with_the_service_running_loads_no_model_nor_templates(runtime, tmp_path):
    docx = letter(tmp_path)
    assert service.connect() is not None
    code = ("from vanban.cli import main\ntry:\n    main(['pdf', %r])\nexcept SystemExit as e:\n    assert not e.code, e.code"
            % str(docx))
    assert loaded_after(code) == []
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text_of(docx.with_suffix(".pdf"))
    assert service.status()["documents"] >= 1, "the running service converted it"


def test_library_converter_modules_and_the_service_process_load_no_model_nor_templates():
    assert loaded_after("import vanban.deliver.pdf, vanban.deliver.service, vanban.deliver.service_daemon, "
                        "vanban.deliver.lo_jail, vanban.deliver.converter") == []


def test_the_lazy_packages_give_the_same_objects_as_their_modules():
    from vanban.deliver import Job, deliver, write_atomic
    from vanban.deliver.batch import Job as batch_job
    from vanban.deliver.files import write_atomic as files_write
    from vanban.deliver.pipeline import deliver as pipeline_deliver
    from vanban.model import InputError, Problem, VanBan, load_file
    from vanban.model import loader, problems, schema
    assert (Job, deliver, write_atomic) == (batch_job, pipeline_deliver, files_write)
    assert InputError is loader.InputError is problems.InputError and Problem is loader.Problem
    assert VanBan is schema.VanBan and load_file is loader.load_file
    err = pickle.loads(pickle.dumps(InputError([Problem("a.yaml", 3, "so", "bad")])))
    assert isinstance(err, InputError) and str(err) == "a.yaml:3: so: bad"
    import vanban.model as model
    try:
        model.nothing_of_the_kind
    except AttributeError as exc:
        assert "nothing_of_the_kind" in str(exc)
    else:
        raise AssertionError("an unknown name is an AttributeError")


# -- the service boots while the command renders -----------------------------------------------------

def test_library_deliver_starts_the_service_renders_meanwhile_and_converts_through_it(runtime, tmp_path):
    from vanban.deliver import Job, deliver
    assert service.status() is None
    [outcome] = deliver([Job(vanban.load(LETTER), str(tmp_path / "a.docx"))], pdf=True)
    assert outcome.status == "ok" and outcome.pdf
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text_of(outcome.pdf)
    assert service.status()["documents"] == 1, "the service it started converted the document"


def test_a_pending_start_answers_at_once_and_its_first_request_waits(runtime, tmp_path):
    docx = letter(tmp_path)
    pending = service.connect(wait=False)
    assert pending is not None and pending.info == {}, "returned before the service answered"
    other: list = []
    # Another command meanwhile waits on the start lock and finds the same service: never a second one.
    thread = threading.Thread(target=lambda: other.append(service.connect()))
    thread.start()
    out = pending.to_pdf(docx, tmp_path / "a.pdf")
    thread.join(60)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text_of(out)
    assert pending.info["pid"] == other[0].info["pid"]


def test_a_start_that_fails_falls_back_to_the_commands_own_libreoffice(runtime, tmp_path):
    from vanban.deliver.pdf import convert
    docx = letter(tmp_path)
    runtime.mkdir(mode=0o700, exist_ok=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])     # a service process that ended at once
    dead.wait()
    client = service.Client(runtime / "converter.sock", {}, pending=(dead, open(runtime / "converter.lock", "a+b")))
    [result] = convert([docx], converter=client)
    assert result.status == "ok", result.error
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text_of(result.output)
    assert service.status() is None, "no service was started by the fallback"


# -- Windows: explicitly one-shot ---------------------------------------------------------------------

def test_the_platform_check_is_a_pure_function():
    assert service.supported("posix", True)
    assert not service.supported("nt", True), "Windows: no service, even where Python has AF_UNIX"
    assert not service.supported("nt", False)
    assert not service.supported("posix", False)


def test_library_on_windows_connect_is_none_and_pdf_converts_one_shot(runtime, tmp_path, monkeypatch):
    from vanban.deliver.pdf import convert
    monkeypatch.setattr(service, "supported", lambda *a: False)
    docx = letter(tmp_path)
    assert service.connect() is None and not service.enabled()
    [result] = convert([docx])
    assert result.status == "ok", result.error
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text_of(result.output)
    monkeypatch.setattr(service, "supported", SUPPORTED)
    assert service.enabled() and service.status() is None, "no service was started"


def test_cli_on_windows_status_says_so_and_pdf_converts_without_a_service(runtime, tmp_path, monkeypatch):
    from vanban.cli import main
    monkeypatch.setattr(service, "supported", lambda *a: False)
    docx = letter(tmp_path)
    said = CliRunner().invoke(main, ["converter", "status"])
    assert said.exit_code == 0 and "Windows" in said.output
    made = CliRunner().invoke(main, ["pdf", str(docx)])
    assert made.exit_code == 0, made.output
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text_of(docx.with_suffix(".pdf"))
    monkeypatch.setattr(service, "supported", SUPPORTED)
    assert service.enabled() and service.status() is None, "no service was started"


# -- a LibreOffice profile seeded from the first start: no restart to register extensions -------------

def test_a_seeded_profile_gets_only_the_extensions_and_our_settings(tmp_path):
    from vanban.deliver import lo_jail
    seed = tmp_path / "seed"
    (seed / "bundled").mkdir(parents=True)
    (seed / "buildid").write_text("40(Build:2)")
    (tmp_path / "secret").write_text("not for LibreOffice")
    (seed / "link").symlink_to(tmp_path / "secret")
    lo_jail.make_profile(tmp_path / "p", seed)
    user = tmp_path / "p" / "user"
    assert (user / "registrymodifications.xcu").read_text(encoding="utf-8") == lo_jail.registry_xcu()
    assert (user / "extensions" / "buildid").read_text() == "40(Build:2)"
    assert (user / "extensions" / "link").is_symlink(), "a link is copied as a link, never followed"
    assert sorted(p.name for p in user.iterdir()) == ["extensions", "registrymodifications.xcu"]


def test_library_converter_keeps_a_seed_and_the_next_starts_from_it(tmp_path):
    from vanban.deliver.converter import Converter
    docx, seed = letter(tmp_path), tmp_path / "seed"
    with Converter(1, profile_seed=seed) as first:
        first.to_pdf(docx, tmp_path / "a.pdf")
    assert (seed / "buildid").is_file(), "LibreOffice's registration of its extensions was kept"
    with Converter(1, profile_seed=seed) as second:
        out = second.to_pdf(docx, tmp_path / "b.pdf")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text_of(out)


def test_cli_the_service_seeds_its_profiles_in_the_users_folder(runtime, tmp_path):
    from vanban.cli import main
    docx = letter(tmp_path)
    assert CliRunner().invoke(main, ["pdf", str(docx)]).exit_code == 0
    [seed] = runtime.glob("profile-seed-*")
    assert (seed / "buildid").is_file()
    service.stop()
    docx.with_suffix(".pdf").unlink()
    assert CliRunner().invoke(main, ["pdf", str(docx)]).exit_code == 0, "a service started from the seed converts"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text_of(docx.with_suffix(".pdf"))


def test_library_the_service_is_handed_the_bridge_its_starter_found(runtime):
    from vanban.deliver.instance import uno_python
    client = service.connect()
    with open(f"/proc/{client.info['pid']}/cmdline", "rb") as fh:
        argv = fh.read().split(b"\0")[:-1]
    assert argv[-1].decode() == uno_python(), "started with the bridge, so it does not look again"


def test_web_on_windows_the_pdf_download_converts_without_a_service(runtime, tmp_path, monkeypatch):
    monkeypatch.setattr(service, "supported", lambda *a: False)
    got = web_pdf_download(tmp_path, LETTER)
    assert got.status_code == 200 and got.data[:5] == b"%PDF-"
    pdf = tmp_path / "got.pdf"
    pdf.write_bytes(got.data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text_of(pdf)
    monkeypatch.setattr(service, "supported", SUPPORTED)
    assert service.status() is None, "the editor converted in its own LibreOffice"


def test_a_seed_that_cannot_be_kept_is_no_error(tmp_path):
    from vanban.deliver import lo_jail
    profile = tmp_path / "p"
    (profile / "user" / "extensions").mkdir(parents=True)
    (profile / "user" / "extensions" / "buildid").write_text("x")
    lo_jail.keep_seed(profile, tmp_path / "no such folder" / "seed")
    assert not (tmp_path / "no such folder").exists()
    lo_jail.keep_seed(profile, tmp_path / "seed")
    assert (tmp_path / "seed" / "buildid").read_text() == "x"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("seed.")] == [], "no half-made copy left"


# -- a vanban upgrade (a fixed sanitizer) reaches a running service ----------------------------------

def test_library_an_upgraded_sanitizer_stops_the_old_service_and_the_next_command_gets_a_new_one(runtime, tmp_path):
    from pathlib import Path
    from service_support import gone, wait_for
    sanitizer = Path(service.__file__).with_name("sanitize.py")
    before = sanitizer.stat()
    old = service.connect().info
    try:
        os.utime(sanitizer, ns=(before.st_atime_ns, before.st_mtime_ns + 10**11))    # "upgraded"
        assert service.fingerprint() != old["fingerprint"]
        assert wait_for(lambda: gone(old["pid"]), 20), "the service saw its code change and stopped"
        docx = letter(tmp_path)
        from vanban.deliver.pdf import convert
        [result] = convert([docx])
        assert result.status == "ok" and service.status()["pid"] != old["pid"]
    finally:
        os.utime(sanitizer, ns=(before.st_atime_ns, before.st_mtime_ns))
