"""ACLED event types from cue words, in Indonesian, English, Russian, Turkish, Azerbaijani,
French, German and Spanish (some Armenian): each cue is a word stem so inflected forms match.

Order matters: the first rule that matches decides, so specific acts (a capture, a drone
strike, shelling) outrank the generic "fighting". Sentences about diplomacy, appeals or
blame are not events even when they name the fighting ("urged an end to the clashes").

Types follow ACLED's definitions (acleddata.com/2019/03/14/acled-introduces-new-event-types-and-
sub-event-types/): Battles are "a violent interaction between two politically organized armed
groups"; Explosions/Remote violence are "one-sided violent events in which the tool ... creates
asymmetry by taking away the ability of the target to respond"; Violence against civilians is
an armed group "deliberately inflict[ing] violence upon unarmed non-combatants".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mapapp._wordgate import ALTS, Gated, Words, gated, lexicon, split_alternatives

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
STRATEGIC = "Strategic developments"
PROTESTS = "Protests"
RIOTS = "Riots"

AGREEMENT = "Agreement"
CAPTURE = "territory"  # resolved later to Government regains / Non-state actor overtakes


@dataclass(frozen=True, slots=True)
class Cue:
    event_type: str
    sub_event_type: str
    pattern: Gated


def _cue(event_type: str, sub_event_type: str, stems: str) -> Cue:
    return Cue(event_type, sub_event_type, lexicon(r"(?<!\w)(?:" + ALTS + r")", stems))


# Indonesian "penembakan"/"tembakan" is firing by any weapon: gunfire unless it takes up the
# shelling just reported (extract.py); "ditembak mati" is shot dead.
_FIRING = r"penembakan|tembakan"
AMBIGUOUS_FIRE: Gated = lexicon(r"(?<!\w)(?:" + ALTS + r")\b", _FIRING)
# Shooting sentences name whom the fire hit: peaceful protesters or civilians, else armed men.
# ("fired at", not "opened fire": "opened" is too common a word for the cues' word gates)
_SHOOTING = (r"shooting|shootings|gunfire|gunshots?|fired (?:on|at|upon)|shot dead|gunm[ae]n|"
             + _FIRING + r"|ditembak|menembak mati|стрельб\w*|открыл[иа]? огонь|"
             r"застрел\w*|ateş aç\w*|kurşunla\w*|silahlı saldırı\w*|atəş aç\w*|güllələ\w*")
_PROTESTERS = (r"protesters?|protestors?|demonstrators?|pengunjuk rasa|demonstran|pendemo|"
               r"протестующ\w*|демонстрант\w*|митингующ\w*|protestocu\w*|gösterici\w*|"
               r"etirazçı\w*")
_CIVILIANS = (r"civilians?|unarmed|warga sipil|penduduk sipil|warga desa|мирн\w+ жител\w*|"
              r"мирного населения|гражданск\w+ лиц\w*|sivil\w*|mülki şəxs\w*|dinc sakin\w*|"
              r"dinc əhali\w*")


def _aimed_at(act: str, target: str) -> str:
    """``act`` and ``target`` within one clause, in either order, as lexicon alternatives: one
    per act word and per target word, so each is gated on its own word and searched from its
    literal beginning (a group in front would be tried at every character)."""
    return "|".join([f"{a}[^.]{{0,60}}?(?:{target})" for a in split_alternatives(act)]
                    + [f"{w}[^.]{{0,60}}?(?:{act})" for w in split_alternatives(target)])


# A weapon stopped before it struck: ACLED codes an interception as Strategic developments /
# "Disrupted weapons use" — the ACLED codebook lists it among that type's sub-event types
# (scribd.com/document/716986434/ACLED-Codebook-2023, "Disrupted weapons use", p. 20), and
# events built from ACLED data show interceptions of drones coded so ("Russian forces
# reportedly intercepted two Ukrainian drones": tremorwatch.com/events/ru-strategic-2025-04-20).
# A crewed aircraft brought down stays a battle (below); so does a drone named only after a
# conjunction ("two helicopters were shot down and drones destroyed").
_UNCREWED = (r"drones?|uavs?|unmanned aerial vehicles?|missiles?|rockets?|pesawat nirawak|"
             r"pesawat tak berawak|rudal(?:-rudal)?|roket|беспилотник\w*|дрон\w*|бпла|"
             r"ракет[аыу]?\b|iha\w*|siha\w*|insansız hava aracı\w*|füze\w*|"
             r"roket(?:i|ler\w*)?\b|pua\b|pilotsuz uçan aparat\w*|dron\w*|"
             r"raket(?:i|lər\w*)?\b|roquettes?|drohnen?|raketen?|marschflugk[öo]rper\w*|"
             r"misiles?|cohetes?")
# After the weapon, a passive ("the drones were destroyed"): an active verb there is the
# weapon's own act ("a missile destroyed three houses").
_DOWN_AFTER = (r"(?:(?:was|were|been|being|is|are)\s+)?(?:shot down|downed|intercepted)|"
               r"(?:was|were|been|being|is|are)\s+destroyed|"
               r"(?:(?:sudah|telah)\s+)?(?:ditembak jatuh|dihancurkan|dicegat)|"
               r"сбит\w*|уничтожен\w*|перехвачен\w*|düşürül\w*|imha edil\w*|"
               r"etkisiz hale getiril\w*|vurul\w*|məhv edil\w*|zərərsizləşdiril\w*|"
               r"(?:(?:a|ont|été|était|étaient)\s+)?(?:abattu|intercepté|détruit)\w*|"
               r"(?:(?:wurden?|worden)\s+)?(?:abgeschossen|abgefangen|zerstört)|"
               r"(?:(?:fue|fueron|ha sido|han sido)\s+)?(?:derribad|interceptad|destruid)\w*")
_DOWN_BEFORE = (r"shot down|shoots down|downed|intercepted|destroyed|menembak jatuh|"
                r"menghancurkan|mencegat|сбил[аи]?|уничтожил[аи]?|перехватил[аи]?|düşürdü|"
                r"imha etti|məhv edib|vurub sal\w*|shooting down|a abattu|ont abattu|a intercepté|"
                r"ont intercepté|a détruit|ont détruit|fing\w* \w+ ab|zerstörte\w*|derribó|"
                r"derribaron|interceptó|interceptaron|destruyó|destruyeron")
# Between the weapon and the verb: up to four words that do not start another clause item.
_GAP = r"(?:(?!(?:and|dan|serta|и|ve|və|with|dengan|с|ile|ilə|by|oleh|et|und|y|par|von|por)\b)"
_GAP += r"[\w'’-]+\s+)"
DISRUPTED = "Disrupted weapons use"
# Each weapon noun and each verb is an alternative of its own, so a sentence is searched only
# with the ones its words start (and each begins with a literal the regex engine can skip to).
_TURKIC_WEAPONS = ("pua", "dron", "raket", "iha", "siha", "füze", "insansız hava aracı")
INTERCEPTION = Cue(STRATEGIC, DISRUPTED, lexicon(r"(?<!\w)(?:" + ALTS + r")", [
    r"intercept\w*", "dicegat", "mencegat", "pencegatan", r"перехват\w*",
    *(rf"{noun}\s+{_GAP}{{0,4}}(?:{_DOWN_AFTER})" for noun in split_alternatives(_UNCREWED)),
    *(rf"{verb}\s+{_GAP}{{0,3}}(?:{_UNCREWED})" for verb in split_alternatives(_DOWN_BEFORE)),
    # Turkic object before its verb: "PUA-sını məhv edib", "İHA'yı düşürdü"
    *(rf"{noun}[\w'’-]*\s+{_GAP}{{0,2}}(?:məhv ed|vurub sal|düşürd|düşürüb|imha et)\w*"
      for noun in _TURKIC_WEAPONS),
]))
CUES: tuple[Cue, ...] = (
    INTERCEPTION,
    _cue(BATTLES, CAPTURE,
         r"captur|recaptur|liberat|seized|retook|regained control|took control|taken control|"
         # "had taken the town of Zangilan", "took two villages" (a named place as the object
         # is read in extract.py, where the sentence's places are known)
         r"(?:take|takes|took|taken|taking) (?:over |back )?(?:the |a |an )?"
         r"(?:(?!(?:in|at|to|into|from|on|near|place|part|refuge|shelter|cover|hold)\b)\w+ ){0,2}?"
         r"(?:towns?|city|cities|villages?|settlements?|districts?|regions?|heights?|hills?)\b|"
         r"membebaskan|dibebaskan|merebut|menguasai|mengambil alih|direbut|"
         r"освобод|освобожд|взял[аи]? под контроль|взяли|захватил|овладел|перешл[иа] под контроль|"
         r"kurtarıl|kurtardı|ele geçir|kontrolü(?:ne)? al|kontrol altına al|"
         r"azad ed|azad olun|işğaldan azad|nəzarətə götür|ələ keçir|ազատագր|գրավ|"
         # French, German, Spanish ("libéré" alone is also "released": a hostage)
         r"pris le contrôle|prise de contrôle|repris le contrôle|s'est emparé|se sont emparé|"
         r"s’est emparé|se sont emparé|a libéré|ont libéré|libération d|a conquis|ont conquis|"
         r"eingenommen|einnahme|erobert|eroberung|zurückerobert|befreit|befreiung|"
         r"unter (?:ihre |seine )?kontrolle gebracht|kontrolle über|"
         r"tomaron el control|tomó el control|tomado el control|capturaron|capturado|"
         r"conquistaron|conquistado|liberaron|liberado|liberación d|recuperaron|"
         r"se apoderaron"),
    # A crewed aircraft brought down by fire: its crew are armed and fire can be returned, so
    # by the definitions above it is a battle, not remote violence. Verbs that also mean
    # other things (Russian "сбил" = knocked down, Turkish/Azerbaijani "düşür"/"vurul") need an
    # aircraft next to them.
    _cue(BATTLES, "Armed clash",
         r"shot down|shoots? down|shooting down|ditembak jatuh|menembak jatuh|tertembak jatuh|"
         + _aimed_at(r"самол[её]т\w*|вертол[её]т\w*|штурмовик\w*|истребител\w*|су-\d+|ми-\d+",
                     r"сбит\w*|сбил[аио]?\b|сбили")
         + "|" + _aimed_at(r"uça\w*|helikopter\w*|təyyarə\w*|qırıcı\w*|su-\d+|mi-\d+",
                           r"düşürül\w*|düşürdü\w*|düşürmüş\w*|vurularaq|vurulub|vurub sal\w*")
         + "|" + _aimed_at(r"avions?|hélicoptères?|chasseurs?|flugzeug\w*|hubschrauber\w*|"
                           r"kampfjet\w*|aviones|avión|helicópteros?|cazas?\b",
                           r"abattu\w*|abgeschossen|derribad\w*|derribó|derribaron")),
    _cue(REMOTE, "Air/drone strike",
         r"air ?strikes?|drones?\b|uavs?\b|bayraktar|serangan udara|pesawat tak berawak|"
         r"pesawat nirawak|авиаудар|беспилотн|дрон|hava saldırı|siha\b|iha\b|insansız hava|"
         r"pua\b|pilotsuz|hava zərbə|dron|անօդաչու|frappes? aériennes?|bombardements? aériens?|"
         r"luftangriff|drohne|ataques? aéreos?|bombardeos? aéreos?"),
    _cue(REMOTE, "Shelling/artillery/missile attack",
         r"shell(?:ed|ing|s)?\b|artillery|rockets?\b|missiles?|mortars?|cluster munition|"
         r"smerch|grad\b|menembaki|ditembaki|artileri|roket|rudal|mortir|menggempur|digempur|"
         r"gempuran|"
         r"peluru kendali|bom tandan|обстрел|артиллер|ракет|минометн|миномётн|снаряд|"
         r"кассетн|bombalan|bombardıman|topçu|top atış|füze|roket|havan|misket|"
         r"atəşə tut|artilleriya|raket|minaatan|top atəş|mərmi|kaset|հրետանակոծ|հրթիռ|"
         # fire aimed at places where people live is indirect fire, not a firefight
         r"fire (?:on|at|against) (?:\w+ ){0,2}(?:towns?|cities|city|villages?|settlements?|"
         r"residential|civilian)|огонь по (?:\w+ ){0,2}(?:населённ|населенн|сёл|сел[аоу]|город)|"
         r"(?:yerleşim yerlerin|köylerin|şehirlerin|kentlerin)\w* ateş|"
         r"(?:yaşayış məntəqələrin|kəndlərin|şəhərlərin)\w* atəş|"
         r"bombard|pilonn|obus\b|artillerie|roquettes?|mortiers?|sous-munitions|"
         # French "frappe" is any strike; an air strike was told apart above
         r"frappes?\b|a frappé|ont frappé|"
         r"tirs? (?:\w+ ){0,2}sur (?:\w+ ){0,2}(?:villes?|villages?|localités?|quartiers?)|"
         r"beschoss|beschuss|granat|raketen?\b|mörser|streumunition|"
         r"artillería|cohetes?|misiles?|morteros?|obuses|munición de racimo|bombas de racimo"),
    _cue(VAC, "Attack",
         r"executed|massacre|beheaded|tortured|dieksekusi|pembantaian|disiksa|казн|расстрел|"
         r"пытк|katliam|infaz|işkence|qətliam|edam|işgəncə|exécutés?\b|exécution|décapit|"
         r"tortur|hingerichtet|massaker|enthauptet|gefoltert|ejecutad|masacre|decapitad"),
    _cue(PROTESTS, "Excessive force against protesters", _aimed_at(_SHOOTING, _PROTESTERS)),
    _cue(VAC, "Attack", _aimed_at(_SHOOTING, _CIVILIANS)),
    _cue(VAC, "Abduction/forced disappearance",
         r"abducted|kidnapp|hostages?|diculik|sandera|похищ|заложник|kaçırıl|rehin|girov|"
         r"oğurlan|enlevé|enlèvement|otages?\b|entführ|geisel|secuestr|rehén|rehenes"),
    _cue(BATTLES, "Armed clash",
         r"clash|fighting|fought|battles?\b|firefight|gunfight|repelled|repulsed|counterattack|"
         r"counter-attack|offensive\b|skirmish|bentrokan|pertempuran|bertempur|baku tembak|"
         r"menangkis|serangan balik|serangan besar|бо(?:[йяеи]|ях|ям|ями|ёв)\b|"
         # "боевые действия" (hostilities), not every "боевой" ("боевое задание": a mission)
         # ... but "вне зоны боевых действий" (outside the combat zone) names a place
         r"боев(?<!зон[аеыуо] боев)(?<!зоной боев)(?:ые|ых|ыми?) действи|столкновен|"
         r"сражени|отбил|"
         r"отразил|наступлени|контратак|перестрелк|çatışma|çatıştı|muharebe|püskürt|"
         r"karşı saldırı|döyüş|toqquşma|qarşısı alın|əks-hücum|hücumun|hücuma keç|hücuma geç|"
         r"перешл[иа] в наступление|մարտ|բախում|"
         r"combats\b|combattu|affrontement|accrochage|bataille|contre-offensive|repouss|"
         r"échanges? de tirs|fusillade|kämpfe\b|kämpfen\b|gekämpft|kämpften|gefecht|schlacht|"
         r"gegenangriff|gegenoffensive|zurückgeschlagen|combates?\b|enfrentamient|batalla|"
         r"ofensiva|contraofensiva|contraataque|repelid|repeli|tiroteo|"
         # gunfire aimed at neither civilians nor protesters: armed men exchanging fire
         + _SHOOTING),
    _cue(STRATEGIC, AGREEMENT,
         r"(?:ceasefire|cease-fire|truce|hostilities|gencatan senjata|permusuhan|перемири|"
         r"прекращени\w* огня|боевых действий|ateşkes|atəşkəs|cessez-le-feu|trêve|waffenruhe|"
         r"waffenstillstand|feuerpause|alto el fuego|cese al fuego|tregua)[^.]{0,60}?"
         r"(?:agreed|signed|"
         r"took effect|takes effect|came into force|entered into force|disepakati|"
         r"ditandatangani|mulai berlaku|согласова|подписа|вступ|imzala|yürürlüğe|sağlandı|"
         r"razılığa gəl|razılaşma|qüvvəyə min|imzalan|signé|convenu|conclu|entrée? en vigueur|"
         r"unterzeichnet|vereinbart|in kraft|firmad|acordad|entró en vigor)|"
         r"(?:signed|agreed on|agreed to|menandatangani|menyepakati|подписали|договорились|"
         r"imzaladı|razılaşdı|razılığa gəl|ont signé|ont convenu|se sont mis d'accord|"
         r"unterzeichneten|vereinbarten|einigten sich|firmaron|acordaron)[^.]{0,60}?(?:ceasefire|"
         r"truce|statement|agreement|cessez-le-feu|trêve|accord|déclaration|waffenruhe|"
         r"waffenstillstand|feuerpause|abkommen|vereinbarung|erklärung|alto el fuego|"
         r"cese al fuego|tregua|acuerdo|declaración|"
         r"deal|gencatan senjata|kesepakatan|перемири|заявлени|соглашени|ateşkes|anlaşma|"
         r"atəşkəs|bəyanat)|"
         # "yürürlüğe giren insani ateşkes", "вступившее в силу перемирие"
         r"(?:yürürlüğe gir|qüvvəyə min|вступивш\w* в силу)\w*[^.]{0,40}?(?:ateşkes|atəşkəs|"
         r"перемири)"),
    _cue(RIOTS, "Violent demonstration",
         r"(?:protest\w*|demonstrat\w*|pengunjuk rasa|demonstran|протестующ\w*|демонстрант\w*|"
         r"protestocu\w*|göstericiler\w*|etirazçı\w*)[^.]{0,80}?(?:stormed|broke into|"
         r"menyerbu|masuk paksa|ворвал|штурмом|захватил|bastı|bastılar|girdi|zəbt|soxul)"),
    _cue(PROTESTS, "Peaceful protest",
         r"protest|demonstrat|rall(?:y|ied)|unjuk rasa|demonstrasi|protes|протест|митинг|"
         r"демонстрац|protesto|gösteri|miting|etiraz aksiya|aksiya|բողոք|manifestation|"
         r"manifestants|demonstrant|manifestaci|manifestantes"),
    _cue(RIOTS, "Mob violence",
         r"riot|kerusuhan|беспорядк|погром|ayaklanma|iğtişaş|kütləvi iğtişaş|émeute|krawall|"
         r"ausschreitung|disturbio"),
)

# Territory changing hands without a fight: ACLED's Strategic developments / "Non-violent
# transfer of territory" (the ACLED codebook's contents list it under Strategic developments,
# fdokumen.com/documents/armed-conflict-location-event-data-project-acled-.html, p. 17), as
# when Armenia handed the Aghdam, Kalbajar and Lachin districts to Azerbaijan under the
# 10 November 2020 statement (jam-news.net/kelbajar-region-karabakh-news-war-transmission-
# armenia-azerbaijan/). extract.py takes these only with a named district or town in the
# sentence and no violence cue: "передал" alone is also "passed on", "teslim" a surrender.
TRANSFER = "Non-violent transfer of territory"
# One side giving a place to the other: the receiving side is the actor (it gains control).
GIVING: Gated = lexicon(r"(?<!\w)(?:" + ALTS + r")", [
    r"handed (?:over|back)", r"hand(?:s|ing)? (?:over|back)", r"hand-?overs?\b",
    r"turned over to",
    r"передал[аи]?\b", r"передан[аоы]?\b", r"передач\w*(?=[^.]{0,40}?(?:район|город|сел))",
    r"вернул[аи]?\b", r"возвращ[её]н\w*",
    r"menyerahkan(?! diri)", r"diserahkan", r"penyerahan", r"serah terima",
    r"diserahterimakan", r"dikembalikan (?:kepada|ke)",
    r"teslim edil\w*", r"teslim etti\w*", r"devred\w*", r"devrett\w*", r"iade edil\w*",
    r"qaytarıl\w*", r"təhvil veril\w*", r"təhvil ver\w*",
    r"remis\w* (?:à|aux?)\b", r"rendu\w* (?:à|aux?)\b", r"restitu\w*", r"cédé\w*",
    r"übergeben", r"übergab\w*", r"zurückgegeben", r"entregó", r"entregad\w*",
    r"entregaron", r"devuelt\w*", r"cedid\w*",
])
# One side leaving a place: that side is the actor.
WITHDRAWAL: Gated = lexicon(r"(?<!\w)(?:" + ALTS + r")", [
    r"withdr[ae]w\w* (?:\w+ ){0,2}?from", r"withdrawal of (?:\w+ ){0,2}?(?:troops|forces)",
    r"pulled out of", r"left (?:the (?:\w+ )?)?(?:district|region|town|city|area|villages?)\b",
    r"вывод\w* (?:\w+ ){0,2}?(?:войск|подразделени|сил)", r"покинул[аи]?\b",
    r"отош[её]л\w*", r"отошли",
    r"mundur dari", r"menarik (?:mundur )?pasukan", r"ditarik dari",
    r"geri çekil\w*", r"çekildi\b", r"çekildiğini", r"tahliye edil\w*",
    r"tərk ed\w*", r"geri çəkil\w*",
    r"(?:se sont|s'est|s’est) retiré\w*", r"retrait d\w*", r"ont quitté", r"a quitté",
    r"abgezogen", r"zogen sich", r"zog sich", r"abzug", r"räumten", r"verließen",
    r"se retiraron", r"retirad\w*", r"retirada", r"abandonaron",
])
# Entering and leaving are transfers only when troops do it (not refugees or residents), and
# nothing is a transfer when what changes hands is people (prisoners, bodies).
FORCES: Gated = lexicon(r"(?<!\w)(?:" + ALTS + r")", (
    r"troops|forces|army|armies|units|soldiers|military|войск\w*|подразделени\w*|сил[аы]?\b|"
    r"арми\w*|военн\w*|pasukan|tentara|militer|birlik\w*|kuvvet\w*|güç\w*|ordu\w*|"
    r"asker\w*|qoşun\w*|bölmə\w*|hərbç\w*|silahlı|troupes|armée|soldats|militaires|"
    r"unités|truppen|streitkräfte|armee|soldaten|einheiten|militär\w*|tropas|fuerzas|"
    r"ejército|soldados|unidades"
))
NOT_TERRITORY: Gated = lexicon(r"(?<!\w)(?:" + ALTS + r")", (
    r"prisoners?|captives?|pows?\b|bodies|remains|detainees|hostages|tawanan|jenazah|jasad|"
    r"пленн\w*|тел[аов]?\b|останк\w*|заложник\w*|esir\w*|cenaze\w*|rehine\w*|əsir\w*|"
    r"cəsəd\w*|meyit\w*|girov\w*|prisonniers?|corps\b|dépouilles|gefangene\w*|leichen|"
    r"geiseln|prisioneros|cuerpos|restos"
))
# Troops entering a place are a transfer only under an agreement ("entered Aghdam under the
# truce"); in war the same verb is a capture, which the battle cues report.
ENTRY: Gated = lexicon(r"(?<!\w)(?:" + ALTS + r")", [
    r"entered", r"enter(?:s|ing)?\b", r"вошл[иа]\b", r"вош[её]л\b", r"вступил[аи]? в",
    r"memasuki", r"masuk ke", r"girdi\w*", r"girmiş\w*", r"daxil ol\w*",
    r"sont entrée?s", r"est entrée?", r"entrée?s? dans", r"einmarschiert", r"marschierten",
    r"rückten \w+ ein", r"zogen in", r"entraron", r"ingresaron",
])
UNDER_AGREEMENT: Gated = lexicon(r"(?<!\w)(?:" + ALTS + r")", (
    r"truce|ceasefire|cease-fire|agreement|deal\b|trilateral|statement|перемири|соглашени|"
    r"заявлени|трехсторон|трёхсторон|договор|gencatan senjata|kesepakatan|perjanjian|"
    r"pernyataan|ateşkes|anlaşma|mutabakat|üçlü|bəyanat|atəşkəs|razılaşma|üçtərəfli|"
    r"accord|cessez-le-feu|trêve|déclaration|trilatéral|abkommen|vereinbarung|waffenruhe|"
    r"waffenstillstand|erklärung|dreiseitig|acuerdo|alto el fuego|tregua|declaración"
))
# "without a fight" turns a capture or a battle word ("без боя") into a transfer.
NO_FIGHT: Gated = lexicon(r"(?<!\w)(?:" + ALTS + r")", [
    r"without (?:a |any )?(?:fight|resistance|shot)", r"без (?:боя|боёв|боев|сопротивлени)",
    r"tanpa (?:perlawanan|pertempuran)", r"çatışmasız", r"direnişle karşılaşmadan",
    r"savaşmadan", r"döyüşsüz", r"müqavimətsiz", r"sans (?:combat|résistance|coup férir)",
    r"kampflos", r"ohne (?:kampf|widerstand)", r"sin (?:combate|combatir|resistencia)",
])
# A handover announced for later or demanded is a plan, not an event.
PLANNED: Gated = lexicon(r"(?<!\w)(?:" + ALTS + r")", (
    r"postpon|delay|scheduled|planned|will\b|is to\b|are to\b|due to\b|expected to|"
    r"must\b|should\b|demand|harus\b|wajib\b|menuntut|обязан|требу|gerek|zorunda|"
    r"\w+(?:malı|meli|malıdır|melidir|məlidir)\b|lazım|tələb|"
    r"ditunda|dijadwalkan|direncanakan|akan\b|отлож|запланирован|должн|будет|будут|"
    r"ertelen|planlan|\w+(?:ecek|acak)\b|təxirə sal|planlaşdırıl|nəzərdə tutul|olacaq|"
    r"\w+(?:acaq|əcək)\b|doit être|doivent être|devrait|devraient|prévue?s?\b|reporté|"
    r"report (?:de|du|à)\b|"
    r"sera\b|seront\b|exige|soll\b|sollen\b|geplant|verschoben|wird\b|werden\b|muss\b|"
    r"müssen\b|fordert|será\b|serán\b|previst|aplazad|debe\b|deben\b"
))


# A truce as a point in time ("a week after the truce agreed in Moscow", "atəşkəsdən bir neçə
# saat sonra"): the sentence dates something else by it and does not report the agreement.
AFTER_TRUCE: Gated = lexicon(r"(?<!\w)(?:" + ALTS + r")", [
    r"(?:after|since) (?:\w+ ){0,3}?(?:ceasefire|cease-fire|truce)",
    r"(?:setelah|sesudah|sejak) (?:\w+ ){0,3}?gencatan senjata",
    r"(?:после|с момента) (?:\w+ ){0,3}?перемири",
    r"(?:ateşkes|atəşkəs)\w*(?:dan|den|tan|ten|dən|tən) (?:\w+ ){0,3}?(?:sonra|bəri|beri)",
    r"(?:après|depuis) (?:\w+ ){0,3}?(?:cessez-le-feu|trêve)",
    r"(?:nach|seit) (?:\w+ ){0,3}?(?:waffenruhe|waffenstillstand|feuerpause)",
    r"(?:después|tras|desde) (?:\w+ ){0,3}?(?:alto el fuego|cese al fuego|tregua)",
])


# Talk about the war rather than an act in it: appeals, diplomacy, blame, interviews.
NOT_AN_EVENT: Gated = lexicon(r"(?<!\w)(?:" + ALTS + r")", (
    r"urg(?:ed|es|ing)|call(?:ed|s)? (?:for|on)|appeal|discuss|phone|telephone|talks\b|"
    r"mediat|negotiat|interview|resolution|responsible for|blam|condemn|concern|"
    r"mendesak|menyerukan|seruan|membahas|telepon|percakapan|menengahi|mediator|negosiasi|"
    r"wawancara|resolusi|bertanggung jawab|penghentian|menghentikan|mengecam|keprihatinan|"
    r"bersumpah|призвал|призыв|переговор|телефон|обсуди|интервью|резолюци|осудил|"
    r"müzakere|telefon|görüşme|çağrı|röportaj|kına|danışıq|telefon|çağırış|müsahibə|"
    r"qətnamə|pislə|reasons?\b|alasan|причин|neden|səbəb|support|dukungan|поддерж|destek|"
    r"dəstək|right to|hak\b|denied|denies|deny|menyangkal|membantah|отверг|опроверг|"
    r"apolog|permintaan maaf|meminta maaf|извин|özür|üzr|"
    r"comment|berkomentar|komentar|прокомментир|комментари|yorum yap|şərh ver|"
    r"reddetti|yalanladı|təkzib|berbatasan|borders? (?:with|on)|граничит|sınır komşu|həmsərhəd|"
    r"appel|exhort|discut|téléphon|entretien|négoci|médiat|condamn|préoccup|résolution|"
    r"soutien|démenti|a nié|ont nié|rejeté|excuses|aufgerufen|forderte|appell|gespräch|"
    r"telefon|verhandl|vermittl|verurteil|besorgnis|unterstütz|dementiert|bestritten|"
    r"zurückgewiesen|entschuldig|instó|insta\b|pidió|llamó a|llamamiento|conversaci|"
    r"telefóni|negoci|mediaci|entrevista|resolución|conden|preocupaci|apoyo|negó|desmintió|"
    r"rechazó|disculp|"
    # an agreement that "ended six weeks of fighting" names the fighting as its past
    r"ended|ending|mengakhiri|положил\w* конец|положивш\w* конец|sona erdir|son qoy|mis fin|"
    r"mettre fin|beendet|beenden|puso fin|poner fin"
))


# Honours for a past act ("a medal for the liberation of Shusha", "наградил за освобождение",
# "kurtarılması nedeniyle madalya", "azad olunmasına görə medalı"): an award, not the act.
AWARD: Gated = gated(re.compile(
    r"(?<!\w)(?:medals?\b|awarded|awards?\b|decorated|orders and medals|medali|penghargaan|"
    r"tanda jasa|bintang jasa|dianugerahi|медал\w*|наград\w*|орден\w*|madalya\w*|"
    r"nişan\w*|ödül\w*|medal\w*|təltif\w*|orden\w*|մեդալ|պարգև|médaille\w*|décoré\w*|"
    r"medaille\w*|ausgezeichnet|condecora\w*)"
))  # one gate bit: it rarely opens, so its alternatives need no bits of their own


# Background: the war's start recalled ("the fighting that began on 27 September", "Pertempuran
# yang pecah pada ...", "Столкновения, которые начались ..."), a truce that "has not held", a
# tally "since" a date, a Turkic pluperfect ("anlaşmıştı", "ölmüştü", "azad etmişdi": a word
# ending, read from the sentence's words in extract.py). extract.py drops such a sentence only
# when all its dates lie days back. Each fighting noun is an alternative of its own (gated and
# searched literal first).
_FIGHTING = (r"fighting|clashes|war|hostilities|conflict|pertempuran|bentrokan|perang|konflik|"
             r"столкновени\w*|бо[иё]|войн\w*|конфликт\w*|боевые действия|çatışma\w*|"
             r"savaş\w*|müharibə\w*|döyüş\w*|toqquşma\w*|combats|affrontements|guerre|"
             r"kämpfe|gefechte|krieg|combates|enfrentamientos|guerra")
_BEGAN = (r"[\s,]+(?:(?:that|which|yang|которые|который|которая)\s+)?(?:[\w'’-]+\s+){0,3}?"
          r"(?:began|begun|started|broke out|erupted|pecah|dimulai|meletus|начал\w*|"
          r"вспыхнул\w*|başla\w*|commencé|éclaté|débuté|begonnen|ausgebrochen|"
          r"comenzaron|comenzó|estallaron|estalló|resumed|repris|wieder aufgeflammt|"
          r"se reanudaron|возобновил\w*)")
# "since <month>": any month, not only the months of one war.
_MONTHS_EN = ("january|february|march|april|may|june|july|august|september|october|november|"
              "december")
_MONTHS_ID = ("januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|"
              "desember")
_MONTHS_RU_GENITIVE = ("января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|"
                       "ноября|декабря")
RECALL: Gated = lexicon(r"(?<!\w)(?:" + ALTS + r")", [
    *(rf"{noun}\b{_BEGAN}" for noun in split_alternatives(_FIGHTING)),
    r"has not held", r"had not held", r"did not hold", r"tidak bertahan", r"не продержал\w*",
    rf"since (?:\d|the (?:start|beginning)|{_MONTHS_EN})",
    rf"sejak (?:\d|awal|{_MONTHS_ID})", r"с начала",
    rf"с \d+ (?:{_MONTHS_RU_GENITIVE})", r"bu yana", r"bəri",
    r"depuis (?:\d|le (?:début|\d))", r"seit (?:\d|beginn|dem \d)",
    r"desde (?:\d|el (?:inicio|comienzo|\d))", r"n'a pas tenu", r"hielt nicht",
    r"no se respet\w*",
])
PLUPERFECT = ("mıştı", "mişti", "muştu", "müştü", "mışdı", "mişdi", "muşdu", "müşdü")
# A tally since the war began, with no date of its own ("sejak awal operasi"): background too.
SINCE_START: Gated = gated(re.compile(
    r"(?<!\w)(?:since the (?:start|beginning)|sejak awal|с начала|başından (?:bu yana|beri)|"
    r"əvvəlindən bəri|başlanğıcından bəri|depuis le début|seit beginn|desde el (?:inicio|"
    r"comienzo))"
))


def classify(folded_sentence: str, words: Words | None = None) -> tuple[str, str, int] | None:
    """(event_type, sub_event_type, cue position) of the first matching cue, else None.

    ``words`` (of the same folded sentence) lets cues whose stems no word begins with be
    skipped without a search."""
    for cue in CUES:
        if words is not None and not words.mask & cue.pattern.bit:
            continue  # the gate test Gated.search would make, without the call
        m = cue.pattern.search(folded_sentence, words)
        if m:
            return cue.event_type, cue.sub_event_type, m.start()
    return None
