"""The corpus benchmark's own logic: rebuilding files from git, and scoring against a judgement."""
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import corpus  # noqa: E402
import corpus_fetch  # noqa: E402

HEADER = "# comment line\nfile\trepo\tcommit\tpath\tformat\tkind\tsha256\n"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def mirror(tmp_path):
    repo = tmp_path / "mirror"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "docs").mkdir()
    (repo / "docs" / "Công văn 12.docx").write_bytes(b"PK\x03\x04 not really a docx")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "add")
    return repo, _git(repo, "rev-parse", "HEAD")


def test_fetch_writes_files_from_git_and_checks_sha(tmp_path, mirror):
    repo, commit = mirror
    data = (repo / "docs" / "Công văn 12.docx").read_bytes()
    good = hashlib.sha256(data).hexdigest()
    sources = tmp_path / "sources.tsv"
    sources.write_text(HEADER
                       + f"src/cv12.docx\towner/name\t{commit}\tdocs/Công văn 12.docx\tdocx\tcong_van\t{good}\n"
                       + f"src/bad.docx\towner/name\t{commit}\tdocs/Công văn 12.docx\tdocx\tcong_van\t{'0' * 64}\n"
                       + f"other/x.docx\tother/repo\t{commit}\tx.docx\tdocx\tkhac\t{good}\n", encoding="utf-8")
    out = tmp_path / "corpus"
    rc = corpus_fetch.main(["--sources", str(sources), "--out", str(out), "--mirror", f"owner/name={repo}"])
    assert rc == 1  # the row whose sha256 does not match is reported
    assert (out / "src" / "cv12.docx").read_bytes() == data
    assert not (out / "src" / "bad.docx").exists()
    assert not (out / "other").exists()  # no mirror given for that repository


def test_score_counts_na_as_false_report_and_crash_against_recall():
    judged = {"a.docx": {"r1": True, "r2": False, "r3": None, "r4": True},
              "b.docx": {"r1": True}}
    reported = {"a.docx": {"r1", "r2", "r3"}, "b.docx": None}  # b crashed
    (tp, rep, true), per = corpus.score(judged, reported)
    assert (tp, rep, true) == (1, 3, 3)
    assert per["r1"] == [1, 1, 2]
    assert per["r3"] == [0, 1, 0]


def test_load_judged_reads_true_false_and_na(tmp_path):
    path = tmp_path / "judged.yaml"
    path.write_text('files:\n  "x.docx":\n    _note: "ignored"\n    r1: {violates: true, why: "w"}\n'
                    '    r2: {violates: false}\n    r3: "n/a"\n', encoding="utf-8")
    assert corpus.load_judged(path) == {"x.docx": {"r1": True, "r2": False, "r3": None}}


def test_committed_judgement_names_known_rules_and_explains_each_violation():
    import yaml
    from vanban.check import RULES
    data = yaml.safe_load((Path(corpus.JUDGED)).read_text(encoding="utf-8"))["files"]
    assert len(data) >= 25
    ids = {r[0] for r in RULES}
    judged_ids = {r for rules in data.values() for r in rules if not r.startswith("_")}
    assert judged_ids <= ids  # a renamed rule must be renamed here too, or its judgement is lost
    for name, rules in data.items():
        assert {r for r in rules if not r.startswith("_")} == judged_ids, name
        for rule, v in rules.items():
            if isinstance(v, dict) and v.get("violates") is True:
                assert v.get("why"), (name, rule)
