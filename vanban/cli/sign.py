"""``vanban sign`` and ``vanban verify``: a prepared PDF signed with a .p12 file or a token, and
the signatures of PDFs reported. The work is :mod:`vanban.sign`'s; these read options and secrets."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import click

from vanban.cli.common import fail, refuse_outputs
from vanban.i18n import _
from vanban.sign.child import TIMEOUT

#: The environment variable a .p12's password is read from (never a command-line argument).
P12_PASSWORD = "VANBAN_P12_PASSWORD"


@click.command("sign")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="The signed PDF.")
@click.option("--pkcs12", "p12", type=click.Path(path_type=Path),
              help="Sign with this .p12/.pfx file (password from VANBAN_P12_PASSWORD or asked).")
@click.option("--pkcs11", "lib", type=click.Path(path_type=Path),
              help="Sign with a token through this PKCS#11 module (.so, .dll); the PIN is asked.")
@click.option("--token-label", help="The token's label (with --pkcs11).")
@click.option("--key-label", help="The key's label on the token (default: its only key).")
@click.option("--field", help="The signature field to sign (default: the PDF's only empty one).")
@click.option("--image", type=click.Path(path_type=Path), help="The signer's signature image (blue), shown in the signature.")
@click.option("--van-thu", is_flag=True, help="The văn thư's step: number, date and seal on a signed draft, signed as the agency.")
@click.option("--so", "number", type=click.IntRange(1), help="The number issued (with --van-thu).")
@click.option("--ngay", "day", help="The date issued, dd/mm/yyyy (with --van-thu).")
@click.option("--tu-so-dang-ky", "register_url", metavar="DB",
              help="Take the number and today's date from this register and record the signed PDF in it "
                   "(with --van-thu, instead of --so and --ngay).")
@click.option("--con-dau", "seal", type=click.Path(path_type=Path), help="The agency's seal image, PNG with transparency (with --van-thu).")
@click.option("--timeout", type=click.FloatRange(1), default=TIMEOUT, show_default=True,
              help="Seconds the token (or .p12) may take to sign before the command gives up.")
def sign_command(file: Path, output: Path, p12: Optional[Path], lib: Optional[Path], token_label: Optional[str],
                 key_label: Optional[str], field: Optional[str], image: Optional[Path], van_thu: bool,
                 number: Optional[int], day: Optional[str], register_url: Optional[str], seal: Optional[Path],
                 timeout: float) -> None:
    """Sign a PDF made with vanban pdf --for-signing (PAdES), with a .p12 file or a token; with
    --van-thu add the number, date and seal to a signed draft and sign as the agency."""
    from vanban.sign import SignError, child
    if (p12 is None) == (lib is None):
        raise click.UsageError(_("give one of --pkcs12 FILE or --pkcs11 LIB --token-label LABEL"))
    if lib is not None and not token_label:
        raise click.UsageError(_("--pkcs11 needs --token-label"))
    if not file.is_file():
        fail(_("{file}: no such file").format(file=file))
    issued = _van_thu_options(van_thu, number, day, seal, register_url)
    refuse_outputs([output], [file, *([p12] if p12 else []), *([image] if image else []), *([seal] if seal else [])])
    if file.suffix.lower() == ".edxml" and (van_thu or field or image):
        raise click.UsageError(_("an edXML message is signed whole: no --van-thu, --field or --image"))
    key = _key(p12, lib, token_label, key_label)
    try:
        if file.suffix.lower() == ".edxml":         # the envelope's XML-DSig (QCVN 102:2016)
            child.sign_message_file(key, file, output, timeout)
        elif register_url is not None:
            _from_register(key, file, output, register_url, seal, timeout)
            return
        elif issued is not None:
            child.stamp_file(key, file, output, number, issued, seal, timeout)
        else:
            child.sign_file(key, file, output, field, image, timeout)
    except SignError as exc:
        fail(str(exc))
    click.echo(f"{file} -> {output}")


def _key(p12: Optional[Path], lib: Optional[Path], token_label: Optional[str], key_label: Optional[str]):
    """The key as the signing child opens it; the password or PIN read here, never an argument."""
    from vanban.sign.child import Key
    if p12 is not None:
        secret = os.environ.get(P12_PASSWORD)
        if secret is None:
            secret = click.prompt(_("Password of {file}").format(file=p12), hide_input=True, default="",
                                  show_default=False, err=True)
        return Key(p12=str(p12), password=secret)
    pin = click.prompt(_("PIN of token {label}").format(label=token_label), hide_input=True, err=True)
    return Key(lib=str(lib), token_label=token_label, pin=pin, key_label=key_label)


def _from_register(key, file: Path, output: Path, register_url: str, seal: Path, timeout: float) -> None:
    """``--van-thu --tu-so-dang-ky``: the number and date from the register, the stamped PDF recorded."""
    from vanban.cli.register import clerk_errors
    from vanban.decree import vn
    from vanban.register import Register
    from vanban.register.signed import issue_signed
    from vanban.sign import SignError, child
    from vanban.sign.vanthu import stampable

    def stamp(pdf: bytes, number: int, date) -> bytes:
        return child.stamp_bytes(key, pdf, number, date, seal, str(file), timeout)

    def check(pdf: bytes, date) -> None:
        stampable(pdf, date, str(file))

    try:
        with clerk_errors(str(file)), Register(register_url) as register:
            done = issue_signed(file, output, register, stamp, check=check)
    except SignError as exc:
        fail(str(exc))
    entry = done.entry
    click.echo(f"{file}: Số {entry.so_ky_hieu}, {vn.short_date(entry.issued_on)} -> {output}"
               + (_(" (finished an interrupted issue)") if done.resumed else ""))


def _van_thu_options(van_thu: bool, number: Optional[int], day: Optional[str], seal: Optional[Path],
                     register_url: Optional[str] = None):
    """The date the văn thư gives (None without --van-thu, or when the register gives it); a usage
    error when an option is missing or two contradict."""
    import datetime as dt

    from vanban.decree.vn import parse_typed_date
    if not van_thu:
        if number is not None or day or seal is not None or register_url is not None:
            raise click.UsageError(_("--so, --ngay, --tu-so-dang-ky and --con-dau go with --van-thu"))
        return None
    if register_url is not None:
        if number is not None or day:
            raise click.UsageError(_("--tu-so-dang-ky gives the number and the date: no --so, no --ngay"))
        if seal is None:
            raise click.UsageError(_("--van-thu needs --con-dau SEAL.png"))
        if not seal.is_file():
            fail(_("{file}: no such file").format(file=seal))
        return None
    if number is None or not day or seal is None:
        raise click.UsageError(_("--van-thu needs --so N, --ngay dd/mm/yyyy and --con-dau SEAL.png"))
    if not seal.is_file():
        fail(_("{file}: no such file").format(file=seal))
    parsed = parse_typed_date(day)
    try:
        return dt.date(*parsed) if parsed and all(parsed) else dt.date(0, 0, 0)
    except (ValueError, TypeError):
        raise click.UsageError(_("--ngay {day}: not a date (dd/mm/yyyy)").format(day=day)) from None


@click.command("verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="The report's form.")
@click.option("--trust", "trust", multiple=True, type=click.Path(path_type=Path),
              help="Trusted root certificates (PEM or DER; repeatable). Without it the chain is not checked.")
@click.option("--pdfa", is_flag=True, help="Also check the PDF/A-2b rules signing and stamping can break "
                                           "(identification, output intent, embedded fonts, annotations).")
def verify_command(files: tuple[Path, ...], fmt: str, trust: tuple[Path, ...], pdfa: bool = False) -> None:
    """Who signed each PDF, whether it is intact and what was added after. Exit 0 all intact, 1 broken or changed, 2 unreadable."""
    from vanban.sign import SignError
    from vanban.sign.verify import describe, load_certificates, verify_file
    try:
        roots = load_certificates(trust) if trust else None
    except SignError as exc:
        fail(str(exc))
    messages = [f for f in files if f.suffix.lower() == ".edxml"]
    status = max([_verify_message(f) for f in messages], default=0)
    files = tuple(f for f in files if f not in messages)
    if not files:
        sys.exit(status)
    reports = [verify_file(f, roots) for f in files]
    archival = {r.file: _pdfa(Path(r.file)) for r in reports if pdfa and not r.error}
    if fmt == "json":
        click.echo(json.dumps([dict(r.as_dict(), **({"pdfa": archival[r.file]} if r.file in archival else {}))
                               for r in reports], ensure_ascii=False, indent=2))
    else:
        for r in reports:
            if r.error:
                click.echo(f"{r.file}: {r.error}", err=True)
            elif not r.signatures:
                click.echo(_("{file}: not signed").format(file=r.file))
            for s in r.signatures:
                click.echo(f"{r.file}: " + "\n".join(describe(s)))
            if r.file in archival:
                for problem in archival[r.file]["problems"] or [_("no problem found")]:
                    click.echo(f"{r.file}: PDF/A-2b: {problem}")
                click.echo(_("{file}: PDF/A-2b: not checked: {what}").format(
                    file=r.file, what=", ".join(archival[r.file]["not_checked"])))
    if any(r.error for r in reports) or status == 2:
        sys.exit(2)
    if not all(r.ok and r.signatures for r in reports) or any(a["problems"] for a in archival.values()) or status:
        sys.exit(1)


def _verify_message(path: Path) -> int:
    """An edXML message's XML-DSig reported on stdout: 0 intact, 1 changed or unsigned, 2 unreadable."""
    from vanban.sign import SignError
    from vanban.sign.xmldsig import check_message
    try:
        checked = check_message(path.read_bytes())
    except (OSError, SignError) as exc:
        click.echo(f"{path}: {getattr(exc, 'strerror', None) or exc}", err=True)
        return 2
    if checked is None:
        click.echo(_("{file}: not signed").format(file=path))
        return 1
    click.echo(_("{file}: edXML signed by {who} (serial {serial}); {state}; not checked against a trust list").format(
        file=path, who=checked.subject, serial=checked.serial,
        state=_("intact") if checked.intact else _("CHANGED after signing")))
    return 0 if checked.intact else 1


