"""Name normalisation shared by the index builder and the spotter.

Both sides must fold text the same way, so that "Qarabağ", "Karabağ'da", "Карабахе" and
"KARABAKH" meet the names in the index. Folding happens per token (cached), and a separate
*stem* of each token strips one inflectional suffix so inflected forms can be matched in a
second, lower-confidence pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple, TypeVar

# Azerbaijani/Turkish letters that NFKD does not decompose, plus x≈kh and q≈g.
_LATIN_FOLD = str.maketrans({
    "ə": "e", "ı": "i", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l",
    "þ": "th", "ð": "d",
})

# Common (BGN/PCGN-like) romanisation of Russian/Ukrainian Cyrillic.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "e", "ғ": "g", "қ": "k",
    "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "ҹ": "j", "ј": "y",
}

# Armenian (lower case; the tokeniser lowers first). Hübschmann-Meillet-like, ASCII only.
_ARMENIAN = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "e",
    "թ": "t", "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h",
    "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o",
    "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r",
    "ց": "ts", "ւ": "v", "փ": "p", "ք": "k", "օ": "o", "ֆ": "f", "և": "ev",
}
_SCRIPT_FOLD = str.maketrans({**_CYRILLIC, **_ARMENIAN})

# Sound-alike folding applied after transliteration, so every script lands in one space
# (German spellings too: "Gandscha", "Dschebrail", "Schuscha" fold as Ganja, Jabrayil, Shusha).
_SOUND_FOLD = (("dsch", "c"), ("tsch", "c"), ("sch", "s"), ("kh", "x"), ("q", "g"), ("w", "v"),
               ("dzh", "c"), ("j", "c"), ("ch", "c"), ("sh", "s"), ("y", "i"), ("ou", "u"),
               ("ck", "k"))

# A token: a run of letters/digits, with inner apostrophes (Karabağ'da, Mel'nikov) — but a
# French or Italian elided article or preposition is not part of the word after it
# ("l'Arménie", "d'Aghdam", "dell'Armenia", "N'Djamena" → Arménie, Aghdam, Armenia,
# Djamena, in names and text alike).
# (Possessive quantifiers: the same matches, since nothing after them can need a shorter
# run, without the regex engine keeping backtracking points.)
_ELISION = (r"(?:[LlDdJjNnMmTtCcSs]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Dd]ell|[Nn]ell|[Aa]ll|"
            r"[Ss]ull|[Dd]all)['’ʼ`]")
TOKEN_RE = re.compile(r"(?<![^\W_])(?!" + _ELISION + r"[^\W_])[^\W_]++(?:['’ʼ`][^\W_]++)*+")
_APOSTROPHES = "'’ʼ`"

# Inflection: suffixes stripped (longest first) in the stem pass, chosen by the token's
# script. Applied only when at least four characters remain, so short names survive.
def _by_length(items: set[str]) -> tuple[str, ...]:
    return tuple(sorted(items, key=len, reverse=True))


_LATIN_SUFFIXES = _by_length({
    # Indonesian/Malay clitics and particles
    "nia", "lah", "kah", "pun",
    # Azerbaijani/Turkish case and possessive suffixes (after folding: ı→i, ğ→g, q→g)
    "da", "de", "ta", "te", "dan", "den", "tan", "ten", "in", "un", "nin", "nun", "ni",
    "nu", "ia", "ie", "daki", "deki", "dagi", "degi", "nda", "nde", "ndan", "nden",
})
_CYRILLIC_SUFFIXES = _by_length({
    "e", "u", "a", "om", "oi", "ei", "ami", "ax", "ov", "ev", "i", "im", "ie", "ogo",
    "oiu", "eiu", "ui", "ia", "iu",
})
# Russian adjectives ("украинские", "армянской") are not inflected place names.
_CYRILLIC_ADJECTIVE = ("skii", "skaia", "skoe", "skie", "skogo", "skomu", "skix", "skim",
                       "skimi", "skoi", "skuiu", "nii", "naia", "noe", "nie", "nogo", "noi")
_ARMENIAN_SUFFIXES = _by_length({"i", "um", "ic", "its", "e", "n", "ov", "in"})


def _script(ch: str) -> str:
    code = ord(ch)
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    if 0x0530 <= code <= 0x058F:
        return "armenian"
    return "latin"


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """Fold one token: case, diacritics, script and sound-alike letters; apostrophes dropped."""
    t = token.lower().replace("ու", "u").translate(_LATIN_FOLD).translate(_SCRIPT_FOLD)
    t = unicodedata.normalize("NFKD", t)
    t = "".join(c for c in t if not unicodedata.combining(c) and c not in _APOSTROPHES)
    t = t.translate(_LATIN_FOLD)
    for a, b in _SOUND_FOLD:
        if a in t:
            t = t.replace(a, b)
    return t


@lru_cache(maxsize=200_000)
def stem_token(token: str) -> str:
    """Fold and strip one inflectional suffix; a Turkish-style apostrophe suffix goes first."""
    for ap in _APOSTROPHES:
        if ap in token:
            return fold_token(token.split(ap, 1)[0])
    folded = fold_token(token)
    script = _script(token[0])
    if script == "cyrillic" and folded.endswith(_CYRILLIC_ADJECTIVE):
        return folded
    suffixes = (_CYRILLIC_SUFFIXES if script == "cyrillic" else
                _ARMENIAN_SUFFIXES if script == "armenian" else _LATIN_SUFFIXES)
    for suffix in suffixes:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 4:
            return folded[: -len(suffix)]
    return folded


@lru_cache(maxsize=200_000)
def stem_variants(token: str) -> tuple[str, ...]:
    """Inflection-stripped keys to try for a token, best first.

    Russian case endings replace the nominative "-a" of feminine names ("Бучу", "Шуше"
    for "Буча", "Шуша"), so a Cyrillic stem is also tried with "a" restored, and short
    stems (three letters) are allowed there.
    """
    first = stem_token(token)
    folded = fold_token(token)
    if _script(token[0]) != "cyrillic" or folded.endswith(_CYRILLIC_ADJECTIVE):
        return (first,)
    out = [first] if first != folded else []
    for suffix in _CYRILLIC_SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
            base = folded[: -len(suffix)]
            for key in (base, base + "a"):
                if key not in out and key != folded:
                    out.append(key)
            break
    return tuple(out) or (first,)


def normalise(name: str) -> str:
    """The index key of a name: folded tokens joined by single spaces ("" if no letters)."""
    return " ".join(fold_token(t) for t in TOKEN_RE.findall(name))


class Token(NamedTuple):
    """A word of the input: its span in the original text, its case and folded form."""

    start: int
    end: int
    text: str
    capitalised: bool  # first letter upper case, or a script without case
    folded: str


# Punctuation between two words that ends a name ("Baku, Ganja"); a hyphen only when spaced
# (" - "), since "Nagorno-Karabakh" is one name.
_BREAKERS = frozenset("-.,;:!?()[]{}\"“”«»„|/\\–—\n")
_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})")
# The same split for a text without "_", where \w (one category test per character) is
# [^\W_] (a negated set of a category and a literal).
_SPLIT_NO_UNDERSCORE_RE = re.compile(r"((?<!\w)(?!" + _ELISION + r"\w)\w++(?:['’ʼ`]\w++)*+)")
_CAP, _FOLD, _CASE = itemgetter(0), itemgetter(1), itemgetter(2)
CASE_SAMPLE = 400  # words whose first letters decide whether a text uses case at all
_UPPER = 1024  # case bits: 1 for a letter + _UPPER for upper case (sums stay apart)
_T = TypeVar("_T")


def cached_map(fn: Callable[[str], _T], cache: dict[str, _T], items: list[str],
               limit: int) -> list[_T]:
    """``list(map(fn, items))`` for a pure ``fn`` through ``cache``: one C-level dict
    lookup per item (cheaper than an lru_cache call), ``fn`` only for new items; the cache
    is emptied when it holds over ``limit`` entries."""
    try:
        return list(map(cache.__getitem__, items))
    except KeyError:  # some items are new
        if len(cache) > limit:
            cache.clear()
        out = []
        for item in items:
            hit = cache.get(item)
            if hit is None:
                hit = cache[item] = fn(item)
            out.append(hit)
        return out


def _word_traits(word: str) -> tuple[bool, str, int]:
    """Whether a word is capitalised (or of a script without case), its folded form, and
    its first character's case bits (1 for a letter, + _UPPER for upper case)."""
    head = word[0]
    return (head.isupper() or not head.islower(), fold_token(word),
            head.isalpha() + _UPPER * head.isupper())


