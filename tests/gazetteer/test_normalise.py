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


def test_elided_articles_split_from_the_word_in_names_and_text() -> None:
    from gazetteer._normalise import scan_words

    text = "l'Arménie, dell'Armenia, aujourd'hui, Karabağ'da, all'interno"
    w = scan_words(text)
    assert w.texts == ["Arménie", "Armenia", "aujourd'hui", "Karabağ'da", "interno"]
    assert [text[a:b] for a, b in zip(w.starts, w.ends, strict=True)] == w.texts
    assert normalise("L'Aquila") == normalise("Aquila")