def _pdfa(path: Path) -> dict:
    """The PDF/A-2b rules vanban checks (:mod:`vanban.sign.pdfa`): what breaks them, what is not checked."""
    from vanban.sign.pdfa import NOT_CHECKED, problems
    try:
        found = problems(path.read_bytes())
    except OSError as exc:
        found = [exc.strerror or str(exc)]
    return {"problems": found, "not_checked": [_(x) for x in NOT_CHECKED]}


def for_signing_command(files: tuple[Path, ...], signer: Optional[str]) -> None:
    """``vanban pdf --for-signing``: each .docx or .yaml to a PDF/A-2b beside it with its signature field."""
    from vanban.cli.inputs import DOCX, YAML, reject_wrong
    from vanban.model import InputError
    from vanban.sign import SignError
    from vanban.sign.prepare import for_signing
    good, wrong = reject_wrong(files, DOCX + YAML, _("a Word document (.docx) or a .yaml document"))
    for msg in wrong:
        click.echo(msg, err=True)
    refuse_outputs([f.with_suffix(".pdf") for f in good], files)
    failed = 0
    for src in good:
        try:
            place = for_signing(src, src.with_suffix(".pdf"), signer)
        except (SignError, InputError) as exc:
            click.echo(str(exc), err=True)
            failed += 1
            continue
        for one in (place, *place.others):
            click.echo(_("{file} -> {pdf} (signature field {name} on page {page})").format(
                file=src, pdf=src.with_suffix(".pdf"), name=one.name, page=one.page + 1))
    if wrong:
        sys.exit(2)
    if failed:
        sys.exit(1)


def signed_by(src: Path) -> list[str]:
    """``FILE: signed by WHO (TIME)`` for each signature of a signed PDF, nothing for any other file:
    what ``import`` and ``check`` say of a signed PDF (verify tells the rest)."""
    if src.suffix.lower() != ".pdf":
        return []
    try:
        data = src.read_bytes()
    except OSError:
        return []
    if b"/ByteRange" not in data:       # no signature dictionary: pyHanko need not be loaded
        return []
    from vanban.sign.verify import signers, verify_bytes
    return [_("{file}: signed by {who}").format(file=src, who=who) for who in signers(verify_bytes(data, str(src)))]
