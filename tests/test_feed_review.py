"""What an operator running nightly feeds met (round 14's review)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main


@pytest.mark.parametrize("record", ['{"id": "only", "text": null}', '{"id": "only", "text": ""}'])
def test_a_feed_of_one_bad_record_writes_its_error_record_as_any_feed_does(tmp_path: Path, record: str) -> None:
    # A one-record feed was "a lone input": exit 2, nothing written, yesterday's output left
    # under today's name; with two records the same record was an error record, exit 1.
    feed = tmp_path / "feed.jsonl"
    feed.write_text(record + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("yesterday\n", encoding="utf-8")
    assert main(["translate", str(feed), "-o", str(out), "--no-cache", "-q"]) == 1
    [written] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert written["doc"] == "only" and "error" in written and written["fields"] == {"id": "only"}


def test_a_lone_text_document_that_fails_is_still_an_error_of_the_run(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    assert main(["translate", str(empty), "--no-cache", "-q"]) == 2
