"""Word lists the spotter and resolver use, per language, in *folded* form.

They are general vocabulary (function words, weekdays, titles, organisation heads, rename
and border cues), never names taken from one article. GeoNames holds many of these words as
alternate names of some hamlet, which is why ~77% of raw hits in news are false positives.
"""

from __future__ import annotations

import re

from gazetteer._normalise import normalise


def _fold_all(words: str) -> frozenset[str]:
    return frozenset(normalise(w) for w in words.split() if normalise(w))


# Capitalised words that begin sentences or headlines and are also GeoNames names. German
# capitalises every noun, so its common news nouns, weekdays and months are here too ("Ende",
# "Lage", "Berg" of "Berg-Karabach", "Sonntag"); a few two-word names are news phrases.
STOP_NAMES: frozenset[str] = _fold_all("""
    the a an and or but of in on at to for from by with as is was were be been are it its
    this that these those he she they we you i his her their our said says after before
    during while when where who what which new old north south east west central upper
    lower great little saint san santa mount lake river city town village district region
    province state border front line army forces president minister ministry government
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tomorrow
    read next previous share more news home page video photo update
    morning evening night overnight tonight
    dan atau yang di ke dari pada dalam untuk dengan ini itu ia dia mereka kami kita kata
    juga tidak telah sudah akan bahwa sebuah para orang sejak hingga sampai setelah
    sebelum saat ketika sementara namun tetapi tapi serta oleh bagi antara tentang
    kedua salah satu dua tiga empat lima enam tujuh delapan sembilan sepuluh
    senin selasa rabu kamis jumat sabtu minggu hari bulan tahun pekan lalu baru
    januari februari maret mei juni juli agustus oktober desember presiden menteri
    kementerian pasukan tentara kota desa wilayah daerah negara perang pertempuran
    bagaimana bagikan baca juga berita utama terkait lainnya reaksi anda kepala suku
    konflik kekuatan otoritas pembicaraan utara selatan timur barat tengah
    и в во на с со к по из за от до о об при для что как это он она они мы вы его ее их
    также ещё еще уже после перед во время когда где который которая которые сказал заявил
    понедельник вторник среда четверг пятница суббота воскресенье
    ночью утром днем днём вечером сегодня вчера завтра накануне ранее затем сейчас теперь
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    президент министр министерство армия война город село район область граница
    ve ile bir bu şu o da de ki için gibi olarak sonra önce ama fakat veya ya
    pazartesi salı çarşamba perşembe cuma cumartesi pazar ocak şubat mart nisan mayıs
    haziran temmuz ağustos eylül ekim kasım aralık cumhurbaşkanı bakan bakanlığı ordu
    köy şehir il ilçe bölge sınır savaş bugün dün gece akşam
    və ilə bir bu həm də ki üçün kimi sonra əvvəl amma lakin yaxud ya
    bazar çərşənbə cümə şənbə yanvar fevral aprel iyun iyul avqust sentyabr oktyabr
    noyabr dekabr prezident nazir nazirliyi ordu kənd şəhər rayon bölgə sərhəd müharibə
    dünən gecə axşam
    և ու է են էր ին այս այդ որ ով ինչ համար հետ մեջ վրա նախագահ նախարար
    le la les un une des du de au aux ce cet cette ces et ou où mais donc ni car que qui
    dont il elle ils elles on nous vous lui leur leurs son sa ses notre nos selon pour par
    sur sous dans avec sans contre vers chez depuis pendant après avant lors alors ainsi
    aussi encore enfin toutefois cependant pourtant néanmoins puis ensuite déjà plus moins
    tout tous toute toutes aucun aucune plusieurs chaque autre autres même tandis
    hier aujourd demain lundi mardi mercredi jeudi vendredi samedi dimanche janvier
    février mars avril juin juillet août septembre octobre novembre décembre
    nord sud est ouest président ministre ministère gouvernement armée défense guerre
    ville région frontière ligne capitale pays ici là toujours jamais désormais parmi quant
    certains certaines environ seulement surtout notamment d'après
    côté face outre beaucoup parallèlement
    der die das den dem des ein eine einer eines einem einen und oder aber doch denn sondern
    sowie auch noch schon nur nicht kein keine nach seit bei mit von vom zum zur zu im am
    an auf aus für über unter vor neben zwischen gegen ohne durch um bis ab laut trotz
    wegen während als wie wo was wer dies diese dieser dieses es er sie wir man sein seine
    ihre hat haben hatte wird wurde wurden werden ist war waren sei seien so dann da
    dort hier heute gestern morgen zudem außerdem jedoch dennoch damit insgesamt bereits
    inzwischen unterdessen derweil zunächst später weitere mehr viele einige alle
    dabei zuvor dagegen danach daher deshalb darauf damals dazu jetzt nun immer wieder
    erneut beide beiden jeder jede jedes etwa rund fast kaum allerdings offenbar
    derzeit trotzdem gleichzeitig zwischenzeitlich
    montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz juni
    oktober dezember ende anfang beginn mitte tag tage tagen woche wochen monat jahr jahre
    nacht abend mittag stunde stunden zeit uhr stadt städte dorf ort orte gebiet gebiete
    provinz bezirk land länder staat grenze linie frontlinie norden süden osten westen nord
    süd ost berg berge tal fluss see hauptstadt armee truppen soldaten streitkräfte militär
    regierung präsident minister ministerium sprecher behörden angaben angriff angriffe
    kampf kämpfe kämpfen krieg gefechte waffenruhe feuerpause lage menschen zivilisten opfer
    tote toten verletzte bericht berichten agentur medien foto video bild seite beschuss
    rakete raketen drohne drohnen panzer artillerie verteidigung sicherheit frieden
    gespräche konflikt offensive kontrolle haus häuser straße brücke kirche schule zentrum
    kreis gemeinde worten zahl hunderte tausende dutzende teil rat welt stellungen leben
    el los las lo una unos unas y o pero sino quien cuando donde como según por con sin sobre
    entre hacia hasta desde durante tras ante bajo del al su sus este esta estos estas ese
    esa ha han había hay hubo fue fueron es son era está también además mientras aunque porque
    luego después antes ya aún más menos muy todo todos toda todas otro otra otros cada
    allí aquí ahí así asimismo entonces ahora incluso apenas nadie nada algunos
    algunas miles cientos decenas varios varias
    ningún ninguno ninguna paralelamente
    ayer hoy mañana lunes martes miércoles jueves viernes sábado domingo enero febrero
    marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre norte sur
    oeste presidente ministro ministerio gobierno ejército fuerzas defensa guerra ciudad
    pueblo región frontera frente línea provincia distrito capital país
""") | frozenset(normalise(n) for n in (
    "la défense", "la defensa",  # "ministère de la Défense": the ministry, not the district
))

