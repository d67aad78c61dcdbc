"""Parties, claimants and agents in French, German and Spanish reports, and the words of other
languages that begin the same way but name no party. Sentences restate what the sides
reported during the 2020 Karabakh war."""

from __future__ import annotations

import hashlib

import pytest

from mapapp._actors import agent, claimant, party_mentions
from mapapp.extract import extract_events
from mapapp.schema import Article


def _parties(text: str) -> list[tuple[str, str]]:
    return [(p.party, text[p.start:p.end]) for p in party_mentions(text)]


def _claim(text: str, previous: str = "") -> str:
    c = claimant(text, party_mentions(text), previous)
    return c.party if c else ""


def _agent(text: str) -> str:
    parties = party_mentions(text)
    c = claimant(text, parties, "")
    return agent(text, parties, c.speaker_span if c else (0, 0))


# --- names, demonyms, capitals, officials ----------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("L'Azerbaïdjan et l'Arménie s'accusent ; les soldats azerbaïdjanais et arméniens se battent.",
     [("Azerbaijan", "Azerbaïdjan"), ("Armenia", "Arménie"), ("Azerbaijan", "azerbaïdjanais"),
      ("Armenia", "arméniens")]),
    ("Bakou et Erevan ont rejeté l'appel de la Turquie, de la Russie et de l'Iran.",
     [("Azerbaijan", "Bakou"), ("Armenia", "Erevan"), ("Turkey", "Turquie"),
      ("Russia", "Russie"), ("Iran", "Iran")]),
    ("Les Azéris accusent les mercenaires turcs ; la diplomatie turque et russe dément.",
     [("Azerbaijan", "Azéris"), ("Turkey", "turcs"), ("Turkey", "turque"),
      ("Russia", "russe")]),
    ("La France, les États-Unis et la Géorgie, par la voix d'Emmanuel Macron, appellent au calme.",
     [("France", "France"), ("United States", "États-Unis"), ("Georgia", "Géorgie"),
      ("France", "Macron")]),
    ("Aserbaidschan und Armenien: die aserbaidschanische und die armenische Armee kämpfen.",
     [("Azerbaijan", "Aserbaidschan"), ("Armenia", "Armenien"),
      ("Azerbaijan", "aserbaidschanische"), ("Armenia", "armenische")]),
    ("Die Türkei, Russland und die USA: türkische, russische und französische Diplomaten.",
     [("Turkey", "Türkei"), ("Russia", "Russland"), ("United States", "USA"),
      ("Turkey", "türkische"), ("Russia", "russische"), ("France", "französische")]),
    ("Moskau, Eriwan, Teheran und Tiflis; die Vereinigten Staaten und Frankreich; Paschinjan.",
     [("Russia", "Moskau"), ("Armenia", "Eriwan"), ("Iran", "Teheran"), ("Georgia", "Tiflis"),
      ("United States", "Vereinigten Staaten"), ("France", "Frankreich"),
      ("Armenia", "Paschinjan")]),
    ("Azerbaiyán y Armenia: los soldados azerbaiyanos y armenios, con drones turcos.",
     [("Azerbaijan", "Azerbaiyán"), ("Armenia", "Armenia"), ("Azerbaijan", "azerbaiyanos"),
      ("Armenia", "armenios"), ("Turkey", "turcos")]),
    ("Turquía, Rusia, Irán, Francia y Estados Unidos; el canciller ruso y la diplomacia francesa.",
     [("Turkey", "Turquía"), ("Russia", "Rusia"), ("Iran", "Irán"), ("France", "Francia"),
      ("United States", "Estados Unidos"), ("Russia", "ruso"), ("France", "francesa")]),
    ("Moscú, Bakú y Ereván; la Federación Rusa; los azeríes; Georgia y Teherán.",
     [("Russia", "Moscú"), ("Azerbaijan", "Bakú"), ("Armenia", "Ereván"),
      ("Russia", "Federación Rusa"), ("Azerbaijan", "azeríes"), ("Georgia", "Georgia"),
      ("Iran", "Teherán")]),
])
def test_party_names_and_demonyms(text: str, expected: list[tuple[str, str]]) -> None:
    assert _parties(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Les autorités du Haut-Karabakh ont fait état de tirs sur Stepanakert.",
     [("Armenia", "autorités du Haut-Karabakh")]),
    ("Die Behörden in Berg-Karabach meldeten Beschuss auf Stepanakert.",
     [("Armenia", "Behörden in Berg-Karabach")]),
    ("Las autoridades de Nagorno Karabaj denunciaron ataques contra Stepanakert.",
     [("Armenia", "autoridades de Nagorno Karabaj")]),
    # the region alone is a place, not a party
    ("Le Haut-Karabakh, Berg-Karabach, Nagorno Karabaj et l'Arménie.",
     [("Armenia", "Arménie")]),
])
def test_de_facto_karabakh_authorities_speak_for_armenia(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert _parties(text) == expected


@pytest.mark.parametrize(("false_friend", "text", "expected"), [
    # Indonesian: "usaha" (effort), "usai" (after), "rusak" (damaged), "rusa" (a deer)
    ("Usai serangan, usaha warga memperbaiki rumah yang rusak terhenti; seekor rusa mati.",
     "Die USA und Russland riefen zur Waffenruhe auf.",
     [("United States", "USA"), ("Russia", "Russland")]),
    # Spanish "usa" (uses) in lower case, "turquesa" (turquoise); French "turquoise"
    ("El ejército usa un uniforme turquesa; une robe turquoise.",
     "La diplomatie turque et les drones turcs.", [("Turkey", "turque"), ("Turkey", "turcs")]),
    # the name Russell; Turkish "kremli" (with cream), "turcu" (a tour guide)
    ("Russell kremli pasta yedi; turcu rehberdi.", "Les Russes et les Turcs ; der Kreml.",
     [("Russia", "Russes"), ("Turkey", "Turcs"), ("Russia", "Kreml")]),
    # the United Arab Emirates (Vereinigte Arabische Emirate)
    ("Er besuchte die Vereinigte Arabische Emirate.", "Er besuchte die Vereinigten Staaten.",
     [("United States", "Vereinigten Staaten")]),
])
def test_false_friends_name_no_party(false_friend: str, text: str,
                                     expected: list[tuple[str, str]]) -> None:
    assert _parties(false_friend) == []
    assert _parties(text) == expected


# --- who reports -----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "party"), [
    # French: passé composé, "selon", "d'après", inverted after a comma
    ("Le ministère azerbaïdjanais de la Défense a affirmé dimanche que l'armée arménienne "
     "bombardait Terter.", "Azerbaijan"),
    ("Selon le ministère arménien de la Défense, l'armée azerbaïdjanaise a lancé une attaque.",
     "Armenia"),
    ("D'après Bakou, des obus arméniens sont tombés sur Gandja.", "Azerbaijan"),
    ("L'armée azerbaïdjanaise a bombardé Stepanakert, a indiqué le porte-parole arménien.",
     "Armenia"),
    ("Les autorités du Haut-Karabakh ont déclaré que des drones azerbaïdjanais avaient "
     "frappé la ville.", "Armenia"),
    # German: subject before, subject after the verb (V2), "teilte ... mit", "laut",
    # "nach Angaben", "zufolge"
    ("Das aserbaidschanische Verteidigungsministerium erklärte, armenische Truppen hätten "
     "Terter beschossen.", "Azerbaijan"),
    ("Am Sonntag teilte das armenische Verteidigungsministerium mit, aserbaidschanische "
     "Drohnen hätten Stepanakert angegriffen.", "Armenia"),
    ("Laut dem aserbaidschanischen Verteidigungsministerium schlugen armenische Raketen in "
     "Gandscha ein.", "Azerbaijan"),
    ("Nach Angaben der Behörden in Berg-Karabach griff die aserbaidschanische Armee an.",
     "Armenia"),
    ("Dem armenischen Verteidigungsministerium zufolge hielten die aserbaidschanischen "
     "Angriffe an.", "Armenia"),
    # Spanish: preterite, inverted after a comma, verb first (VS), "según"
    ("El Ministerio de Defensa de Azerbaiyán afirmó que las fuerzas armenias atacaron Terter.",
     "Azerbaijan"),
    ("Las fuerzas azerbaiyanas atacaron Stepanakert, dijo el portavoz armenio.", "Armenia"),
    ("Así lo informó el Ministerio de Defensa de Armenia tras el ataque azerbaiyano.",
     "Armenia"),
    ("Según las autoridades de Nagorno Karabaj, drones azerbaiyanos atacaron Stepanakert.",
     "Armenia"),
])
def test_claimant(text: str, party: str) -> None:
    assert _claim(text) == party


