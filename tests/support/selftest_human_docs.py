"""Self-test of the broken-document corpus (run by .ci/run, not part of the product suite)."""
from support import human_docs


def test_corpus_is_large_enough():
    assert len(human_docs.FAULTS) >= 20
    assert len({rule for rule, _, _ in human_docs.FAULTS.values()}) >= 20
