"""Reading articles: formats, metadata, datelines, boilerplate ranges, and refusing bad input."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapapp.articles import article_id_of, read_article
from mapapp.errors import ArticleError, UnsafeInputError

SAMPLES = Path(__file__).resolve().parents[2] / "mapapp" / "samples"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_c9256a6db4ad9ab8.txt"
LIMIT = 5_000_000


@pytest.fixture
def seed() -> Path:
    if not SEED.exists():
        pytest.skip("../shared/seeds is absent")
    return SEED


def test_seed_metadata_dateline_and_boilerplate(seed: Path) -> None:
    a = read_article(seed, max_bytes=LIMIT)
    assert a.title == "Azerbaijan Tewaskan Puluhan Tentara Armenia dalam Pertempuran Karabakh"
    assert a.report_date == "2020-10-04"  # (04/10/2020) is dd/mm
    assert a.language == "id"
    assert a.dateline_place == "Jakarta"
    assert a.source == "Konfirmasitimes.com"  # the site named in the dateline
    assert a.path == str(seed)
    skipped = [a.text[s:e] for s, e in a.boilerplate]
    assert any(s.startswith("Konfirmasitimes.com-Jakarta (04/10/2020)") for s in skipped)
    footer = next(s for s in skipped if "Read Previous" in s)
    for piece in ("Bagaimana reaksi Anda?", "Bagikan", "Suriah Utara", "Read Next",
                  "Kemampuan Mental Anak"):
        assert piece in footer
    # the body is never inside a boilerplate range
    body_at = a.text.index("Pasukan Armenia dan Azerbaijan")
    assert not any(s <= body_at < e for s, e in a.boilerplate)
    assert a.text.index("kesepakatan gencatan senjata tahun 1994") < a.boilerplate[-1][0]


def test_same_text_same_id_whatever_the_route(seed: Path) -> None:
    raw = seed.read_bytes()
    from_path = read_article(seed, max_bytes=LIMIT)
    from_bytes = read_article(raw, name="upload.txt", max_bytes=LIMIT)
    from_paste = read_article(raw.decode("utf-8").replace("\n", "\r\n"), max_bytes=LIMIT)
    assert from_path.article_id == from_bytes.article_id == from_paste.article_id
    assert from_path.article_id == article_id_of(from_path.text)
    assert len(from_path.article_id) == 64
    assert from_paste.path == ""


def test_html_via_trafilatura_keeps_metadata_and_drops_navigation() -> None:
    a = read_article(SAMPLES / "en_hadrut_2020-10-09.html", max_bytes=LIMIT)
    assert a.title == "Aliyev says Azerbaijani troops took Hadrut"
    assert a.report_date == "2020-10-09"
    assert a.source.casefold() == "conflictmap sample"  # og:site_name
    assert a.url == "https://example.org/2020/10/09/hadrut"
    assert a.language == "en"
    assert "captured the town of Hadrut" in a.text
    assert "Home" not in a.text


def test_broken_html_still_yields_its_text() -> None:
    html = (b"<html><body><div><p>Shelling hit the town of Tartar on 5 October 2020, "
            b"officials said.<p>Two houses burned <b>down<div></body")
    a = read_article(html, name="broken.html", max_bytes=LIMIT)
    assert "Shelling hit the town of Tartar" in a.text
    assert "<p>" not in a.text


def test_json_article_fields() -> None:
    doc = {"title": "Ganja hit", "date": "2020-10-11", "url": "https://example.org/g",
           "source": "Example Wire", "text": "Azerbaijani officials said a missile hit Ganja "
                                            "overnight. Ten people were killed."}
    a = read_article(json.dumps(doc).encode(), name="a.json", max_bytes=LIMIT)
    assert (a.title, a.report_date, a.url, a.source) == ("Ganja hit", "2020-10-11",
                                                         "https://example.org/g", "Example Wire")
    assert a.text.startswith("Azerbaijani officials said")


@pytest.mark.parametrize(("payload", "error", "words"), [
    (b'{"text": "Fighting near the border went on all day.", "score": NaN}', UnsafeInputError,
     "NaN"),
    (b'{"text": "x", "n": Infinity}', UnsafeInputError, "Infinity"),
    (b'{"a":' * 50 + b"1" + b"}" * 50, UnsafeInputError, "nested"),
    (b'["not", "an", "object"]', ArticleError, "object"),
    (b'{"text": "unterminated', ArticleError, "broken JSON"),
    (b'{"title": "no body"}', ArticleError, "text"),
])
def test_bad_json_is_refused_with_one_line(payload: bytes, error: type[Exception],
                                           words: str) -> None:
    with pytest.raises(error) as info:
        read_article(payload, name="x.json", max_bytes=LIMIT)
    message = str(info.value)
    assert words in message and "\n" not in message


@pytest.mark.parametrize(("payload", "words"), [
    (b"", "empty"),
    (b"   \n\t  \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (bytes(range(128, 256)) * 40, "not text"),
    (b"12 34 56 -- !!", "no article text"),
])
def test_non_articles_are_refused(payload: bytes, words: str) -> None:
    with pytest.raises(ArticleError) as info:
        read_article(payload, name="x.txt", max_bytes=LIMIT)
    assert words in str(info.value) and "\n" not in str(info.value)


def test_fifty_megabytes_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # sparse: costs no disk, still 50 MB to stat
        fh.truncate(50_000_000)
    with pytest.raises(UnsafeInputError) as info:
        read_article(big, max_bytes=LIMIT)
    assert str(info.value) == "huge.txt: 50,000,000 bytes is over the 5,000,000-byte limit"
    with pytest.raises(UnsafeInputError, match="over the 5,000,000-byte limit"):
        read_article(b"a" * (LIMIT + 1), name="paste.txt", max_bytes=LIMIT)


def test_legacy_cyrillic_encoding_is_decoded() -> None:
    text = "Москва, 4 октября 2020 г. Обстрел города Тертер продолжался всю ночь, сообщили в Баку."
    a = read_article(text.encode("cp1251"), name="ru.txt", max_bytes=LIMIT)
    assert "Обстрел города Тертер" in a.text
    assert a.language == "ru"
    assert a.report_date == "2020-10-04"
    assert a.dateline_place == "Москва"


@pytest.mark.parametrize(("head", "day", "place"), [
    ("MOSCOW, 4 October 2020 – ", "2020-10-04", "Moscow"),
    ("YEREVAN, October 4, 2020. ", "2020-10-04", "Yerevan"),
    ("İstanbul, 4 Ekim 2020 (AA) – ", "2020-10-04", "İstanbul"),
    ("Bakı, 4 oktyabr 2020 /APA/ ", "2020-10-04", "Bakı"),
    ("Antaranews.com-Jakarta (05/10/2020). ", "2020-10-05", "Jakarta"),
    ("BAKU, 04.10.2020 — ", "2020-10-04", "Baku"),
])
def test_dateline_forms(head: str, day: str, place: str) -> None:
    text = "A headline\n\n" + head + "Fighting continued along the front line, officials said."
    a = read_article(text, max_bytes=LIMIT)
    assert a.report_date == day
    assert a.dateline_place == place
    start, end = next(r for r in a.boilerplate if a.text[r[0]:r[1]].startswith(head.strip()[:5]))
    assert a.text[end:].lstrip().startswith("Fighting continued")


def test_a_dated_first_sentence_is_not_a_dateline() -> None:
    text = "Armenian forces shelled Ganja on 4 October 2020, Azerbaijan said. More followed."
    a = read_article(text, max_bytes=LIMIT)
    assert (a.report_date, a.dateline_place, a.boilerplate) == ("", "", ())


@pytest.mark.parametrize(("name", "language"), [
    ("ru_barda_2020-10-28.txt", "ru"), ("tr_gence_2020-10-17.txt", "tr"),
    ("az_cabrayil_2020-10-04.txt", "az"), ("id_shusha_2020-11-09.txt", "id"),
    ("en_barda_2020-10-28.txt", "en"),
])
def test_sample_languages(name: str, language: str) -> None:
    assert read_article(SAMPLES / name, max_bytes=LIMIT).language == language


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_any_bytes_give_an_article_or_a_clear_refusal(data: bytes) -> None:
    for name in ("x.txt", "x.json", "x.html"):
        try:
            a = read_article(data, name=name, max_bytes=300)
        except (ArticleError, UnsafeInputError) as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            assert a.text.strip() and len(a.article_id) == 64
            assert all(0 <= s < e <= len(a.text) for s, e in a.boilerplate)


# --- language detection: the vectorised automaton walk is py3langid's answer, exactly ---------
def test_automaton_depth_bound_holds_for_the_installed_model() -> None:
    """Every automaton state is reached from the start within DFA_DEPTH bytes, so the state
    after a byte depends on the last DFA_DEPTH bytes only (what the vectorised walk relies on)."""
    import numpy as np

    from mapapp.articles import DFA_DEPTH, _automaton

    nextmove, rowbase = _automaton()[:2]
    seen = np.zeros(len(rowbase), dtype=bool)
    seen[0] = True
    frontier = np.array([0])
    depth = 0
    while len(frontier):
        reached = np.unique(nextmove[(rowbase[frontier][:, None] + np.arange(256)).ravel()])
        frontier = reached[~seen[reached]]
        seen[frontier] = True
        depth += 1 if len(frontier) else 0
    assert seen.all()
    assert depth <= DFA_DEPTH


_LANGUAGE_TEXT = st.text(alphabet=st.sampled_from(
    list("abcçdeəfgğhıijklmnoöpqrsştuüvxyz АБВабвгдеёжзийклмнопрстуфхцчшщыьэюяաբգդեզ .,'’0123")),
    max_size=300)


@settings(max_examples=200, deadline=None)
@given(_LANGUAGE_TEXT)
def test_detect_language_is_py3langid_on_generated_text(text: str) -> None:
    from mapapp.articles import _identifier, detect_language

    assert detect_language(text) == _identifier().classify(text[:800])[0]


def test_detect_language_is_py3langid_on_the_samples() -> None:
    from mapapp.articles import _identifier, detect_language

    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    assert len(texts) >= 5
    for text in texts:
        for cut in (len(text), 400, 120, 30):
            assert detect_language(text[:cut]) == _identifier().classify(text[:cut][:800])[0]
    assert detect_language(texts[0]) in {"az", "en", "id", "ru", "tr"}


def test_cleaning_trims_line_ends_and_blank_runs_and_ids_ignore_form() -> None:
    """The substring pre-tests in front of the substitutions must still let them run."""
    raw = "Baku\u00a0 \t\nShelling of Tartar continued.\n\n\n\nThe town said so.  \nEnd.\r\n"
    article = read_article(raw.encode(), name="a.txt", max_bytes=10_000)
    assert article.text == "Baku\nShelling of Tartar continued.\n\nThe town said so.\nEnd."
    # NFKC folds the ligature and full-width letters; case and spacing are ignored too
    assert article_id_of("ﬁre in ＢＡＫＵ") == article_id_of("FIRE  in baku")
    assert article_id_of("fire in Baku") != article_id_of("fire in Ganja")
    for text in ("a\u00a0b", "a\u00a0\u0301b", "\u00a0\u0308a", "ﬁ\u00a0ﬁ"):
        want = unicodedata.normalize("NFKC", text).casefold().split()
        assert article_id_of(text) == hashlib.sha256(" ".join(want).encode()).hexdigest()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAiİıəç ﬁＡ\u00a0\u0301\u0308\u0307\n\t"))))
def test_article_id_is_the_nfkc_casefold_digest(text: str) -> None:
    want = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    assert article_id_of(text) == hashlib.sha256(want.encode()).hexdigest()


def test_source_lines_and_lines_of_web_addresses_are_boilerplate() -> None:
    """Words in a URL's slug ("drone-strike-kills") must never become an event; a sentence
    that merely names a web address stays text."""
    body = ("Barda hit again\n\nAzerbaijan said on Wednesday that a missile hit Barda.\n\n"
            "The mayor, who posted at https://example.org, spoke to reporters on the square.\n\n"
            "https://example.org/a https://example.org/b-missile-attack\n\n"
            "Sumber: laporan Anadolu (https://example.org/drone-strike-kills-21-in-barda)")
    article = read_article(body.encode(), name="a.txt", max_bytes=LIMIT)
    skipped = "".join(article.text[a:b] for a, b in article.boilerplate)
    assert "b-missile-attack" in skipped and "drone-strike-kills" in skipped
    assert "The mayor" not in skipped and "a missile hit Barda" not in skipped


@pytest.mark.parametrize("head", ["BAKU, Oct 4, 2020 (Reuters) - ", "Baku, 4. Oktober 2020 - ",
                                  "Bakú, 4 de octubre de 2020 - "])
def test_a_dateline_opening_the_first_line_is_no_headline(head: str) -> None:
    text = head + "Azerbaijan said its forces shelled positions.\n\nA second paragraph follows."
    a = read_article(text.encode(), name="a.txt", max_bytes=LIMIT)
    assert (a.title, a.report_date, a.dateline_place) == ("", "2020-10-04", head.split(",")[0]
                                                          .title())
    [(start, end)] = a.boilerplate
    assert start == 0 and a.text[end:].lstrip().startswith("Azerbaijan said")
