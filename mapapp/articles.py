"""Reading one article (.txt, .html, .json or pasted text) into an ``Article``.

The stored ``text`` is what every offset points into, so boilerplate (share bars, reactions,
"Read Previous/Next" blocks, related links) and the dateline are not cut out but recorded as
``boilerplate`` ranges that extraction and the gazetteer skip. Inputs are untrusted: size is
checked before decoding, binary and empty inputs are refused with one line, JSON is parsed
without NaN/Infinity and with a nesting cap.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from mapapp._dates import find_dates, parse_date_text
from mapapp.errors import ArticleError, UnsafeInputError
from mapapp.schema import Article

MAX_JSON_DEPTH = 20
MIN_LETTERS = 20  # fewer letters than this is not an article
_LETTER = re.compile(r"[^\W\d_]")
# Languages the detector may answer: the conflict's own, its neighbours' and the big outlets'.
LANGUAGES: tuple[str, ...] = ("en", "id", "ms", "ru", "uk", "tr", "az", "hy", "ka", "fa", "ar",
                              "fr", "de", "es", "it", "pt", "nl")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_FALLBACK_ENCODINGS = ("cp1251", "cp1254", "cp1252", "iso8859_9")


@dataclass(frozen=True, slots=True)
class _Raw:
    text: str
    title: str = ""
    date: str = ""
    source: str = ""
    url: str = ""


def read_article(source: Path | bytes | str, *, name: str = "", max_bytes: int) -> Article:
    """Read an article from a file path, raw bytes (an upload) or pasted text.

    ``name`` (a file name) picks the format for bytes; paths use their own suffix.
    Raises ``UnsafeInputError`` for over-size or over-nested input and ``ArticleError`` for
    anything that is not an article (binary, empty, broken JSON, HTML with no text).
    """
    path = ""
    if isinstance(source, Path):
        size = source.stat().st_size
        if size > max_bytes:
            raise UnsafeInputError(f"{source.name}: {size:,} bytes is over the "
                                   f"{max_bytes:,}-byte limit")
        with source.open("rb") as fh:
            data = fh.read(max_bytes + 1)
        name = name or source.name
        path = str(source)
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.encode("utf-8", "surrogatepass")
    label = name or "input"
    if len(data) > max_bytes:
        raise UnsafeInputError(f"{label}: {len(data):,} bytes is over the {max_bytes:,}-byte limit")
    text = _decode(data, label)
    raw = _parse(text, _kind(name, text), label)
    return _build(raw, path, label)


def _decode(data: bytes, label: str) -> str:
    if not data.strip():
        raise ArticleError(f"{label}: empty input")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise ArticleError(f"{label}: binary data (NUL bytes), not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        if len(_CONTROL.findall(text, 0, 4096)) > min(len(text), 4096) // 100:
            raise ArticleError(f"{label}: binary data (control characters), not a text article")
        return text
    for encoding in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise ArticleError(f"{label}: not text in UTF-8 or a common legacy encoding")


def _looks_like_text(text: str) -> bool:
    """Legacy code pages decode anything; real text has few control or symbol characters."""
    odd = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn", "So")
              and ch not in "\n\r\t")
    letters = sum(1 for ch in text if ch.isalpha())
    return odd <= len(text) // 100 and letters >= len(text) // 3


def _kind(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix == ".json":
        return "json"
    if suffix in (".txt", ".text", ".md"):
        return "text"
    head = text.lstrip()[:500].lower()
    if head.startswith("{"):
        return "json"
    if head.startswith("<") and re.search(r"<(?:html|body|p|div|article|!doctype)\b", head):
        return "html"
    return "text"


def _parse(text: str, kind: str, label: str) -> _Raw:
    if kind == "json":
        return _from_json(text, label)
    if kind == "html":
        return _from_html(text, label)
    return _Raw(text)


def _reject_constant(token: str) -> Any:
    raise UnsafeInputError(f"JSON constant {token} is not allowed")


def _json_depth(text: str) -> int:
    """Deepest nesting of [ and { outside strings (checked before json.loads recurses)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _from_json(text: str, label: str) -> _Raw:
    if _json_depth(text) > MAX_JSON_DEPTH:
        raise UnsafeInputError(f"{label}: JSON nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except UnsafeInputError as exc:
        raise UnsafeInputError(f"{label}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ArticleError(f"{label}: broken JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(doc, dict):
        raise ArticleError(f"{label}: JSON must be an object with a 'text' field")
    body = next((doc[k] for k in ("text", "content", "body") if isinstance(doc.get(k), str)), "")
    if not body.strip():
        raise ArticleError(f"{label}: JSON has no 'text' string")

    def field(*keys: str) -> str:
        return next((str(doc[k]) for k in keys if isinstance(doc.get(k), str | int)), "")

    return _Raw(body, field("title", "headline"), field("date", "published", "report_date"),
                field("source", "sitename", "outlet"), field("url", "link"))


def _from_html(text: str, label: str) -> _Raw:
    import trafilatura

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False,
                                      include_tables=False, as_dict=False)
    body = getattr(doc, "text", None) or ""
    if not body.strip():
        body = _html_text_fallback(text)
    if not body.strip():
        raise ArticleError(f"{label}: no article text found in the HTML")
    return _Raw(body, getattr(doc, "title", None) or "", getattr(doc, "date", None) or "",
                getattr(doc, "sitename", None) or "", getattr(doc, "url", None) or "")


def _html_text_fallback(text: str) -> str:
    """Paragraph text of HTML trafilatura gives up on (fragments, broken markup)."""
    import lxml.html

    try:
        root = lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//nav|//footer"):
        bad.drop_tree()
    blocks = [" ".join(el.text_content().split()) for el in root.xpath("//p|//h1|//h2|//li")]
    return "\n\n".join(b for b in blocks if b) or " ".join(root.text_content().split())


# --- normalisation, boilerplate, dateline ---------------------------------------------------
def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    # Each substitution only where a substring test says it can match (most texts: nowhere).
    if " \n" in text or "\t\n" in text or "\u00a0\n" in text:
        text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    if "\n\n\n" in text:
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def article_id_of(text: str) -> str:
    """sha256 of the text with case, spacing and Unicode form normalised."""
    # normalize() builds a new string even when nothing changes; the quick check does not.
    # NFKC maps a no-break space (common in news text) to a space, a starter like it, so
    # replacing it first changes nothing but lets most texts pass the quick check.
    text = text.replace("\u00a0", " ")
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    norm = " ".join(text.casefold().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


_MARKER = (r"bagikan|share(?: this(?: article)?)?|tweet|facebook|twitter|whatsapp|telegram|"
           r"email|print|cetak|bagaimana reaksi anda\??|how do you feel\??|reactions?|"
           r"поделиться|paylaş|bölüş|paylaş|iklan|advertisement|реклама|reklam|tags?:?|"
           r"komentar|comments?")
_MARKER_LINE = re.compile(r"^\W*(?:" + _MARKER + r")(?:\W+(?:" + _MARKER + r"))*\W*$", re.I)
_LINK_BLOCK = re.compile(r"^\W*(?:read (?:previous|next)|baca (?:juga|selanjutnya|sebelumnya)|"
                         r"berita terkait|artikel terkait|related(?: articles| posts| news)?|"
                         r"see also|more stories|читайте также|другие новости|по теме|"
                         r"ilgili haberler|benzer haberler|oxşar xəbərlər|digər xəbərlər|"
                         r"previous|next)\W*$", re.I)


# A source line ("Source: Reuters", "Sumber: ...", "Источник: ...") or a line that is mostly
# web addresses: attribution, never a report (words in a URL's slug are not events).
_SOURCE_LINE = re.compile(r"^\W*(?:sources?|sumber|источник\w*|kaynak\w*|mənbə\w*|quellen?|"
                          r"fuentes?|restated from[^:\n]{0,40})\s*:", re.I)
_URL = re.compile(r"https?://\S+|www\.\S+")


def _is_source_line(line: str) -> bool:
    if _SOURCE_LINE.match(line):
        return True
    if "http" not in line and "www." not in line:
        return False
    return sum(len(u) for u in _URL.findall(line)) * 2 > len(line.strip())


def _boilerplate(text: str) -> list[tuple[int, int]]:
    """Ranges of share bars, reactions and link blocks; a link block's following line is the
    linked headline, and a tail of short lines after the last marker is footer too."""
    lines = []
    pos = 0
    for line in text.split("\n"):  # (start, end, text) of every non-empty line
        if line:
            lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    ranges: list[tuple[int, int]] = []
    take_next = False
    for start, end, line in lines:
        if not line.strip():
            continue
        link_block = _LINK_BLOCK.match(line) is not None
        if link_block or _MARKER_LINE.match(line) or _is_source_line(line):
            ranges.append((start, end))
            take_next = link_block
        elif take_next:
            ranges.append((start, end))
            take_next = False
    if ranges:
        tail = [ln for ln in lines if ln[0] >= ranges[-1][1] and ln[2].strip()]
        if all(len(ln[2]) < 120 for ln in tail):
            ranges += [(s, e) for s, e, _ in tail]
    return _merged(ranges)


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + 2:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# A dateline lead: a few words (place, site) ending in a separator right before the date.
_DATELINE_LEAD = re.compile(r"^\s*[^\W\d_][^\s.!?]*(?:[ .][^\s!?]+){0,4}?\s*[,(–—:-]\s*$")
_DATELINE_TAIL = re.compile(r"^\s*\)?\s*(?:\([^)\n]{1,30}\))?\s*[.:–—-]*\s*(?:/[^/\n]{1,20}/)?")


@dataclass(frozen=True, slots=True)
class _Dateline:
    start: int
    end: int
    place: str
    day: date
    site: str  # "Konfirmasitimes.com" in "Konfirmasitimes.com-Jakarta (04/10/2020)"


def _dateline(text: str, body_start: int) -> _Dateline | None:
    """A dateline at the start of a paragraph: "Site.com-Jakarta (04/10/2020).",
    "BAKU, Oct 4 (Reuters) -", "Москва, 4 октября 2020 г." → place and date."""
    for para in re.finditer(r"[^\n]+", text[body_start:body_start + 1500]):
        line_start = body_start + para.start()
        days = [e for e in find_dates(para.group()[:160], None) if e.kind == "day"]
        if not days:
            continue
        first = days[0]
        lead = para.group()[:first.start]
        if not _DATELINE_LEAD.match(lead):
            continue  # "... shelled Ganja on 4 October 2020" is a sentence, not a dateline
        tail = _DATELINE_TAIL.match(para.group()[first.end:])
        end = line_start + first.end + (tail.end() if tail else 0)
        site = re.match(r"\s*([\w-]+(?:\.[\w-]+)*\.[a-z]{2,4})\b", lead)
        return _Dateline(line_start, end, _dateline_place(lead), first.first,
                         site[1] if site else "")
    return None


def _dateline_place(lead: str) -> str:
    """The filing place of a dateline lead: the last name after site names and separators."""
    pieces = [p.strip(" ,(–—-") for p in re.split(r"[,(–—]|-(?=[^\W\d_])", lead)]
    pieces = [p for p in pieces if p and not re.search(r"\.\w{2,4}$|\d", p)]
    if not pieces:
        return ""
    place = pieces[-1].split("/")[0].strip()
    return place.title() if place.isupper() else place


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE)
    ident.set_languages(list(LANGUAGES))
    return ident


# py3langid walks its byte automaton one byte at a time in Python, each step a random read
# in a 39 MB table; next to the gazetteer that read misses the CPU cache almost every time.
# The automaton's state after a byte depends only on the last DFA_DEPTH bytes (its longest
# feature; tests/mapapp/test_articles.py checks the bound on the installed model), so the
# states of all positions are computed together, one vectorised step per look-back byte,
# giving exactly the feature counts (in the same order) that py3langid's loop gives.
DFA_DEPTH = 6


@lru_cache(maxsize=1)
def _automaton() -> tuple[Any, Any, Any, Any]:
    """The DFA tables as arrays, and the class-score table row-major in float32: py3langid's
    is a float16 column slice, so gathering one feature's row touched 17 cache lines and
    converted on every call (the float32 values and so the matmul are the same)."""
    import numpy as np

    ident = _identifier()
    return (np.frombuffer(ident.tk_nextmove, dtype=np.uint32),
            np.asarray(ident._rowbase, dtype=np.int64),
            np.asarray(ident.tk_output, dtype=np.int64),
            np.ascontiguousarray(ident.nb_ptc, dtype=np.float32))


def _feature_counts(data: bytes) -> dict[int, int]:
    """py3langid's ``visit_counts`` (feature → count, in first-seen order), vectorised."""
    import numpy as np

    nextmove, rowbase, output, _ = _automaton()
    b = np.frombuffer(data, dtype=np.uint8)
    n = len(b)
    state = np.zeros(n, dtype=np.int64)
    for back in range(min(DFA_DEPTH, n) - 1, 0, -1):  # the oldest byte of each window first
        state[back:] = nextmove[rowbase[state[back:]] + b[:n - back]]
    state = nextmove[rowbase[state] + b]
    features = output[state]
    # A Counter keeps first-seen order, as py3langid's does (no sort and argsort needed).
    return dict(Counter(features[features >= 0].tolist()))


def detect_language(text: str) -> str:
    """ISO 639-1 code of the body text, restricted to ``LANGUAGES`` (py3langid's answer)."""
    import numpy as np

    ident = _identifier()
    data = ident._encode(text[:800])
    counts = _feature_counts(data)
    if not counts:  # no feature at all: py3langid's own path for that case
        return str(ident.classify(text[:800])[0])
    # py3langid's _sparse_score, on the row-major float32 table
    idx = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
    visits = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
    scores = np.log1p(visits) @ _automaton()[3][idx] + ident.nb_pc
    for i, j in ident._alias_pairs:  # labels that share a column: as py3langid folds them
        scores[i] = max(scores[i], scores[j])
        scores[j] = _raw_floor()
    return str(ident.nb_classes[int(scores.argmax())])


@lru_cache(maxsize=1)
def _raw_floor() -> float:
    from py3langid.langid import RAW_FLOOR

    return float(RAW_FLOOR)


def _build(raw: _Raw, path: str, label: str) -> Article:
    text = _clean(raw.text)
    if sum(1 for _ in islice(_LETTER.finditer(text), MIN_LETTERS)) < MIN_LETTERS:
        raise ArticleError(f"{label}: no article text (fewer than {MIN_LETTERS} letters)")
    first_line = text.split("\n", 1)[0].strip() if "\n" in text else ""
    # a first line that opens with a dateline ("BAKU, Oct 4, 2020 (Reuters) - ...") is the
    # lead paragraph, not a headline
    opening = _dateline(text[:len(first_line)], 0) if first_line else None
    title = " ".join(raw.title.split()) or (
        first_line if len(first_line) <= 200 and opening is None else "")
    boilerplate = _boilerplate(text)
    body_start = len(first_line) if first_line and title == first_line else 0
    dateline = opening or _dateline(text, body_start)
    if dateline is not None:
        boilerplate = _merged([*boilerplate, (dateline.start, dateline.end)])
    report = parse_date_text(raw.date) if raw.date else None
    if report is None and dateline is not None:
        report = dateline.day
    body = "".join(text[a:b] for a, b in _outside(boilerplate, len(text)))
    return Article(
        article_id=article_id_of(text), text=text, title=title,
        report_date=report.isoformat() if report else "",
        language=detect_language(body),
        source=raw.source or (dateline.site if dateline else ""), url=raw.url, path=path,
        dateline_place=dateline.place if dateline else "",
        boilerplate=tuple(boilerplate),
    )


def _outside(ranges: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    out, pos = [], 0
    for a, b in ranges:
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    out.append((pos, length))
    return out
