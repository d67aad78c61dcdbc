from gazetteer._normalise import (
    fold_token,
    normalise,
    scan,
    stem_token,
    stem_variants,
    tokenise,
)


def test_case_diacritics_and_azerbaijani_letters_fold_together() -> None:
    assert normalise("Suqovuşan") == normalise("Sugovushan") == "sugovusan"
    assert normalise("Xankəndi") == normalise("Khankendi") == "xankendi"
    assert normalise("QARABAĞ") == normalise("Garabag") == "garabag"
    assert normalise("Şuşa") == normalise("Shusa")


def test_cyrillic_and_armenian_are_transliterated() -> None:
    assert normalise("Мадагиз") == normalise("Madagiz") == "madagiz"
    assert normalise("Карабах") == normalise("Karabakh") == "karabax"
    assert normalise("Հադրութ") == normalise("Hadrut") == "hadrut"
    assert normalise("Ստեփանակերտ") == normalise("Stepanakert")


def test_hyphens_and_spacing_become_single_spaces() -> None:
    assert normalise("Nagorno-Karabakh") == "nagorno karabax"
    assert normalise("  Lachin   corridor ") == "lacin corridor"  # ch≈c (Laçın)
    assert normalise("!!!") == ""


def test_inflection_is_stripped_per_script() -> None:
    assert stem_token("Karabağ'da") == "karabag"  # Turkish apostrophe suffix
    assert stem_token("Qarabağda") == "garabag"  # Azerbaijani locative
    assert stem_token("Карабахе") == "karabax"  # Russian prepositional
    assert stem_token("Հադրութում") == "hadrut"  # Armenian locative
    assert stem_token("perbatasannya") == "perbatasan"  # Indonesian clitic
    assert stem_token("Baku") == "baku"  # too short to strip


def test_russian_feminine_names_get_their_nominative_back() -> None:
    assert "buca" in stem_variants("Бучу")
    assert "susa" in stem_variants("Шуше")
    assert stem_variants("Украинские") == (fold_token("Украинские"),)  # adjectives stay


def test_tokens_keep_original_spans_and_punctuation_breaks_names() -> None:
    text = "Baku, Ganja. Tərtər rayonu"
    tokens = tokenise(text)
    assert [(t.start, t.end) for t in tokens] == [(0, 4), (6, 11), (13, 19), (20, 26)]
    assert [text[t.start:t.end] for t in tokens] == ["Baku", "Ganja", "Tərtər", "rayonu"]
    assert scan(text)[1] == [True, True, True, False]
    assert scan("Nagorno-Karabakh - Baku")[1] == [True, False, True]
