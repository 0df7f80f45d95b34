"""Self-test of the fidelity measure (run by .ci/run, not part of the product suite)."""
from support.fidelity import THRESHOLD, coverage, words


def test_coverage_measure_detects_missing_text():
    """The fidelity measure can fail: dropping a sentence from a document lowers it below the bar."""
    seed = words("một hai ba bốn năm sáu bảy tám chín mười " * 4)
    assert coverage(seed, seed) == 1.0
    assert coverage(seed, seed[:-5]) < THRESHOLD
