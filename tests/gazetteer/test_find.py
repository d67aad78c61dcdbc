from __future__ import annotations

from datetime import date

import pytest
from geopy.distance import geodesic

from gazetteer import Gazetteer, GazetteerError, Mention, PlaceKind

SEED_DATE = date(2020, 10, 4)


def _resolved(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.place is not None]


def _at(mentions: list[Mention], text: str, surface: str) -> Mention:
    start = text.index(surface)
    return next(m for m in mentions if m.start <= start < m.end)


@pytest.mark.parametrize("variant", ["Madagaskar", "Madagiz", "Мадагиз", "Մատաղիս",
                                     "Suqovuşan"])
def test_seed_town_resolves_to_sugovushan_whatever_it_is_called(
        gz: Gazetteer, seed_text: str, variant: str) -> None:
    text = seed_text.replace("Madagaskar", variant)
    mentions = gz.find(text, language="id", report_date=SEED_DATE)
    m = _at(mentions, text, variant)
    assert m.surface == variant and m.place is not None
    assert m.place.id == "sup:sugovushan"
    km = geodesic((40.331, 46.729), (m.place.lat, m.place.lon)).km
    assert km < 3
    assert "Madagiz" in m.place.all_names()
    assert m.precision == 1


def test_seed_has_no_place_in_madagascar_belarus_jakarta_or_syria(
        gz: Gazetteer, seed_text: str) -> None:
    mentions = gz.find(seed_text, language="id", report_date=SEED_DATE)
    places = [m.place for m in _resolved(mentions)]
    assert places, "the seed names places"
    assert not [p for p in places if p.country in {"MG", "BY", "SY"}]
    assert not [p for p in places if p.country == "ID"]  # Jakarta is only the dateline
    reasons = {m.surface: m.reason for m in mentions if not m.resolved}
    assert reasons["Jakarta"] == "dateline"
    assert reasons["Minsk"].startswith("organisation")
    assert reasons["Suriah"] == "footer or skipped range"


def test_seed_karabakh_is_a_region_and_the_iran_border_a_line(
        gz: Gazetteer, seed_text: str) -> None:
    mentions = gz.find(seed_text, language="id", report_date=SEED_DATE)
    karabakh = [m for m in _resolved(mentions) if m.surface == "Karabakh"]
    assert len(karabakh) >= 8
    assert all(m.place is not None and m.place.kind is PlaceKind.AREA
               and m.place.geometry_ref == "area:nkao" and m.precision == 3 for m in karabakh)
    iran_border_at = seed_text.index("desa-desa Iran di sepanjang perbatasan")
    border = next(m for m in _resolved(mentions)
                  if m.start > iran_border_at and m.surface == "perbatasan")
    assert border.place is not None and border.place.kind is PlaceKind.BORDER
    assert border.place.geometry_ref == "line:AZE-IRN"
    assert border.precision == 3


def test_mentions_carry_spans_scores_and_alternatives(gz: Gazetteer, seed_text: str) -> None:
    mentions = gz.find(seed_text, language="id", report_date=SEED_DATE)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for m in mentions:
        assert seed_text[m.start:m.end] == m.surface
    baku = next(m for m in _resolved(mentions) if m.surface == "Baku")
    assert baku.place is not None and baku.place.country == "AZ" and baku.score > 0


def test_rename_cue_is_a_mechanism_not_an_alias(gz: Gazetteer) -> None:
    # Without a rename cue "Madagaskar" is the island country ...
    plain = gz.find("Siklon tropis melanda Madagaskar dan Mozambik pekan ini.", language="id")
    mg = _at(plain, "Siklon tropis melanda Madagaskar dan Mozambik", "Madagaskar")
    assert mg.place is not None and mg.place.country == "MG"
    # ... and with a cue in another language it is the renamed place again.
    text = ("Азербайджанские войска вошли в город Мадагаскар, который переименован "
            "в Суговушан, сообщили в Баку.")
    ms = gz.find(text, language="ru", report_date=SEED_DATE)
    m = _at(ms, text, "Мадагаскар")
    assert m.place is not None and m.place.id == "sup:sugovushan"
    assert "rename cue" in m.reason


