"""What a summary attempt returns, and the label every surface shows it under.

No LangChain here: the CLI and the bot can import this to render without loading a model.
"""

from __future__ import annotations

from dataclasses import dataclass

SUMMARY_LABEL = "Summary (AI-generated, checked against the quotes)"


@dataclass(frozen=True)
class SummaryResult:
    """A checked summary, or why there is none.

    `summary` is set only when `checked` is True; `reason` is set only when it is not
    ("no model configured", "the answer abstained", a failed check, a timeout, …).
    """

    summary: str | None
    checked: bool
    reason: str | None = None

    def to_json(self) -> dict[str, object]:
        """The JSON contract's fields: `summary` (null when none) and `summary_checked`."""
        return {"summary": self.summary, "summary_checked": self.checked}
