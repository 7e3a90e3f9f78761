"""Characters an encoder wrote as `?` (`mojifix.unencodable`), and real question marks."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mojifix


@pytest.mark.parametrize(
    "text",
    [
        "Die Größe der Datei wurde geändert.",
        "Le répertoire n’a pas été créé.",
        "Nie można otworzyć pliku źródłowego.",
        "Não foi possível abrir o ficheiro.",
        "Soubor nebyl nalezen v adresáři.",
        "It’s a naïve café, and they don’t care.",
    ],
)
def test_letters_saved_as_question_marks_come_back(text: str) -> None:
    bad = text.encode("ascii", "replace").decode()
    assert mojifix.repair(bad) == text


@pytest.mark.parametrize(
    "text",
    [
        "Nie można otworzyć pliku źródłowego.",
        "Răspunsul și întrebarea au fost șterse.",
    ],
)
def test_letters_cp1252_lacks_come_back(text: str) -> None:
    bad = text.encode("cp1252", "replace").decode("cp1252")
    assert "ó" in bad or "î" in bad  # the page's own letters stay
    assert mojifix.repair(bad) == text


@pytest.mark.parametrize(
    "text",
    [
        "The café serves a naïve crème brûlée.",
        "Die Größe der Datei wurde geändert.",
        "Venster één werkblad naar boven verplaatsen",  # one U+FFFD a letter: not UTF-8's é
        "Attenzione: è possibile che la directory di lavoro è pulita, il più recente.",
    ],
)
def test_cp1252_read_as_utf8_comes_back(text: str) -> None:
    bad = text.encode("cp1252").decode("utf-8", "replace")
    assert bad.count("\ufffd") == sum(not ch.isascii() for ch in text)
    assert mojifix.repair(bad) == text
    (change, *_) = mojifix.explain(bad).changes
    assert change.layers == (("cp1252", "utf-8"),) and change.lost[0].pattern == "replaced"


def test_explain_names_the_pattern() -> None:
    result = mojifix.explain("The caf? serves a na?ve dish.")
    assert result.text == "The café serves a naïve dish."
    assert [c.lost[0].pattern for c in result.changes] == ["unencodable", "unencodable"]
    assert result.changes[0].lost[0].method == "makes the word 'café'"


def test_mark_and_keep() -> None:
    bad = "The caf? serves a na?ve dish."
    assert mojifix.repair(bad, lossy="mark") == "The caf\ufffd serves a na\ufffdve dish."
    assert mojifix.repair(bad, lossy="keep") == bad


@pytest.mark.parametrize(
    "text",
    [
        "Is the cafe open? Why not? Did you send your resume?",  # questions
        "The caf? was closed.",  # one `?` alone is too little to go on
        "Please type?e and ris?e again.",  # a `?` put into words, not a letter lost
        "Overwrite 'file.txt'? [y/N] See https://example.com/?q=naive&x=1 for help?",
        "Café au lait? 中文 The caf? serves a na?ve dish.",  # no code page of `?` holds 中
    ],
)
def test_question_marks_are_left(text: str) -> None:
    assert mojifix.repair(text) == text


SENTENCES = [
    "The quick brown fox jumps over the lazy dog near the river bank.",
    "Please read the manual before you install the new version of the program.",
    "Our team will review every request and answer within two working days.",
    "Open the settings page, choose a language and save your changes.",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SENTENCES),
    st.lists(st.integers(1, 60), min_size=1, max_size=3),
    st.sampled_from(["?", "\ufffd"]),
)
def test_marks_put_into_ascii_text_are_left(text: str, places: list[int], mark: str) -> None:
    for at in places:
        at = min(at, len(text))
        text = text[:at] + mark + text[at:]
    assert mojifix.repair(text) == text