def test_inflected_forms_reach_their_places(gz: Gazetteer) -> None:
    cases = [("Bölgədə, Qarabağda döyüşlər davam edir.", "Qarabağda", "sup:nkao", "az"),
             ("Ateşkes Karabağ'da ihlal edildi.", "Karabağ'da", "sup:nkao", "tr"),
             ("Бои в Карабахе продолжаются.", "Карабахе", "sup:nkao", "ru"),
             ("Մարտերը Հադրութում շարունակվում են։", "Հադրութում", "sup:hadrut", "hy")]
    for text, surface, pid, lang in cases:
        m = _at(gz.find(text, language=lang), text, surface)
        assert m.place is not None and m.place.id == pid, surface


def test_context_picks_the_ukrainian_bucha_and_the_town_not_the_district(
        gz: Gazetteer) -> None:
    text = ("Украинские военные сообщили, что российские войска ушли из Бучи. "
            "Харьков снова подвергся удару.")
    m = _at(gz.find(text, language="ru"), text, "Бучи")
    assert m.place is not None and m.place.country == "UA"
    assert geodesic((50.5575, 30.2267), (m.place.lat, m.place.lon)).km < 5
    text = "Azerbaijani forces took Jabrayil on 4 October."
    m = _at(gz.find(text, language="en"), text, "Jabrayil")
    assert m.place is not None and m.place.kind is PlaceKind.POPULATED_PLACE
    text = "Shelling hit the Jabrayil district again."
    m = _at(gz.find(text, language="en"), text, "Jabrayil")
    assert m.place is not None and m.place.kind is PlaceKind.ADMIN_REGION


def test_skip_ranges_reject_spans(gz: Gazetteer) -> None:
    text = "Fighting near Tartar. Related: Ganja market reopens."
    skip_from = text.index("Related")
    ms = gz.find(text, skip=[(skip_from, len(text))])
    ganja = _at(ms, text, "Ganja")
    assert ganja.place is None and "skipped" in ganja.reason
    assert _at(ms, text, "Tartar").place is not None


def test_people_and_organisations_are_not_places(gz: Gazetteer) -> None:
    text = ("In an interview with Al Jazeera, the OSCE Minsk Group co-chairs met "
            "President Emmanuel Macron in Paris.")
    ms = gz.find(text, language="en")
    places = {m.place.name for m in _resolved(ms) if m.place}
    assert "Minsk" not in places
    assert _at(ms, text, "Minsk").reason.startswith("organisation")
    assert any(m.place and m.place.country == "FR" for m in _resolved(ms))


def test_sentence_initial_time_words_are_not_places(gz: Gazetteer) -> None:
    """Capitalised at a sentence start, "Ночью"/"Утром" once lost their ending and matched
    the codes "NOJ" (Noyabrsk) and "UTR" (Uttaradit); "Dün" is Turkish for yesterday."""
    for text, place in (("Ночью в Ереване прошла акция протеста.", "Yerevan"),
                        ("Утром армянские силы обстреляли Тертер.", "Tartar"),
                        ("Dün gece Tərtər bombalandı.", "Tartar")):
        ms = gz.find(text)
        assert [m.place.name for m in ms if m.place] == [place], text
        assert ms[0].reason == "common word", text


def test_empty_and_whitespace_give_no_mentions(gz: Gazetteer) -> None:
    assert gz.find("") == []
    assert gz.find("   \n\t ") == []
    assert gz.find("12345 !!! 2020") == []


def test_binary_and_oversized_input_are_refused_with_one_line(gz: Gazetteer) -> None:
    with pytest.raises(GazetteerError, match="binary"):
        gz.find("\x00\x01\x02PNG\x00" * 100)
    with pytest.raises(GazetteerError, match="too long"):
        gz.find("Baku " * 10_000_000)  # 50 MB
    with pytest.raises(GazetteerError, match="over 100,000 places"):
        gz.find("Baku " * 500_000)  # 2.5 MB of nothing but a name
    with pytest.raises(GazetteerError, match="needs text"):
        gz.find(b"Baku")  # type: ignore[arg-type]


def test_control_characters_above_five_percent_mean_binary(gz: Gazetteer) -> None:
    # 6 control characters in 100 (no NUL), a lone surrogate among them: refused
    with pytest.raises(GazetteerError, match="binary"):
        gz.find("Baku \x01\x02\x1b\x7f\x0e\x1f" + "\ud800" + "x" * 93)
    # 5 in 100 is not above the limit: Baku is still found
    ms = gz.find("Baku \x01\x02\x1b\x7f\x0e" + "x" * 90)
    assert [m.place.country for m in ms if m.place] == ["AZ"]
    # tab, newlines and no-break spaces are text, not control characters
    ms = gz.find("Baku\t\r\n\x0b\x0c\xa0" * 20)
    assert len(_resolved(ms)) == 20


