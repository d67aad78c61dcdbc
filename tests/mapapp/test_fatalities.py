"""Death tolls in French, German and Spanish: numbers in digits and words, who died, how sure
the figure is, and counts that are not deaths. Sentences restate casualty figures the sides
reported during the 2020 Karabakh war."""

from __future__ import annotations

import hashlib

import pytest

from mapapp._actors import party_mentions
from mapapp._fatalities import death_figures
from mapapp.extract import extract_events
from mapapp.schema import Article

Toll = tuple[int, int | None, int | None, str, str, str]


def _tolls(text: str) -> list[Toll]:
    """(number, low, high, who died, their side, killer) of each death figure."""
    return [(f.number, f.low, f.high, f.who_died, f.side_of_dead, f.killer)
            for f in death_figures(text, party_mentions(text), [])]


@pytest.mark.parametrize(("text", "expected"), [
    # French
    ("Selon le parquet azerbaïdjanais, au moins 19 civils ont été tués et 70 blessés.",
     [(19, 19, None, "civilians", "", "")]),
    ("Bakou affirme que les missiles arméniens ont touché 19 localités et tué deux civils.",
     [(2, None, None, "civilians", "", "Armenia")]),
    ("D'après Erevan, plus de 1\u00a0200 militaires azerbaïdjanais sont morts depuis "
     "septembre.", [(1200, 1200, None, "soldiers", "Azerbaijan", "")]),
    ("Environ cinq personnes ont péri à Martouni, selon les autorités du Haut-Karabakh.",
     [(5, None, None, "people", "", "")]),
    ("Une femme et un enfant ont été tués à Stepanakert, selon les autorités locales.",
     [(2, None, None, "civilians", "", "")]),
    ("Un civil a été tué à Terter, a indiqué le ministère azerbaïdjanais.",
     [(1, None, None, "civilians", "", "")]),
    ("Jusqu'à dix soldats arméniens ont perdu la vie dans la contre-attaque.",
     [(10, None, 10, "soldiers", "Armenia", "")]),
    # German
    ("Nach Angaben aus Baku wurden mindestens zehn Zivilisten getötet und 30 Menschen "
     "verletzt.", [(10, 10, None, "civilians", "", "")]),
    ("Baku sagte, beim Beschuss von 19 Ortschaften seien fünf Menschen ums Leben gekommen.",
     [(5, None, None, "people", "", "")]),
    ("Ein Zivilist wurde in Stepanakert getötet, meldeten die Behörden in Berg-Karabach.",
     [(1, None, None, "civilians", "", "")]),
    ("Rund 5.000 Soldaten sind nach Angaben Putins auf beiden Seiten gestorben.",
     [(5000, None, None, "soldiers", "", "")]),
    ("Bis zu 14 Menschen starben bei dem Raketenangriff auf Gandscha.",
     [(14, None, 14, "people", "", "")]),
    ("In Gandscha gab es 13 Tote und mehr als 50 Verletzte.",
     [(13, None, None, "people", "", "")]),
    # Spanish
    ("Según Azerbaiyán, murieron 19 soldados armenios y otros 70 resultaron heridos.",
     [(19, None, None, "soldiers", "Armenia", "")]),
    ("Al menos dos civiles perdieron la vida en Ganyá; 19 localidades fueron atacadas.",
     [(2, 2, None, "civilians", "", "")]),
    # "hirieron" (wounded) is nearer to the second count than "mataron" is
    ("Según Bakú, misiles armenios mataron a 13 civiles en Ganyá e hirieron a más de 50 "
     "personas.", [(13, None, None, "civilians", "", "Armenia")]),
    ("Deux soldats ont succombé à leurs blessures, selon Erevan.",
     [(2, None, None, "soldiers", "", "")]),
    ("Casi 5 mil personas murieron en los combates, dijo Putin.",
     [(5000, None, 5000, "people", "", "")]),
    ("Según Bakú, las fuerzas armenias mataron a un civil en la ciudad de Terter.",
     [(1, None, None, "civilians", "", "Armenia")]),
    # "unos" (about) leaves the figure unbounded
    ("Unos cuatro militares azerbaiyanos fallecieron en Fuzuli, según Ereván.",
     [(4, None, None, "soldiers", "Azerbaijan", "")]),
])
def test_death_figures(text: str, expected: list[Toll]) -> None:
    assert _tolls(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # counts of places and of the wounded are not deaths; the dead next to them are
    ("Les tirs ont touché 19 localités, faisant 70 blessés et trois morts.",
     [(3, None, None, "people", "", "")]),
    ("19 Ortschaften wurden beschossen, 70 Menschen verletzt und drei Menschen getötet.",
     [(3, None, None, "people", "", "")]),
    ("Fueron atacadas 19 localidades; 70 personas resultaron heridas y tres murieron.",
     [(3, None, None, "people", "", "")]),
    # "situé" holds "tué", "mortier" begins with "mort": the shells are no toll
    ("Le village situé près de Terter a reçu 3 obus de mortier ; deux habitants sont morts.",
     [(2, None, None, "people", "", "")]),
    # "civil" and "militar" as adjectives count nobody; "un soldado" counts one
    ("Una guerra civil y un ataque militar: murió un soldado.",
     [(1, None, None, "soldiers", "", "")]),
])
def test_counts_that_are_not_deaths(text: str, expected: list[Toll]) -> None:
    assert _tolls(text) == expected


