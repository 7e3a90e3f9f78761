"""ftfy's own real-world cases (Apache-2.0, Robyn Speer): what ftfy passes, mojifix passes."""

from __future__ import annotations

import json
import re
from typing import Any

import ftfy
import pytest

import mojifix
from conftest import CORPUS

CASES: list[dict[str, Any]] = []
for path in sorted((CORPUS / "peer" / "ftfy").glob("*.json")):
    for case in json.loads(path.read_text(encoding="utf-8")):
        if case["expect"] == "pass":
            case["file"] = path.name
            CASES.append(case)

# Cases ftfy itself gets right with fix_encoding; mojifix must match them.
PASSED_BY_FTFY = [c for c in CASES if ftfy.fix_encoding(c["original"]) == c.get("fixed-encoding", c["fixed"])]


def test_ftfy_cases_loaded() -> None:
    assert len(CASES) == 151
    assert len(PASSED_BY_FTFY) >= 140


def same_or_holes_filled(result: str, expected: str) -> bool:
    """Whether `result` is `expected`, but for single characters where ftfy left U+FFFD.

    ftfy keeps the U+FFFD that a strict decoder wrote for a byte it could not read
    (`българ�ки`); mojifix infers the byte (`български`), and must agree everywhere else.
    """
    pattern = "".join("." if ch == "\ufffd" else re.escape(ch) for ch in expected)
    return re.fullmatch(pattern, result, re.DOTALL) is not None


@pytest.mark.parametrize("case", PASSED_BY_FTFY, ids=lambda c: c["label"][:60])
def test_same_as_ftfy_fix_encoding(case: dict[str, Any]) -> None:
    assert same_or_holes_filled(mojifix.repair(case["original"]), case.get("fixed-encoding", case["fixed"]))


def test_holes_ftfy_leaves_are_filled() -> None:
    filled = {
        c["label"]: mojifix.repair(c["original"])
        for c in PASSED_BY_FTFY
        if "\ufffd" in c.get("fixed-encoding", c["fixed"])
    }
    assert filled["Messy language names: Bulgarian"] == "български език"
    assert filled["Messy language names: Tamil"] == "தமிழ்"
    assert filled["Synthetic: lossy decoding in sloppy-windows-1252"] == "“lossy decoding”"


def test_no_cosmetic_changes() -> None:
    # ftfy.fix_text would turn the full-width comma into "," and uncurl the quotes.
    text = "你好，“世界”！ｶﾀｶﾅ"
    assert mojifix.repair(text) == text
