"""French, German and Spanish dates as news reports write them (sentences written for these
tests, restating reported facts of the 2020 Karabakh war with their sources)."""

from __future__ import annotations

from datetime import date

import pytest

from mapapp._dates import find_dates, fold, parse_date_text
from mapapp._wordgate import words_of
from mapapp.articles import read_article

# Sunday 4 October 2020: the report date of the tests' articles.
ANCHOR = date(2020, 10, 4)


def _found(text: str, anchor: date | None = ANCHOR) -> list[tuple[str, date, date, str]]:
    """(surface, first, last, kind) of every expression; with and without the word mask."""
    plain = find_dates(text, anchor)
    folded = fold(text)
    masked = find_dates(text, anchor, folded, words_of(folded))
    assert plain == masked
    return [(text[e.start:e.end], e.first, e.last, e.kind) for e in plain]


@pytest.mark.parametrize(("text", "surface", "day"), [
    ("Selon Bakou, Gandja a été bombardée le 4 octobre 2020.", "4 octobre 2020", ANCHOR),
    ("Le 1er octobre, Erevan a fait état de tirs.", "1er octobre", date(2020, 10, 1)),
    ("Laut Baku wurde Gandscha am 4. Oktober 2020 beschossen.", "4. Oktober 2020", ANCHOR),
    ("Eriwan meldete am 27. September erste Gefechte.", "27. September", date(2020, 9, 27)),
    ("Según Bakú, Ganyá fue bombardeada el 4 de octubre de 2020.", "4 de octubre de 2020",
     ANCHOR),
    ("Ereván denunció el 28 de septiembre ataques en la frontera.", "28 de septiembre",
     date(2020, 9, 28)),
])
def test_explicit_days(text: str, surface: str, day: date) -> None:
    assert _found(text) == [(surface, day, day, "day")]


def test_spanish_month_with_de_is_a_month() -> None:
    assert _found("Los combates comenzaron en septiembre de 2020, según Ereván.") == [
        ("septiembre de 2020", date(2020, 9, 1), date(2020, 9, 30), "month")]


@pytest.mark.parametrize("dateline", [
    "Bakou, 4 octobre 2020 (Agence) - Selon le ministère azerbaïdjanais, la ville de Gandja "
    "a été bombardée dans la nuit.",
    "Baku, 4. Oktober 2020 - Nach Angaben des aserbaidschanischen Ministeriums wurde die "
    "Stadt Gandscha in der Nacht beschossen.",
    "Bakú, 4 de octubre de 2020 - Según el ministerio azerbaiyano, la ciudad de Ganyá fue "
    "bombardeada durante la noche.",
])
def test_datelines_give_the_report_date(dateline: str) -> None:
    for text in (dateline, f"Karabakh\n\n{dateline}\nMore text follows.\n"):  # with a title
        article = read_article(text.encode(), name="a.txt", max_bytes=5_000_000)
        assert article.report_date == "2020-10-04"
        assert article.dateline_place == dateline.split(",")[0]


@pytest.mark.parametrize("line", [
    "Bakú, 4 de octubre de 2020 -", "Baku, 4. Oktober 2020 -", "Bakou, 4 octobre 2020 -"])
def test_parse_date_text_reads_datelines(line: str) -> None:
    assert parse_date_text(line) == ANCHOR


@pytest.mark.parametrize(("text", "surface", "day"), [
    # lower case after the verb, as French and Spanish write weekdays
    ("Les forces arméniennes ont bombardé samedi la ville, selon Bakou.", "samedi",
     date(2020, 10, 3)),
    ("Le ministère a affirmé le vendredi que le front était calme.", "le vendredi",
     date(2020, 10, 2)),
    ("Die Armee meldete am Samstag Angriffe, teilte Baku mit.", "am Samstag",
     date(2020, 10, 3)),
    ("Am Donnerstagabend griff die Armee an, sagte Eriwan.", "Donnerstagabend",
     date(2020, 10, 1)),
    ("Según Bakú, el ataque ocurrió el sábado.", "el sábado", date(2020, 10, 3)),
    ("Ereván informó miércoles de nuevos combates.", "miércoles", date(2020, 9, 30)),
])
def test_weekdays(text: str, surface: str, day: date) -> None:
    assert _found(text) == [(surface, day, day, "weekday")]