# Heads of organisation names: a capitalised run holding one of these is an organisation,
# and a place inside it ("Minsk Group", "Kementerian Pertahanan Azerbaijan") is rejected.
ORG_WORDS: frozenset[str] = _fold_all("""
    group kelompok grup grubu grupu группа группы группой группе gruppa
    ministry ministries kementerian министерство министерства bakanlığı nazirliyi
    նախարարություն department departemen council dewan совет şurası şura komite committee
    комитет commission komisi комиссия university universitas университет üniversitesi
    universiteti agency ajansı agentliyi агентство kantor office bureau бюро press pers
    times post herald gazette journal news tv television radio channel televizyonu
    airlines airways bank fund foundation yayasan partai party партия partisi
    club fc united organisation organization organisasi организация teşkilatı təşkilatı
    institute institut институт enstitüsü corporation company perusahaan компания şirketi
    church gereja церковь kilsesi
    ministère groupe conseil agence comité commission parti université
    ministerium gruppe ausschuss agentur kommission partei universität
    ministerio grupo consejo agencia comisión partido universidad
""")

# Where the head word sits: "Kementerian Pertahanan X" (head first: the organisation runs
# to the right of it) versus "X Müdafiə Nazirliyi" / "Minsk Group" (head last).
ORG_HEAD_INITIAL: frozenset[str] = _fold_all("""
    kelompok kementerian министерство dewan комитет komite komisi комиссия университет
    universitas organisasi организация yayasan partai партия kantor институт institut
    perusahaan компания gereja церковь совет агентство группа
    ministère groupe conseil agence comité commission parti université
    ministerio grupo consejo agencia comisión partido universidad
""")
ORG_HEAD_FINAL: frozenset[str] = _fold_all("""
    grubu grupu qrupu bakanlığı nazirliyi ajansı agentliyi şurası üniversitesi universiteti
    partisi şirketi teşkilatı təşkilatı kilsesi enstitüsü televizyonu
""")

# Whole organisation names whose words are places ("Al Jazeera" holds Jazira).
ORG_NAMES: tuple[str, ...] = tuple(normalise(n) for n in """
    al jazeera|aljazeera|al arabiya|anadolu agency|anadolu ajansı|ria novosti|interfax|
    sputnik|reuters|associated press|agence france-presse|deutsche welle|radio free europe|
    osce minsk group|minsk group|kelompok minsk|minsk grubu|minsk qrupu|минская группа|
    минской группы|минскую группу|минской группой|dewan keamanan|security council|
    совет безопасности|güvenlik konseyi|təhlükəsizlik şurası|groupe de minsk|
    conseil de sécurité|minsker gruppe|sicherheitsrat|grupo de minsk|consejo de seguridad
""".replace("\n", "").split("|") if n.strip())

# Titles before a person's name: "Presiden Azerbaijan Ilham Aliyev", "Mr Paris".
TITLES: frozenset[str] = _fold_all("""
    mr mrs ms dr prof gen general colonel president presiden minister menteri spokesman
    spokeswoman juru bicara jubir pak bu bapak ibu sir lord
    господин президент министр генерал полковник bay bayan cənab general paşa
    président ministre général porte-parole colonel monsieur madame
    präsident minister sprecher sprecherin oberst herr frau
    presidente ministro portavoz coronel señor señora
""")

