"""Issue 21, the list page's guarantees through every door that reaches them: the library
(:mod:`vanban.web.doclist`, :mod:`vanban.web.filing`, :mod:`vanban.web.drafts`) and the web routes.
No CLI command manages the folder (the CLI has no list, rename or bin), so the CLI door is absent.

Guarantees: a search without diacritics finds the document; an unsafe or reserved name is refused
and nothing changes; an existing document is never replaced; a document deleted to the bin comes
back byte for byte; the server's draft never replaces the document.
"""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import DATA

pytest.importorskip("flask")

from vanban.web import create_app, doclist, drafts, filing  # noqa: E402
from vanban.web import folder as store  # noqa: E402
from test_web_app import NoPreview  # noqa: E402

LETTER = "lai-chau-ldld-244-2024.yaml"
PLAN = "lai-chau-ubnd-kh-mam-non-2023.yaml"
DOORS = ["library", "web"]


@pytest.fixture
def docs(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    for name in (LETTER, PLAN):
        shutil.copy(DATA / name, d / name)
    return d


class Web:
    def __init__(self, docs):
        from vanban.i18n import set_language
        set_language("vi")
        self.client = create_app(docs, previewer=NoPreview()).test_client()
        html = self.client.get("/").get_data(as_text=True)
        self.token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)

    def post(self, url, **form):
        return self.client.post(url, data={"csrf_token": self.token, **form})


@pytest.fixture
def web(docs):
    w = Web(docs)
    yield w
    from vanban.i18n import set_language
    set_language(None)


def found(door, docs, web, query):
    if door == "library":
        return [e.name for e in doclist.select(store.listing(docs), query)]
    page = web.client.get("/", query_string={"q": query}).get_data(as_text=True)
    return [n for n in (LETTER, PLAN) if f"/edit/{n}" in page]


@pytest.mark.parametrize("door", DOORS)
def test_search_without_diacritics(door, docs, web):
    assert found(door, docs, web, "ho tro phat trien giao duc mam non") == [PLAN]
    assert found(door, docs, web, "Hỗ trợ phát triển") == [PLAN]
    assert found(door, docs, web, "BAN THUONG VU TINH UY") == [LETTER]


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("bad", ["con.yaml", "aux.yml", ".an.yaml", "..", "a<b.yaml", "ghi:chu.yaml"])
def test_unsafe_names_refused(door, bad, docs, web):
    before = sorted(p.name for p in docs.iterdir())
    if door == "library":
        with pytest.raises(store.PathRefused):
            filing.rename(docs, LETTER, bad)
        with pytest.raises(store.PathRefused):
            filing.duplicate(docs, LETTER, bad)
    else:
        assert web.post(f"/rename/{LETTER}", ten_moi=bad).status_code == 400
        assert web.post(f"/duplicate/{LETTER}", ten_moi=bad).status_code == 400
    assert sorted(p.name for p in docs.iterdir()) == before


@pytest.mark.parametrize("door", DOORS)
def test_never_replaces(door, docs, web):
    plan = (docs / PLAN).read_bytes()
    if door == "library":
        with pytest.raises(filing.Taken):
            filing.rename(docs, LETTER, PLAN)
        with pytest.raises(filing.Taken):
            filing.duplicate(docs, LETTER, PLAN)
    else:
        assert web.post(f"/rename/{LETTER}", ten_moi=PLAN).status_code == 409
        assert web.post(f"/duplicate/{LETTER}", ten_moi=PLAN).status_code == 409
    assert (docs / PLAN).read_bytes() == plan and (docs / LETTER).is_file()


@pytest.mark.parametrize("door", DOORS)
def test_bin_round_trip_byte_for_byte(door, docs, web):
    original = (docs / LETTER).read_bytes()
    if door == "library":
        filing.to_bin(docs, LETTER)
        assert not (docs / LETTER).exists()
        filing.restore(docs, LETTER)
    else:
        assert web.post(f"/delete/{LETTER}").status_code == 302
        assert not (docs / LETTER).exists() and (docs / filing.BIN / LETTER).read_bytes() == original
        assert web.post(f"/bin/restore/{LETTER}").status_code == 302
    assert (docs / LETTER).read_bytes() == original


@pytest.mark.parametrize("door", DOORS)
def test_draft_never_replaces_the_document(door, docs, web):
    original = (docs / LETTER).read_bytes()
    data = store.normalised(original.decode("utf-8"), LETTER, docs)
    data["trich_yeu"] = "bản nháp"
    if door == "library":
        drafts.keep(docs / LETTER, data, None)
    else:
        r = web.client.post(f"/api/draft/{LETTER}", json={"data": data}, headers={"X-CSRF-Token": web.token})
        assert r.status_code == 200
    assert (docs / LETTER).read_bytes() == original
    assert drafts.read(docs / LETTER)["data"]["trich_yeu"] == "bản nháp"
    assert drafts.offered(docs / LETTER, store.normalised(original.decode("utf-8"), LETTER, docs)) is not None