@pytest.mark.parametrize(("text", "surface"), [
    ("Stepanakert a été visée dans la nuit de samedi à dimanche, selon Erevan.",
     "nuit de samedi à dimanche"),
    ("Stepanakert wurde in der Nacht zum Sonntag beschossen, so Eriwan.", "Nacht zum Sonntag"),
    ("In der Samstagnacht wurde Stepanakert beschossen, so Eriwan.", "Samstagnacht"),
    ("Stepanakert fue atacada durante la noche del sábado, según Ereván.", "noche del sábado"),
    ("Ganyá fue bombardeada en la madrugada del domingo, según Bakú.", "madrugada del domingo"),
])
def test_named_nights_span_the_evening_and_the_morning(text: str, surface: str) -> None:
    assert _found(text) == [(surface, date(2020, 10, 3), ANCHOR, "night")]


def test_a_night_after_the_report_date_stops_at_it() -> None:
    # reported on Sunday: the night of Sunday cannot run into Monday
    assert _found("Ereván habló de ataques en la noche del domingo.") == [
        ("noche del domingo", ANCHOR, ANCHOR, "night")]


@pytest.mark.parametrize(("text", "first", "last", "kind"), [
    ("Gandja a été touchée hier, selon Bakou.", date(2020, 10, 3), date(2020, 10, 3),
     "yesterday"),
    ("Gandscha wurde gestern beschossen, sagte Baku.", date(2020, 10, 3), date(2020, 10, 3),
     "yesterday"),
    ("Ganyá fue atacada ayer, según Bakú.", date(2020, 10, 3), date(2020, 10, 3), "yesterday"),
    ("Bakou dit que Gandja a été bombardée avant-hier.", date(2020, 10, 2), date(2020, 10, 2),
     "days_ago"),
    ("Hoy Bakú volvió a denunciar ataques.", ANCHOR, ANCHOR, "today"),
    ("Vergangene Nacht gab es Angriffe auf Stepanakert, so Eriwan.", date(2020, 10, 3),
     ANCHOR, "overnight"),
    ("Anoche hubo ataques contra Stepanakert, según Ereván.", date(2020, 10, 3), ANCHOR,
     "overnight"),
    ("Erevan a signalé des tirs la semaine dernière.", date(2020, 9, 21), date(2020, 9, 27),
     "last_week"),
    ("Eriwan meldete vergangene Woche Gefechte.", date(2020, 9, 21), date(2020, 9, 27),
     "last_week"),
    ("Ereván denunció combates la semana pasada.", date(2020, 9, 21), date(2020, 9, 27),
     "last_week"),
    ("Gandja a été bombardée il y a deux jours, selon Bakou.", date(2020, 10, 2),
     date(2020, 10, 2), "days_ago"),
    ("Gandscha wurde vor drei Tagen beschossen, so Baku.", date(2020, 10, 1),
     date(2020, 10, 1), "days_ago"),
    ("Ganyá fue bombardeada hace 2 días, según Bakú.", date(2020, 10, 2), date(2020, 10, 2),
     "days_ago"),
    ("Selon Bakou, 25 civils ont été tués jusqu’à présent.", date(2020, 9, 4), ANCHOR,
     "so_far"),
    ("Nach Angaben Bakus wurden bisher 25 Zivilisten getötet.", date(2020, 9, 4), ANCHOR,
     "so_far"),
    ("Según Bakú, hasta ahora han muerto 25 civiles.", date(2020, 9, 4), ANCHOR, "so_far"),
])
def test_relative_words(text: str, first: date, last: date, kind: str) -> None:
    found = [(f, la, k) for _s, f, la, k in _found(text)]
    assert found == [(first, last, kind)]


def test_german_hier_is_here_not_yesterday() -> None:
    assert _found("Hier in Baku ist die Lage nach Angaben der Behörden ruhig.") == []
    # a German name in a French sentence leaves "hier" a date
    assert _found("Ursula von der Leyen a appelé hier Bakou et Erevan au calme.") == [
        ("hier", date(2020, 10, 3), date(2020, 10, 3), "yesterday")]


def test_domingo_as_a_name_is_not_a_weekday() -> None:
    assert _found("Según el presidente, Domingo Pérez viajó a Santo Domingo.") == []


def test_relative_words_need_an_anchor() -> None:
    assert _found("Gandja a été touchée hier samedi.", anchor=None) == []