# Words that make the next capitalised word a settlement: "kota penting Madagaskar".
SETTLEMENT_NOUNS: frozenset[str] = _fold_all("""
    town city village settlement hamlet kota desa kampung dusun kecamatan kabupaten
    город города городе село села селе поселок посёлок деревня şehir şehri kent kasaba köy
    köyü kasabası şəhər şəhəri kənd kəndi qəsəbə qəsəbəsi քաղաք գյուղ
    ville village localité bourg commune stadt dorf ortschaft gemeinde kleinstadt
    ciudad pueblo aldea localidad poblado
""")

# Words that make a name an administrative region: "Tərtər rayonu", "Kharkiv Oblast".
REGION_WORDS: frozenset[str] = _fold_all("""
    district region province oblast raion rayon governorate state county prefecture
    kabupaten provinsi wilayah область области районе район района край края
    rayonu rayonunda rayonuna rayonunu rayonundan rayonunun bölgesi ili ilinde vilayəti
    mərz մարզ մարզում
    région département bezirk provinz regierungsbezirk región distrito provincia
""")

# "near X", "di sekitar X", "X yakınında": the event was close to the town, not in it.
NEAR_WORDS: frozenset[str] = _fold_all("""
    near nearby outside around outskirts vicinity dekat sekitar pinggiran luar
    около возле вблизи близ рядом окрестностях под yakınında yakınlarında civarında
    yaxınlığında ətrafında yaxınlığındakı մոտ մերձակայքում
    près proximité environs alentours abords autour nahe nähe umgebung unweit
    cerca cercanías afueras alrededores inmediaciones proximidades
""")

# Border words; a border named with a country becomes a border line place.
BORDER_WORDS: frozenset[str] = _fold_all("""
    border borders frontier perbatasan batas граница границы границе границу границей
    sınır sınırı sınırında sınırda sınırı'nda sərhəd sərhədi sərhəddə sərhədində
    սահման սահմանին սահմանի սահմանում
    frontière frontières grenze grenzen frontera fronteras
""")

# Rename cues: lower-case literal phrases (word starts), found with str.find because a
# regex alternation over them is many times slower on every article.
RENAME_CUES: tuple[str, ...] = (
    "renamed", "name was changed", "name will be changed", "name has been changed",
    "name was restored", "name will be restored", "name has been restored",
    "original name", "historic name", "historical name", "formerly", "previously known as",
    "previously called",
    "diubah kembali", "diubah namanya", "diubah nama", "akan diubah", "berganti nama",
    "nama asli", "aslinya", "sebelumnya bernama", "dulunya bernama", "ganti nama",
    "переименова", "прежнее название", "историческое название", "ранее назыв",
    "вернули название", "вернули историческое", "восстановлено название",
    "adı dəyişdiril", "adı bərpa", "əvvəlki adı", "tarixi adı", "adını dəyiş",
    "yeniden adlandır", "adı değiştiril", "eski adı", "tarihi adı", "adını değiştir",
    "վերանվանվ", "անվանափոխ",
    "rebaptisé", "renommé", "ancien nom", "nom historique", "umbenannt", "früherer name",
    "historischer name", "renombrad", "antiguo nombre", "nombre histórico",
)

# Pieces that rename cues share: a text without a piece holds none of the cues containing
# it, so one search for the piece stands for all of them (most articles hold no cue).
_CUE_PIECES = ("name", "nama", "diubah", "asli", "formerly", "previously", "наз",
               "переименова", "вернули", "adı", "adlandır", "անվան", "nom")


def _group_cues(cues: tuple[str, ...],
                pieces: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each piece with the cues that contain it (a cue goes under the first piece it
    contains; a cue containing none is a piece of its own)."""
    groups: dict[str, list[str]] = {}
    for cue in cues:
        groups.setdefault(next((p for p in pieces if p in cue), cue), []).append(cue)
    return tuple((piece, tuple(members)) for piece, members in groups.items())


RENAME_CUE_GROUPS = _group_cues(RENAME_CUES, _CUE_PIECES)


# Lines after which an article's footer begins ("Read Previous", "Baca Juga" ...).
FOOTER_MARKERS = re.compile(
    r"(?im)^\s*(?:read (?:previous|next|more|also)|related(?: articles| news)?|see also|"
    r"baca juga|baca selanjutnya|artikel terkait|berita terkait|bagikan|share(?: this)?|"
    r"bagaimana reaksi anda\??|читайте также|смотрите также|поделиться|"
    r"bunu da oxuyun|digər xəbərlər|paylaş|ilginizi çekebilir|benzer haberler|"
    r"(?:à )?lire aussi|voir aussi|partager|lesen sie auch|mehr zum thema|teilen|"
    r"lea también|leer más|compartir|noticias relacionadas|"
    r"կարդացեք նաև)\s*:?\s*$")

# Lower-case connectors allowed inside a capitalised organisation run.
ORG_CONNECTORS: frozenset[str] = _fold_all("""
    of for and the on in de dari untuk dan di по и la le les du des et der für del y
""")

