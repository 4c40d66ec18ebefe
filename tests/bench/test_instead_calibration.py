"""The calibration's rule is the shipped rule: closest candidate, threshold, then margin."""

from __future__ import annotations

from bench.instead_calibration import outcome


def test_the_closest_candidate_counts_only_when_it_clears_both_bars() -> None:
    assert outcome([(0.80, True), (0.70, False)], 0.65, 0.04) == "found"
    assert outcome([(0.80, False), (0.70, True)], 0.65, 0.04) == "wrong"
    assert outcome([(0.60, True), (0.50, False)], 0.65, 0.04) == "none"  # not close enough
    assert outcome([(0.80, True), (0.78, False)], 0.65, 0.04) == "none"  # no clear successor
    assert outcome([(0.70, True)], 0.65, 0.04) == "found"  # alone: nothing to be above