def test_pronoun_report_inherits_the_previous_claimant() -> None:
    # "Il a ajouté ...", "Er sagte ...", "Dijo ...": the verb without a party keeps the
    # speaker of the sentence before
    assert _claim("Il a ajouté que les combats se poursuivaient.", "Armenia") == "Armenia"
    assert _claim("Er sagte, die Kämpfe gingen weiter.", "Azerbaijan") == "Azerbaijan"
    assert _claim("Dijo que los combates continuaban.", "Armenia") == "Armenia"


@pytest.mark.parametrize(("not_a_report", "report", "party"), [
    # Indonesian "laut" (sea) is not German "laut" (according to): "the Russian navy"
    ("Angkatan Laut Rusia menggelar latihan di Laut Kaspia.",
     "Laut dem russischen Außenministerium gilt die Waffenruhe.", "Russia"),
    # French "précise" is also an adjective, "annonce" a noun; English "assure"
    ("Une frappe précise de l'armée azerbaïdjanaise après l'annonce arménienne.",
     "L'armée azerbaïdjanaise affirme avoir frappé des positions arméniennes.", "Azerbaijan"),
    ("Turkey will assure Azerbaijan of its support.",
     "La Turquie et l'Azerbaïdjan assurent que la Syrie n'est pas concernée.", "Turkey"),
])
def test_words_that_are_not_reporting_verbs(not_a_report: str, report: str,
                                            party: str) -> None:
    assert _claim(not_a_report) == ""
    assert _claim(report) == party


