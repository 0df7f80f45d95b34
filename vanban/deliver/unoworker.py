"""One warm LibreOffice, driven over UNO, for :mod:`vanban.deliver.converter`.

This file runs under a Python that can ``import uno`` (Debian's python3 with
python3-uno, or the python bundled with LibreOffice on Windows and macOS),
which is often not the Python vanban runs in; so it imports nothing from
vanban and speaks JSON lines: one request on stdin, one answer on stdout.

    python3 unoworker.py SOFFICE FOLDER PIPE_NAME MEMORY_BYTES [--warm-up]

It starts LibreOffice with a profile of its own in FOLDER, answers ``{"ready": pid}``
once LibreOffice accepts connections, then for each ``{"in": docx, "out":
pdf, "pages": "1-2"}`` (pages optional) loads, exports and closes the
document and answers ``{"ok": true, "rss": bytes, "pages": count}`` or
``{"error": text}``, in the order asked (``pages`` only when a range was asked
for). When stdin closes (the parent ended, however it ended) it kills
LibreOffice and removes FOLDER.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time


def _descendants(pid):
    """Children, grandchildren … of ``pid`` (Linux's /proc; empty elsewhere)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir("/proc/%d/task" % p):
                with open("/proc/%d/task/%s/children" % (p, task)) as fh:
                    found = [int(c) for c in fh.read().split()]
                out += found
                todo += found
        except (OSError, ValueError):
            pass
    return out


def _rss(pid):
    """Resident memory of ``pid`` and its descendants, in bytes (0 where /proc is absent)."""
    total = 0
    for p in [pid] + _descendants(pid):
        try:
            with open("/proc/%d/status" % p) as fh:
                total += next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmRSS:"))
        except (OSError, ValueError, StopIteration):
            pass
    return total


def _limit(memory):
    # LibreOffice reserves address space far above what it touches; the cap
    # is a backstop against a runaway document, the parent watches RSS too.
    def set_limit():
        if memory > 0:
            import resource
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    return set_limit if os.name == "posix" else None


def _reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    exe, folder, pipe, memory = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    profile = os.path.join(folder, "profile")
    warm_up = sys.argv[5:] == ["--warm-up"]
    proc = subprocess.Popen(
        [exe, "-env:UserInstallation=" + _file_url(profile), "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", "--nolockcheck", "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_limit(memory))

    ending = threading.Lock()

    def end(*_):
        # Called from the stdin thread and the main thread alike: the first
        # caller cleans up and exits, a second waits for that.
        ending.acquire()
        for pid in [proc.pid] + _descendants(proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
        if os.name == "posix" and os.getpgid(0) == os.getpid():
            os.killpg(os.getpid(), signal.SIGKILL)  # anything LibreOffice left in our group, and us
        os._exit(0)

    requests = []
    ready = threading.Condition()

    def read_stdin():
        for line in sys.stdin:
            with ready:
                requests.append(line)
                ready.notify()
        end()  # the parent is gone or done: nothing may outlive it

    threading.Thread(target=read_stdin, daemon=True).start()
    try:
        # Any way out of serving (a broken pipe to a parent that died, say) goes through the cleanup.
        serve(proc, profile, pipe, warm_up, requests, ready, end)
    finally:
        end()


def serve(proc, profile, pipe, warm_up, requests, ready, end):
    import uno
    from com.sun.star.beans import PropertyValue

    def props(**kw):
        out = []
        for k, v in kw.items():
            p = PropertyValue()
            p.Name, p.Value = k, v
            out.append(p)
        return tuple(out)

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    desktop = None
    while desktop is None:
        if proc.poll() is not None and proc.returncode != 81:  # 81: restarting after making the profile
            _reply({"error": "LibreOffice exited with status %s while starting" % proc.returncode})
            end()
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            time.sleep(0.05)
    load = props(Hidden=True, ReadOnly=True, MacroExecutionMode=0, UpdateDocMode=0)
    export = props(FilterName="writer_pdf_Export")
    on_main = _main_thread_runner(ctx, proc)
    # The first document pays for loading the Word import and PDF export
    # libraries; pay it now, so that the first real conversion is as fast as the rest.
    if warm_up:
        sample = _sample_docx(profile)
        try:
            on_main(lambda: _convert(desktop, {"in": sample, "out": sample + ".pdf"}, load, export, props, {}))
        except Exception:
            pass  # a real request will say what is wrong
    _reply({"ready": proc.pid})
    while True:
        with ready:
            while not requests:
                ready.wait()
            line = requests.pop(0)
        req = json.loads(line)
        answer = {}
        state = {}
        try:
            on_main(lambda: _convert(desktop, req, load, export, props, state))
            answer.update(ok=True, rss=_rss(proc.pid), pages=state.get("pages"))
        except Exception as exc:  # report, then let the parent decide whether this instance is still sound
            alive = proc.poll() is None
            answer.update(error="%s: %s" % (type(exc).__name__, getattr(exc, "Message", "") or exc),
                          dead=not alive, pages=state.get("pages") if alive else None)
        _reply(answer)
        if answer.get("dead"):
            end()


def _convert(desktop, req, load, export, props, state):
    import uno
    doc = None
    try:
        doc = desktop.loadComponentFromURL(_file_url(req["in"]), "_blank", 0, load)
        if doc is None:
            raise RuntimeError("LibreOffice could not open the file")
        if req.get("pages"):  # a preview needs one page, not all of them, and to know how many there are
            state["pages"] = _page_count(doc)
            data = uno.Any("[]com.sun.star.beans.PropertyValue", props(PageRange=req["pages"]))
            uno.invoke(doc, "storeToURL", (_file_url(req["out"]), props(FilterName="writer_pdf_Export",
                                                                       FilterData=data)))
        elif req.get("filter"):  # another format than PDF: a .doc/.odt/.rtf to .docx, for import
            doc.storeToURL(_file_url(req["out"]), props(FilterName=req["filter"]))
        else:
            doc.storeToURL(_file_url(req["out"]), export)
    finally:
        if doc is not None:
            try:
                doc.close(True)
            except Exception:
                pass


def _main_thread_runner(ctx, proc):
    """``run(fn)``: call ``fn`` so that its calls into LibreOffice execute on LibreOffice's main thread.

    A call over the bridge runs on one of LibreOffice's bridge threads, which
    then contends with the main thread for the office's one big lock; that costs
    a tenth of each conversion. ``AsyncCallback`` has the main thread call us
    back, and the bridge runs calls made from inside a callback on the thread
    that made it — so the document is loaded and exported on the main thread,
    as ``soffice --convert-to`` does. Where the service is missing, ``fn`` runs directly.
    """
    try:
        import unohelper
        from com.sun.star.awt import XCallback
        callbacks = ctx.ServiceManager.createInstanceWithContext("com.sun.star.awt.AsyncCallback", ctx)
    except Exception:
        callbacks = None
    if callbacks is None:
        return lambda fn: fn()

    class Call(unohelper.Base, XCallback):
        def __init__(self, fn):
            self.fn, self.done, self.error = fn, threading.Event(), None

        def notify(self, _data):
            try:
                self.fn()
            except Exception as exc:
                self.error = exc
            finally:
                self.done.set()

    def run(fn):
        call = Call(fn)
        callbacks.addCallback(call, None)
        while not call.done.wait(0.5):
            if proc.poll() is not None:  # died before it could call back
                raise RuntimeError("LibreOffice exited with status %s" % proc.returncode)
        if call.error is not None:
            raise call.error
    return run


def _page_count(doc):
    try:
        return doc.getCurrentController().getPropertyValue("PageCount")
    except Exception:
        return None


def _sample_docx(folder):
    import zipfile
    path = os.path.join(folder, "warm-up.docx")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", '<w:document xmlns:w="%s"><w:body><w:p><w:r><w:rPr>'
                   '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr>'
                   '<w:t>Cộng hòa</w:t></w:r></w:p></w:body></w:document>' % w)
    return path


def _file_url(path):
    import uno
    return uno.systemPathToFileUrl(os.path.abspath(path))


if __name__ == "__main__":
    main()