@pytest.mark.parametrize(("false_friend", "text", "expected"), [
    # English "a kind of" is not German "ein Kind"
    ("It was a kind of war in which many were killed.",
     "In Stepanakert wurde ein Kind getötet.", [(1, None, None, "civilians", "", "")]),
    # folded English "UN" is not French "un" ("a"): the mission's staff are not counted
    ("UN civilian staff were killed in the strike.", "Un enfant a été tué dans la frappe.",
     [(1, None, None, "civilians", "", "")]),
    # English "Sept." is not French seven; "a civil war" is not "un civil"
    ("Since Sept. 27 the killing in a civil war has not stopped.",
     "Sept soldats et un civil ont été tués.",
     [(7, None, None, "soldiers", "", ""), (1, None, None, "civilians", "", "")]),
])
def test_false_friends_count_nobody(false_friend: str, text: str,
                                    expected: list[Toll]) -> None:
    assert _tolls(false_friend) == []
    assert _tolls(text) == expected


# --- end to end ------------------------------------------------------------------------------
def _events(text: str, language: str) -> list:  # type: ignore[type-arg]
    article = Article(hashlib.sha256(text.encode()).hexdigest(), text, "", "2020-10-12",
                      language, "", "")
    return extract_events(article, None)


@pytest.mark.parametrize(("text", "language", "fatalities", "low", "high", "who", "by"), [
    ("Le ministère azerbaïdjanais de la Défense a affirmé que des missiles arméniens avaient "
     "tué dix civils à Gandja.", "fr", 10, 10, 10, "civilians", "Azerbaijan"),
    ("Am Sonntag teilte das aserbaidschanische Verteidigungsministerium mit, armenische "
     "Raketen hätten in Gandscha mindestens zehn Zivilisten getötet.", "de", 10, 10, None,
     "civilians", "Azerbaijan"),
    ("Las autoridades de Nagorno Karabaj afirmaron que drones azerbaiyanos mataron a tres "
     "civiles en Stepanakert.", "es", 3, 3, 3, "civilians", "Armenia"),
])
def test_events_carry_the_toll(text: str, language: str, fatalities: int, low: int,
                               high: int | None, who: str, by: str) -> None:
    [event] = _events(text, language)
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (fatalities, low,
                                                                               high)
    assert [(c.number, c.who_died, c.claimed_by) for c in event.fatality_claims] == [
        (fatalities, who, by)]


def test_wounded_only_event_has_no_toll() -> None:
    text = ("Selon Bakou, des missiles arméniens ont frappé Gandja dimanche, faisant "
            "30 blessés.")
    [event] = _events(text, "fr")
    assert (event.fatalities, event.fatality_claims, event.claimed_by) == (None, [],
                                                                           "Azerbaijan")