_TRAITS: dict[str, tuple[bool, str, int]] = {}  # per distinct word
_GAPS: dict[str, bool] = {}  # per distinct gap between words


def _gap_breaks(gap: str) -> bool:
    """Whether the characters between two words stop a name: a gap over three characters
    or a breaker; a hyphen only with white space on both sides inside the gap (the
    characters just outside a gap are letters)."""
    if len(gap) > 3:
        return True
    last = len(gap) - 1
    return any(ch in _BREAKERS and (ch != "-" or (0 < k < last and gap[k - 1].isspace()
                                                  and gap[k + 1].isspace()))
               for k, ch in enumerate(gap))


class Words(NamedTuple):
    """The words of a text as columns (lists in text order, one item per word): where
    each starts and ends, its text, whether it is capitalised, its folded form, and
    whether punctuation (or a wide gap) comes before it; and whether the text uses case
    at all (False for all-lower-case input such as chat or captions: then case says
    nothing)."""

    starts: list[int]
    ends: list[int]
    texts: list[str]
    caps: list[bool]
    folded: list[str]
    breaks: list[bool]
    cased: bool


def scan_words(text: str) -> Words:
    """The words of a text with their spans, and breaks[i]: punctuation (or a wide gap)
    between word i-1 and i, across which no place name runs.

    Built column-wise (C-level maps: one regex for words, word fields cached per distinct
    word, the gaps between words judged once per distinct gap string) with no object per
    word: this runs on every character of every article. One ``split`` on the word
    pattern gives gap, word, gap, word, ..., gap without a match object per word; the
    running sum of their lengths gives every word's span."""
    parts = (_SPLIT_RE if "_" in text else _SPLIT_NO_UNDERSCORE_RE).split(text)
    if len(parts) == 1:
        return Words([], [], [], [], [], [], False)
    bounds = list(accumulate(map(len, parts)))  # where each gap or word ends
    words = parts[1::2]
    traits = cached_map(_word_traits, _TRAITS, words, 200_000)
    brk = [True]
    brk += cached_map(_gap_breaks, _GAPS, parts[2:-1:2], 20_000)
    # cased: over 3% of the first letters of the first words are upper case
    letters, upper = divmod(sum(map(_CASE, traits[:CASE_SAMPLE])), _UPPER)[::-1]
    cased = bool(letters) and upper / letters > 0.03
    return Words(bounds[0:-1:2], bounds[1::2], words, list(map(_CAP, traits)),
                 list(map(_FOLD, traits)), brk, cased)


def scan(text: str) -> tuple[list[Token], list[bool]]:
    """Word tokens and the breaks between them (see ``scan_words``)."""
    w = scan_words(text)
    return list(map(Token, w.starts, w.ends, w.texts, w.caps, w.folded)), w.breaks


def tokenise(text: str) -> list[Token]:
    """Split text into word tokens with their character spans."""
    return scan(text)[0]
