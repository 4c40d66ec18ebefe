"""`fineprint platforms` and `fineprint clause` (cli/lookups.py), through typer's runner, on the
session's real store."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cli.main import app
from fineprint.settings import Settings

runner = CliRunner()


def test_platforms_json_lists_documents_versions_and_counts(env: Settings) -> None:
    result = runner.invoke(app, ["platforms", "--json"])
    assert result.exit_code == 0, result.output
    overview = json.loads(result.output)
    soundcloud = next(p for p in overview if p["platform"] == "soundcloud")
    assert soundcloud["name"] == "SoundCloud"
    terms = soundcloud["documents"][0]
    assert terms["document"] == "terms-of-use" and terms["name"] == "Terms of Use"
    assert terms["versions"][0] == "2013-06-02" and terms["versions"][-1] == "2026-08-17"
    assert terms["clauses"] > 20
    table = runner.invoke(app, ["platforms"])
    assert table.exit_code == 0 and "SoundCloud" in table.output and "2026-08-17" in table.output


def test_clause_by_heading_and_by_number(env: Settings) -> None:
    result = runner.invoke(app, ["clause", "SC", "terms-of-use", "grant of license", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert items and all(item["version_date"] == "2026-08-17" for item in items)
    assert any("train generative AI models" in item["text"] for item in items)
    old = runner.invoke(
        app, ["clause", "soundcloud", "terms", "Grant of license", "--version", "2025-03-01"]
    )
    assert old.exit_code == 0 and "version of 2024-02-07" in old.output
    assert "inform, train, develop" in old.output
    numbered = runner.invoke(app, ["clause", "x", "terms-of-service", "3", "--json"])
    assert numbered.exit_code == 0, numbered.output
    assert all("3." in json.loads(numbered.output)[0]["section"] for _ in [0])


def test_clause_errors_are_one_clear_line(env: Settings) -> None:
    result = runner.invoke(app, ["clause", "patreon", "terms", "1"])
    assert result.exit_code == 2 and "no platform called 'patreon'" in result.output
    result = runner.invoke(app, ["clause", "soundcloud", "terms", "no such heading at all"])
    assert result.exit_code == 2 and "no section" in result.output


def test_platforms_keeps_every_slug_whole_at_80_columns(env: Settings) -> None:
    """`clause` and `--platform` take the slugs: a pipe or an 80-column terminal must not cut
    one (it read "terms-of-servic…")."""
    overview = json.loads(runner.invoke(app, ["platforms", "--json"]).output)
    for flags in ([], ["--versions"]):  # the compact listing, and every version's date
        result = runner.invoke(app, ["platforms", *flags], env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.output
        cells = {cell.strip() for line in result.output.splitlines() for cell in line.split("│")}
        for platform in overview:
            assert platform["platform"] in cells
            assert all(document["document"] in cells for document in platform["documents"])
        assert "…" not in result.output
        assert max(len(line) for line in result.output.splitlines()) <= 80


def test_platforms_gives_each_document_one_line_and_versions_every_date(env: Settings) -> None:
    """With hundreds of documents the listing stays short: a line per document with its
    version count, first and last dates and clauses, under its platform's name and slug
    (`--versions`: every date, as before)."""
    overview = json.loads(runner.invoke(app, ["platforms", "--json"]).output)
    compact = runner.invoke(app, ["platforms"], env={"COLUMNS": "80"}).output.splitlines()
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in compact if "│" in line]
    documents = [d for p in overview for d in p["documents"]]
    assert len(rows) == 2 * len(overview) + len(documents)
    shown = [row for row in rows if row[1]]  # a document's line; its platform's two have none
    for document, row in zip(documents, shown, strict=True):
        dates = document["versions"]
        span = dates[0] if len(dates) == 1 else f"{dates[0]} – {dates[-1]}"
        assert row == [document["document"], str(len(dates)), span, str(document["clauses"])]
    every = runner.invoke(app, ["platforms", "--versions"], env={"COLUMNS": "80"}).output
    assert all(day in every for d in documents for day in d["versions"])