# --- who acts --------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "party"), [
    ("Les autorités du Haut-Karabakh ont déclaré que Stepanakert avait été bombardée par "
     "l'armée azerbaïdjanaise.", "Azerbaijan"),
    ("Die Behörden in Berg-Karabach sagten, Stepanakert sei von aserbaidschanischen Truppen "
     "beschossen worden.", "Azerbaijan"),
    ("Baku sagte, Gandscha sei durch armenische Raketen getroffen worden.", "Armenia"),
    ("Las autoridades de Nagorno Karabaj afirmaron que Stepanakert fue bombardeada por las "
     "fuerzas azerbaiyanas.", "Azerbaijan"),
    # a party describing a place is not the actor
    ("Selon Erevan, la ville azerbaïdjanaise de Gandja abrite des forces turques.", "Turkey"),
    ("Baku sagte, die armenische Stadt Martakert werde von Kämpfern aus der Türkei gehalten.",
     "Turkey"),
])
def test_agent(text: str, party: str) -> None:
    assert _agent(text) == party


def test_german_von_outside_a_passive_is_not_the_agent() -> None:
    # "Beschuss von armenischen Stellungen": "von" names the target here
    text = "Aserbaidschan meldete den Beschuss von armenischen Stellungen."
    parties = party_mentions(text)
    assert agent(text, parties, (0, 0), explicit_only=True) == ""
    passive = "Stellungen wurden von armenischen Truppen beschossen."
    assert agent(passive, party_mentions(passive), (0, 0), explicit_only=True) == "Armenia"


# --- end to end ------------------------------------------------------------------------------
def _events(text: str, language: str) -> list:  # type: ignore[type-arg]
    article = Article(hashlib.sha256(text.encode()).hexdigest(), text, "", "2020-10-05",
                      language, "", "")
    return extract_events(article, None)


@pytest.mark.parametrize(("text", "language", "actor1", "actor2", "claimed_by"), [
    ("Les autorités du Haut-Karabakh ont déclaré dimanche que Stepanakert avait été visée par "
     "des drones de l'armée azerbaïdjanaise.", "fr", "Azerbaijan", "Armenia", "Armenia"),
    ("Am Sonntag teilte das aserbaidschanische Verteidigungsministerium mit, armenische "
     "Raketen hätten Gandscha getroffen.", "de", "Armenia", "Azerbaijan", "Azerbaijan"),
    ("Según el Ministerio de Defensa de Azerbaiyán, un dron armenio atacó Terter.", "es",
     "Armenia", "Azerbaijan", "Azerbaijan"),
])
def test_events_carry_parties_and_claimant(text: str, language: str, actor1: str, actor2: str,
                                           claimed_by: str) -> None:
    [event] = _events(text, language)
    assert (event.actor1, event.actor2, event.claimed_by) == (actor1, actor2, claimed_by)


@pytest.mark.parametrize("text", [
    "By Tuesday, Karabakh troops had been withdrawn from the district.",
    "Nagorno-Karabakh forces said they had repelled an attack.",
    "Армия обороны Нагорного Карабаха сообщила об обстреле.",
])
def test_karabakh_forces_are_the_armenian_side(text: str) -> None:
    assert [p.party for p in party_mentions(text)][:1] == ["Armenia"]


def test_the_region_alone_is_no_party() -> None:
    assert party_mentions("Fighting in Karabakh continued on Monday.") == []
