"""What a summary attempt returns: its JSON fields say whether a checked summary is there, and
the reason for none stays out of the JSON contract."""

from __future__ import annotations

from fineprint.summary.result import SummaryResult


def test_a_checked_summary_in_json() -> None:
    result = SummaryResult("Consent is needed [1].", True)
    assert result.to_json() == {"summary": "Consent is needed [1].", "summary_checked": True}


def test_no_summary_in_json_leaves_the_reason_out() -> None:
    result = SummaryResult(None, False, "the model timed out (0.2 s)")
    assert result.to_json() == {"summary": None, "summary_checked": False}