def test_mixed_scripts_in_one_text(gz: Gazetteer) -> None:
    text = "Baku, Ереван və Ստեփանակերտ: 三 ✓ 🚀 Tbilisi"
    ms = _resolved(gz.find(text))
    countries = {m.place.country for m in ms if m.place}
    assert {"AZ", "AM", "GE"} <= countries
    assert len(ms) == 4


def test_module_level_find_uses_the_configured_index(index_path) -> None:  # type: ignore[no-untyped-def]
    import gazetteer

    gazetteer.set_default_index(index_path)
    ms = gazetteer.find("Fighting in Hadrut.", language="en")
    assert [m.place.id for m in ms if m.place] == ["sup:hadrut"]


def test_near_a_town_is_precision_two(gz: Gazetteer) -> None:
    for text, surface in (("Shelling near Tartar killed two.", "Tartar"),
                          ("Pertempuran di sekitar Hadrut berlanjut.", "Hadrut"),
                          ("Tərtər yaxınlığında atışma oldu.", "Tərtər")):
        m = _at(gz.find(text), text, surface)
        assert m.place is not None and m.precision == 2, surface
    m = _at(gz.find("Shelling hit Tartar."), "Shelling hit Tartar.", "Tartar")
    assert m.precision == 1


def test_lower_case_text_still_finds_well_known_places(gz: Gazetteer) -> None:
    text = "fighting continued in karabakh and along the aras river, said officials in baku"
    ids = {m.place.id for m in gz.find(text) if m.place}
    assert {"sup:nkao", "sup:aras"} <= ids
    assert any(i.startswith("gn:") for i in ids)  # Baku (a big city is in the core names)


def test_russian_adjective_region_names_in_any_case(gz: Gazetteer) -> None:
    # "Агдамский район" is the district named after Aghdam; "Донецкой области" the oblast
    text = ("Передан Агдамский район. Бои шли в Физулинском районе и у "
            "Джебраильского района. Удар по Донецкой области. Российский район не назван.")
    found = {m.surface: m.place.id for m in gz.find(text, language="ru") if m.place}
    assert found == {"Агдамский район": "ne1:AZE-1691", "Физулинском районе": "ne1:AZE-1702",
                     "Джебраильского района": "ne1:AZE-1699",
                     "Донецкой области": "ne1:UKR-327"}


def test_french_elided_articles_are_not_part_of_the_name(gz: Gazetteer) -> None:
    text = "Les forces de l'Azerbaïdjan sont entrées dans la ville d'Aghdam, près de l’Iran."
    found = {m.surface: (m.place.id, text[m.start:m.end]) for m in
             gz.find(text, language="fr") if m.place}
    assert found == {"Azerbaïdjan": ("ne0:AZE", "Azerbaïdjan"),
                     "Aghdam": ("gn:148619", "Aghdam"), "Iran": ("ne0:IRN", "Iran")}


def test_a_titled_first_name_is_a_person_not_a_city(gz: Gazetteer) -> None:
    """Vladimir (a city of 350,000) after a title and before a surname is Putin's first
    name; a country after a title is still the country ("Presiden Azerbaijan Ilham ...")."""
    for text, lang in (("President Vladimir Putin spoke to both leaders.", "en"),
                       ("Präsident Wladimir Putin sprach mit beiden.", "de"),
                       ("Le président Vladimir Poutine a parlé aux deux.", "fr")):
        [m] = gz.find(text, language=lang)
        assert (m.place, m.reason) == (None, "part of a longer name"), text
    [m] = gz.find("Presiden Azerbaijan Ilham Aliyev mengatakan.", language="id")
    assert m.place is not None and m.place.id == "ne0:AZE"


def test_german_spellings_reach_their_places(gz: Gazetteer) -> None:
    text = "Raketen trafen Gandscha, Dschebrail und Schuscha, teilte Baku mit. Ещё один удар."
    found = {m.surface: m.place.id for m in gz.find(text, language="de") if m.place}
    assert found["Gandscha"] == "gn:586523" and found["Schuscha"] == "gn:147105"
    assert found["Dschebrail"] in ("gn:148141", "ne1:AZE-1699")
    assert "Ещё" not in found  # Russian "still", not Esch-sur-Alzette
