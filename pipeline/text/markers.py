"""Spelling markers: words that tell close relatives apart on principle, where n-grams and word lists cannot.

Croatian, Bosnian and Serbian share one grammar and most of their words (wordfreq has one
Serbo-Croatian list, ``sh``), Slovene is close beside them, and Bokmål, Nynorsk and Danish
share most of their spellings: lingua's character n-grams take a Serbian line for Bosnian
as often as for Serbian, and a Bokmål list holds most Nynorsk words. What tells them apart
is a small set of standard differences every grammar of these languages names:

- the yat reflex: Serbian writes it ``e`` (ekavian: mleko, vreme, lep, dete, ovde), Croatian
  and Bosnian ``ije``/``je`` (ijekavian: mlijeko, vrijeme, lijep, dijete, ovdje). The pairs
  are read off the Serbo-Croatian list, which holds both spellings (``yat``): a word is
  ijekavian when swapping its ``ije``/``je`` for ``e`` gives a listed word, ekavian the
  other way round;
- the words each standard chose (``WORDS``): Croatian tko/tisuća/kruh/vlak/tjedan against
  Serbian and Bosnian ko/šta/hiljada/hleb (hljeb)/voz; Serbian and Bosnian "da li" and
  modal + da + present ("moram da idem") against the Croatian infinitive; Serbian's
  fused future (uradiću) against Croatian's "bit ću"; Bosnian's h-words (kahva, mehko,
  sahat, historija). Bosnian is ijekavian with the eastern words: a line with both is
  Bosnian. Slovene writes the yat as Serbian does (mesto, reka): an ekavian word votes for both;
- Slovene's own function words (sem, kaj, kdo, zelo, tudi, ker, in, v, je bil) against
  Serbo-Croatian sam, što, i, u, and its lack of ć and đ;
- Nynorsk's ikkje/eg/ho/kva/dei/frå/berre/mykje against Bokmål's ikke/jeg/hun/hva/de/fra/
  bare/mye; Danish's af/hvad/nogen/mig/dig/sig/efter/lidt against Bokmål's av/hva/noen/
  meg/deg/seg/etter/litt; Norwegian's infinitive marker å (Danish at); Swedish ä and ö and
  its och/är/jag/inte/att/ett;
- in Cyrillic, Serbian's ђ and ћ (Macedonian's ѓ, ќ and ѕ), and its је/није/да ли
  (Macedonian е/сум/дали), for lines written in those two alphabets alone.

Each marker votes for the languages that write it; the language with most votes wins
(``by_markers``); a tie between lingua's choice and another leaves lingua's choice (but
Bosnian wins on its own votes alone: ``OWN_VOTES``), and a tie without it goes to the
language written more (``GROUPS``' order: Croatian and Serbian before Bosnian). A line
without markers keeps lingua's verdict. A verdict outside the groups (lingua's n-grams
alone chose Tagalog or Finnish) gives way only to markers of several distinct words
(``named``).

Other pairs of relatives differ in their grammatical words or letters rather than in a
spelling standard (Hindi/Marathi, Czech/Slovak, Azerbaijani/Turkish, Afrikaans/Dutch,
Catalan/Spanish, Estonian/Finnish): a line holding one side's markers and none of the
other's is that side (``GRAMMAR_MARKERS``, ``grammar_named``).

Measured (scripts/bench_languages.py, Tatoeba lines of 4+ words, against main b28c5ea):
sr 27.9% -> 53.4%, hr 62.5% -> 82.9%, sl 89.4% -> 92.2%, nb 83.9% -> 87.9% (another
language's model 4.0% -> 2.8%), nn 79.7% -> 88.1%, da 90.9% -> 91.3%, sv 97.9% -> 98.1%;
bs 35.5% -> 15.2% (``OWN_VOTES``: ties go to Croatian and Serbian; empty, bs stays at
35.5% while sr reaches 44.9% and hr 65.8%); mixed documents 95.3% -> 95.6%.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence

HR, BS, SR, SL = "hr", "bs", "sr", "sl"
DA, NB, NN, SV = "da", "nb", "nn", "sv"
MK = "mk"
SERBO_CROATIAN = frozenset({HR, BS, SR})
# Cyrillic languages whose verdict Serbian's letters may overrule (lingua reads Serbian
# Cyrillic as Macedonian, Bulgarian, Russian or Ukrainian).
CYRILLIC = frozenset({SR, MK, "bg", "ru", "uk", "be"})
# Bosnian wins on its own votes (ijekavian with the eastern words, its h-words): a tie with
# Croatian or Serbian goes to the language written far more.
OWN_VOTES = frozenset({BS})
# The languages each table decides between, in the order a tie without lingua's choice
# goes (the one written more first).
GROUPS: tuple[tuple[str, ...], ...] = ((HR, SR, BS, SL), (NB, DA, SV, NN), (SR, MK))
GROUP_OF: Mapping[str, tuple[str, ...]] = {lang: group for group in GROUPS[:2] for lang in group}
# The Serbo-Croatian list wordfreq has: the yat pairs are read from it.
SERBO_CROATIAN_LIST = "sh"


def _table(*rows: tuple[frozenset[str], str]) -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for langs, words in rows:
        for word in words.split():
            table[word] = table.get(word, frozenset()) | langs
    return table


_EAST = frozenset({SR, BS})  # Serbian and Bosnian words (Croatian chose others)
_WEST = frozenset({HR, BS})  # Croatian and Bosnian words (Serbian chose others)
# Slovene writes the yat e as Serbian does (mesto, reka, svet): an ekavian word votes for both.
_EKAVIAN = frozenset({SR, SL})
_NORWEGIAN = frozenset({NB, NN})
_DANO_NORWEGIAN = frozenset({DA, NB})
WORDS: Mapping[str, frozenset[str]] = _table(
    # Croatian's own words: pronouns with t- (tko), the purist vocabulary Serbian and
    # Bosnian do not use (tisuća/hiljada, kruh/hleb, vlak/voz, tjedan/nedelja, glazba/muzika).
    (frozenset({HR}), ("tko netko nitko itko svatko tisuća tisuću tisuće kruh kruha vlak vlakom kava kavu kave "
                      "obitelj obitelji glazba glazbu glazbe nogomet kazalište sveučilište povijest povijesti "
                      "kemija kemiju točno točan točna uopće tjedan tjedna tjednu otok otoku juha juhu krumpir "
                      "rajčica europa europi europu europe sretan sretna sretni sretno znanost kći kćer kćeri "
                      "tijekom zrakoplov kolodvor talijanski talijanskom trgovina trgovinu tvrtka tvrtki "
                      "siječanj veljača ožujak travanj svibanj lipanj srpanj kolovoz rujan listopad prosinac")),
    # Serbian and Bosnian words: ko/šta, da li, hiljada, uraditi and desiti se (Croatian učiniti,
    # dogoditi se), the month names Croatian replaced.
    (_EAST, ("ko neko niko iko svako nekog nikog šta hiljada hiljadu hiljade porodica porodicu porodici "
            "muzika muziku muzike kafa kafu kafe kafom voz vozom fudbal pozorište univerzitet hemija hemiju "
            "tačno tačan tačna uopšte kašika kašiku paradajz supa supu evropa evropi evropu evrope "
            "italijanski italijanskom napolju prodavnica prodavnicu ćerka ćerku ćerke uradio uradila "
            "uradili uraditi uradim uradiš uradi uradimo uradite desilo desio desila desili dešava "
            "januar februar mart avgust septembar oktobar novembar decembar")),
    (frozenset({SR}), ("hleb hleba istorija istoriju istorije ostrvo ostrvu vazduh juče pasulj šargarepa srećan "
                      "srećna srećni srećno")),
    # Bosnian's h where the others dropped it (lahko, kahva, sahat), hljeb, historija.
    (frozenset({BS}), ("historija historiju historije hljeb hljeba mehko kahva kahvu kahve sahat "
                      "sahata sedmica sedmicu sedmice")),
    (_WEST, "jučer zrak zraka vani"),
    # Words every Serbo-Croatian standard writes and Slovene does not (sem, vse, vsi, še,
    # že, hiša, danes, jutri, ker, kot, zelo), so that the two read apart.
    (SERBO_CROATIAN, ("sam nisam nije sve svi još već kuća kuću kući danas sutra jer kao vrlo sada sad "
                     "ovo ovaj ova što ću ćeš će ćemo ćete bio u i")),
    # Slovene: sem/si/je bil (Serbo-Croatian sam/bio), kaj, kdo, kje, zelo, tudi, ker, če,
    # še, že, its masculine l-participles (bil, imel, rekel, šel), in and v (Serbo-Croatian i, u).
    (frozenset({SL}), ("sem nisem kaj kdo kje kam zakaj zdaj sedaj tukaj tam zelo tudi ker če še že bom boš bo "
                      "bomo boste bodo ki in jaz nočem hočem hoče danes jutri včeraj vem veš vse vsi vsak nekaj "
                      "nič naj kot saj vendar ampak torej potem preveč hiša hišo bil imel rekel šel prišel "
                      "videl vedel mislil naredil vzel kupil pozabil dobil mogel znal delal živel slišal "
                      "prosim lahko so sta v z")),
    # Nynorsk: ikkje, eg, ho, kv- for hv-, dei, ein/eit, frå, berre, mykje, noko, sjølv, meir.
    (frozenset({NN}), ("ikkje eg ho kva kven kvar korleis kvifor kvi dei ein eit frå berre mykje noko nokon nokre "
                      "heile heilt sjølv meir vere vore kjem veit seier gjer høyrer augo heim noreg eigen "
                      "eiga sjå fekk gjekk trur søv dykk dykkar hjå enno kvarandre vatn difor òg likar snakkar kor "
                      "vert sommar kvart kvit ver heldt sit so")),
    (frozenset({NB, SV}), "vet"),
    (frozenset({NB}), "hva noe noen mye nå ble sier gjør vært hverandre norge dere hvit hvert mer gikk fikk"),
    # Danish: af, hvad, nogen/noget, mig/dig/sig, efter, lidt, ud, op, blev, siger, gør,
    # and its soft-d spellings where Bokmål writes hard consonants (bog/bok, mad/mat).
    (frozenset({DA}), ("af hvad nogen noget nogle lidt ud op bliver siger gør hedder købe købte spørge spurgte "
                      "hjælpe hjælp gerne altid måske hvornår kender sige tage give gik fik sagde pludselig "
                      "meget vores jeres hende rigtig rigtigt pige dreng bog mad gade vej øje øjne mere os end søn "
                      "været lige tilbage stærk værelse")),
    (_DANO_NORWEGIAN, "ikke jeg hun hvem hvor hvordan hvorfor hvis"),
    (frozenset({DA, SV}), "mig dig sig efter aldrig nu blev igen sådan nej hej musik"),
    (frozenset({NN, SV}), "vart"),
    # Norwegian's infinitive marker å (Danish at), its double consonants (oss, enn, sønn).
    (_NORWEGIAN, "å meg deg seg etter litt opp kjøpe aldri igjen kanskje enn sønn si gi gutt jente tilbake hjelpe "
                 "takk musikk sterk"),
    (frozenset({NB, NN, SV}), "av ut alltid oss henne ta bli"),
    # Swedish: och, är, jag, inte, att, ett, vad, hur, till, från (its ä and ö: ``LETTERS``).
    (frozenset({SV}), ("och är jag inte att ett vad vem hur varför mycket också någon något några honom upp "
                      "bara till från där här ni ska vill gör kanske tack")),
    # Serbian Cyrillic's je/nije and "da li" (Macedonian е, не е, сум, дали).
    (frozenset({SR}), "је нисам није шта"),
    (frozenset({MK}), "сум дали јас што"),
)
# Letters only some of a group write: a word with one votes once for them.
LETTERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("ćđ", SERBO_CROATIAN),  # Slovene writes neither
    ("äö", frozenset({SV})),  # Danish and Norwegian write æ and ø
    ("æø", frozenset({DA, NB, NN})),
    ("ђћ", frozenset({SR})),  # Serbian Cyrillic's own letters
    ("јљњџ", frozenset({SR, MK})),  # no other Cyrillic language writes them
    ("ѓќѕ", frozenset({MK})),  # Macedonian's own
)
# Serbian and Macedonian Cyrillic: a line with any other Cyrillic letter is neither.
_SR_MK_CYRILLIC = frozenset("абвгдђежзијклљмнњопрстћуфхцчџшѓќѕ")
# Modal verbs that Serbian and Bosnian follow with "da" and a present (moram da idem),
# where Croatian has an infinitive (moram ići).
_MODALS = frozenset(["moram", "moraš", "mora", "moramo", "morate", "moraju", "mogu", "možeš", "može", "možemo",
                    "možete", "hoću", "hoćeš", "hoće", "hoćemo", "hoćete", "treba", "trebalo", "morao", "morala",
                    "mogao", "mogla", "pokušaj"])
_FUTURE = frozenset(["ću", "ćeš", "će", "ćemo", "ćete"])
# Serbian's fused future: a verb stem ending in -a or -i with the auxiliary joined
# (uradiću, čekaćemo); nouns in -ću (kuću, sreću, noću) end in other vowels.
_FUSED_FUTURE = re.compile(r"\w{2,}[ai](?:ću|ćeš|ćemo|ćete)$")
# ije/je spellings that are no yat: nije (is not), bio (was), je after j, and je after n or
# l where it makes nj or lj (word-final, as in bolje, or in a word that starts with n, as
# njega). Word-final -ije is the comparative (starije against the plural stare) except in
# ``_FINAL_IJE``.
_YAT = re.compile(r"(?<=[^\Wj])(?:ije|je)")
_NOT_YAT = frozenset({"nije", "čije", "bio", "video", "pio"})
_FINAL_IJE = frozenset({"prije", "poslije", "dvije", "najprije"})
_FINAL_E = frozenset({"pre", "posle", "dve", "najpre"})
_SOUTH_SLAVIC_LATIN = re.compile(r"[a-zčćšžđ]+")
# Votes a language needs to overrule a verdict outside its group (``named``).
NAMED_VOTES = 2
# A yat pair counts when both spellings are in the Serbo-Croatian list at this Zipf value
# or more (a few times in a hundred million words): rarer forms are noise.
YAT_FLOOR = 2.5


def _ekavian(word: str) -> Iterator[str]:
    """The ekavian spellings ``word`` would have if an ije/je of it were a yat."""
    if word in _NOT_YAT:
        return
    for match in _YAT.finditer(word):
        if match.group() == "je" and word[match.start() - 1] in "nl" and (match.end() == len(word) or word[0] == "n"):
            continue  # nj and lj, not a yat: nje, bolje, njega
        if match.end() < len(word) or match.group() == "je" or word in _FINAL_IJE:
            yield word[:match.start()] + "e" + word[match.end():]
    if word.endswith("io"):  # the participle: vidio/video, htio/hteo, dio/deo
        yield word[:-2] + "eo"


def _ijekavian(word: str) -> Iterator[str]:
    """The ijekavian spellings ``word`` would have if an e of it were a yat."""
    if word in _NOT_YAT:
        return
    for i in range(1, len(word)):
        if word[i] != "e" or word[i - 1] == "j":
            continue
        if i < len(word) - 1 or word in _FINAL_E:
            yield word[:i] + "ije" + word[i + 1:]
        if word[i - 1] not in "nl" or i < len(word) - 1 and word[0] != "n":  # ne/nje, vole/volje: no yat
            yield word[:i] + "je" + word[i + 1:]
    if word.endswith("eo"):
        yield word[:-2] + "io"


def yat(word: str, frequency: Callable[[str], float]) -> str | None:
    """``ije`` when ``word`` is an ijekavian spelling whose ekavian counterpart is listed too,
    ``e`` the other way round, else None. ``frequency`` is the Serbo-Croatian list's Zipf
    value (0 when unlisted or under ``YAT_FLOOR``); both spellings must be listed."""
    if not _SOUTH_SLAVIC_LATIN.fullmatch(word) or frequency(word) <= 0.0:
        return None
    if any(frequency(other) > 0.0 for other in _ekavian(word)):
        return "ije"
    if any(frequency(other) > 0.0 for other in _ijekavian(word)):
        return "e"
    return None


def votes(words: Sequence[str], frequency: Callable[[str], float] | None = None,
          letters: bool = True) -> Counter[str]:
    """The markers' votes for each language among ``words`` (lower case, in order); with
    ``frequency`` (the Serbo-Croatian list, see ``yat``) the yat reflex votes too, and
    without ``letters`` the letters do not (Estonian and Finnish write ä and ö too)."""
    counted: Counter[str] = Counter()
    for i, word in enumerate(words):
        previous = words[i - 1] if i else ""
        counted.update(WORDS.get(word, frozenset()))
        for marks, langs in LETTERS if letters else ():
            if any(letter in word for letter in marks):
                counted.update(langs)
        if previous == "da" and word == "li" or previous in _MODALS and word == "da":
            counted.update(_EAST)
        if word in _FUTURE and previous.endswith("t") and not previous.endswith("ti"):
            counted.update(_WEST)  # bit ću, vidjet ćeš: Croatian (and Bosnian) write them apart
        if _FUSED_FUTURE.match(word):
            counted[SR] += 1
        reflex = None if frequency is None else yat(word, frequency)
        if reflex == "ije":
            counted.update(_WEST)
        elif reflex == "e":
            counted.update(_EKAVIAN)
    return counted


def cyrillic_votes(words: Sequence[str], letters_only: bool = False) -> Counter[str]:
    """Serbian against Macedonian votes, for a line in those two alphabets alone (else none);
    ``letters_only``: their own letters alone vote (Belarusian writes што too)."""
    if not words or any(letter not in _SR_MK_CYRILLIC for word in words for letter in word):
        return Counter()
    if letters_only:
        return Counter(lang for word in words for marks, langs in LETTERS[-3:]
                       if any(letter in word for letter in marks) for lang in langs)
    counted = votes(words)
    for i, word in enumerate(words):
        if word == "ли" and i and words[i - 1] == "да":
            counted[SR] += 1
    return counted


def by_markers(top: str, words: Sequence[str], configured: frozenset[str],
               frequency: Callable[[str], float]) -> str | None:
    """The relative of ``top`` its spelling markers name, when it is not ``top``; else None.

    ``frequency(word)``: the Serbo-Croatian list's Zipf value, for the yat pairs (``yat``).
    The language with most votes wins; a tie that includes ``top`` keeps it (unless
    ``top`` is one that wins on its own votes alone, ``OWN_VOTES``), one without it goes
    to the first tied language in ``GROUPS``' order. Only ``configured`` languages win.
    """
    if not words:
        return None
    if top in CYRILLIC and not _SOUTH_SLAVIC_LATIN.fullmatch(words[0]):
        group, counted = GROUPS[2], cyrillic_votes(words, letters_only=top not in GROUPS[2])
    elif top in GROUP_OF:
        group = GROUP_OF[top]
        counted = votes(words, frequency if top in SERBO_CROATIAN | {SL} else None)
    else:
        return None
    scores = {lang: counted[lang] for lang in group if lang in configured}
    best = max(scores.values(), default=0)
    if best <= 0:
        return None
    tied = [lang for lang in group if scores.get(lang) == best]
    if top in tied and (top not in OWN_VOTES or len(tied) == 1):
        return None
    return tied[0]


def named(words: Sequence[str], configured: frozenset[str]) -> str | None:
    """The language the markers of ``words`` name on their own, whatever lingua chose, or None.

    For a verdict outside the groups (lingua's n-grams read "Eg er gladast når eg søv" as
    Finnish): the group whose best language has most votes, ``NAMED_VOTES`` or more and
    more than any other group's, carried by a third of the words or more; within it, the
    language with most votes (a tie: ``GROUPS``' order).
    """
    if not words:
        return None
    counted = votes(words, letters=False)  # words alone: the yat pairs need a list read
    best: list[tuple[int, str]] = []
    for group in GROUPS[:2]:
        scores = [(counted[lang], -group.index(lang), lang) for lang in group if lang in configured]
        if scores:
            count, _, lang = max(scores)
            best.append((count, lang))
    best.sort(reverse=True)
    if not best or best[0][0] < NAMED_VOTES or len(best) > 1 and best[1][0] == best[0][0]:
        return None
    lang = best[0][1]
    # Distinct words: one word said twice is one marker (Tagalog "ko", Albanian "kam").
    marked = len({word for word in words if lang in WORDS.get(word, ())})
    return lang if marked >= NAMED_VOTES and 3 * marked >= len(words) else None


# Two relatives that share most of their vocabulary but none of their grammatical words or
# some letters: a line holding the markers of one and none of the other's is that one
# (``grammar_named``). Hindi and Marathi (both in Devanagari): the copula and negation (Hindi
# है/हैं/हूँ/नहीं, Marathi आहे/आहेत/नाही), the first-person pronouns (मैं/मुझे, मी/मला), the
# postpositions Hindi writes apart (में, को, से, ने, के) and Marathi joins to the noun
# (मध्ये apart), the conjunctions (और/लेकिन, आणि/पण); not का and की (Marathi "why" and
# "that") nor मेरी (Marathi "Mary"). Czech and Slovak: the letters ě, ř, ů (Czech) against ä,
# ô, ľ, ĺ, ŕ (Slovak), and the forms of "to be" (jsem/jsou, byl/bol), the reflexive se/sa,
# ne/nie, jako/ako, co/čo, nebo/alebo, chci/chcem, vím/viem, já/ja, když/keď, pro/pre,
# nikdo/nikto, jaký/aký, jdu/idem; not "si" (Czech's dative reflexive too) nor "tebe"
# (Slovak's dative). Azerbaijani and
# Turkish: the letter ə, which Turkish does not write, and the common words it changes (və/ve,
# nə/ne, ilə/ile, üçün/için, çox/çok, mən/ben). Afrikaans and Dutch: the pronouns (ek/ik,
# jy/jij, hulle), the negation (nie/niet), vir/voor (not "voor" or "een": Afrikaans words too),
# sal/zal. Measured on every Tatoeba line: 77% of Azerbaijani and 24% of Turkish lines hold
# one side's markers alone, none the other language's; 64% of Afrikaans and 46% of Dutch.
# Catalan and Spanish: amb/con, és/está, però/pero, molt/muy, jo/yo, i/y (not "es": a Catalan
# pronoun); 42% of Catalan and 29% of Spanish lines. Estonian and Finnish: õ, the pronouns
# (ma, sa, ta, see / minä, sinä, hän, tämä), aga/mutta (not "olen" or "me": both languages');
# 67% of Estonian and 31% of Finnish lines.
GRAMMAR_MARKERS: Mapping[str, tuple[frozenset[str], frozenset[str]]] = {  # language: (words, letters)
    "hi": (frozenset("है हैं हूँ हूं नहीं मैं में के को से ने यह वह था थी थे और लेकिन क्या मुझे मेरा मेरे हम आप "
                     "तुम रहा रही रहे".split()), frozenset()),
    "mr": (frozenset("आहे आहेत आहोत आहात आहेस नाही नाहीत नव्हते नव्हता मी मला माझा माझी माझे माझ्या आम्ही "
                     "आम्हाला तुम्ही तुम्हाला आणि काय कुठे मध्ये पण झाले झाला झाली केले केला केली त्याला "
                     "त्याने तिला तिने त्यांना आपण होतो होतात".split()), frozenset()),
    "cs": (frozenset("jsem jsi jsme jste jsou se ne ano jako jak co nebo také který která které můj jen teď velmi "
                     "proč byl byla bylo byli chci vím kdy ještě mě jí ji dělat jejich já když pro nic něco všechno "
                     "zítra nikdo jaký jaká jaké jdu protože tady".split()), frozenset("ěřů")),
    "sk": (frozenset("som sme ste sú sa nie áno ako čo alebo tiež ktorý ktorá ktoré môj len teraz veľmi aj "
                     "prečo bol bola bolo boli chcem viem kedy ešte ma teba ju robiť iba ja keď pre nič niečo "
                     "všetko zajtra nikto aký aká aké idem lebo".split()), frozenset("äôľĺŕ")),
    "az": (frozenset("deyil və nə üçün ilə kimi çox bəli xeyr mən sən".split()), frozenset("ə")),
    "tr": (frozenset("değil ve için ile gibi çok evet hayır ben sen".split()), frozenset()),
    "af": (frozenset("ek jy hy hom nie niks hulle julle baie vir hierdie sal n se sy my nou gister asseblief".split()), frozenset("ê")),
    "nl": (frozenset("ik jij je hem ze we uw jullie niet niets zijn zij wij zo nu naar zal heb hebben de mijn".split()), frozenset({"ij", "sch"})),
    "ca": (frozenset("amb és però perquè molt molta aquest aquesta aquests jo nosaltres també pel dels tinc avui "
                     "meu meva seva els ho".split()), frozenset()),
    "es": (frozenset("y muy pero porque con está yo también tengo hoy mío tiene estoy los".split()), frozenset()),
    "et": (frozenset("ma sa ta mina sina tema see aga kas mis meie nad pole oled".split()), frozenset("õ")),
    "fi": (frozenset("minä sinä hän että mutta tämä se ovat olet he mitä kanssa".split()), frozenset()),
}
GRAMMAR_PAIRS: tuple[frozenset[str], ...] = (frozenset({"hi", "mr"}), frozenset({"cs", "sk"}), frozenset({"az", "tr"}),
                                              frozenset({"af", "nl"}), frozenset({"ca", "es"}), frozenset({"et", "fi"}))


# Letters that one Latin-script language alone writes among those lingua knows: a line whose
# own words (names masked) hold them is that language's, whatever lingua's n-grams say
# (``by_letters``): Romanian ș/ț (comma below; ţ as older fonts write it), Hungarian ő/ű,
# Polish ł/ś/ź/ż, Czech ř/ů, Slovak ľ/ĺ/ŕ, Azerbaijani ə, Icelandic þ, Welsh ŵ/ŷ, Esperanto's
# circumflexed consonants and ŭ, Lithuanian ė/į/ų, Latvian ģ/ķ/ļ/ņ, German ß. Not ñ (Tagalog,
# Basque), ş/ğ/ı (Turkish and Azerbaijani), ä/ö/ü/õ, đ (Vietnamese). On every Tatoeba line:
# 4,118 lines holding one language's letters were labelled it already, 186 were not (Esperanto
# 67, Romanian 39, Azerbaijani 28, Latvian 15...), 0 of another language (Kazakh Cyrillic lines
# writing ə are not Latin-script lines; "Badstraße" in a Slovene line is a name). Through the
# identifier (``scripts/bench_languages.py``): Esperanto lines of 4+ words 91.5% -> 97.0%,
# Azerbaijani 96.3% -> 98.2%; lines sent to another language's model 1,324 -> 1,294
# (Romanian 11 -> 5, Esperanto 21 -> 9); Belarusian in Łacinka (ŭ, ś, ł), which lingua does not
# know in Latin script, now reads as Esperanto or Polish (4 -> 7 Belarusian lines).
UNIQUE_LETTERS: Mapping[str, str] = {"ro": "șțţ", "hu": "őű", "pl": "łśźż", "cs": "řů", "sk": "ľĺŕ", "az": "ə",
                                     "is": "þ", "cy": "ŵŷ", "eo": "ĉĝĥĵŝŭ", "lt": "ėįų", "lv": "ģķļņ", "de": "ß"}


def by_letters(words: Sequence[str], configured: frozenset[str]) -> str | None:
    """The one ``configured`` language whose letters alone (``UNIQUE_LETTERS``) ``words`` hold; else None."""
    letters = set("".join(words))
    found = [lang for lang, chars in UNIQUE_LETTERS.items() if lang in configured and not letters.isdisjoint(chars)]
    return found[0] if len(found) == 1 else None


def grammar_pair(lang: str, configured: frozenset[str]) -> frozenset[str]:
    """``lang``'s pair of ``GRAMMAR_PAIRS`` when both are ``configured``; else empty."""
    return next((pair for pair in GRAMMAR_PAIRS if lang in pair and pair <= configured), frozenset())


def grammar_named(lang: str, words: Sequence[str], configured: frozenset[str]) -> str | None:
    """The language of ``lang``'s pair (``grammar_pair``) whose markers ``words`` hold, none of
    the other's (``GRAMMAR_MARKERS``: words, or letters anywhere in them); else None. Measured
    on every Tatoeba line: 80% of Hindi and 66% of Marathi lines hold one side's markers
    alone, none the other language's; 76% of Czech and 58% of Slovak lines, 1 Slovak line
    Czech's ("Ano, poďme!")."""
    joined = " ".join(words)
    found = [other for other in sorted(grammar_pair(lang, configured))
             if any(part in joined for part in GRAMMAR_MARKERS[other][1])
             or any(word in GRAMMAR_MARKERS[other][0] for word in words)]
    return found[0] if len(found) == 1 else None


def by_grammar(top: str, words: Sequence[str], configured: frozenset[str]) -> str:
    """The language ``grammar_named`` names for a verdict for ``top``, else ``top``."""
    return grammar_named(top, words, configured) or top


# The Cyrillic alphabets: a line holding a lower-case Cyrillic letter its alphabet lacks is
# not in that language ("Як справи в моєї дружини?": є and ї are no Macedonian letters; "Он
# не в моём вкусе.": ё is no Bulgarian one), so that language is no alternative left open.
CYRILLIC_ALPHABETS: Mapping[str, frozenset[str]] = {lang: frozenset(letters) for lang, letters in {
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "be": "абвгґдеёжзійклмнопрстуўфхцчшыьэюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
    "mn": "абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя",
}.items()}
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def spelled_out(lang: str, alternatives: Sequence[str], words: Sequence[str],
                configured: frozenset[str]) -> tuple[str, tuple[str, ...]]:
    """``lang`` and the ``alternatives`` that ``words``'s Cyrillic letters allow
    (``CYRILLIC_ALPHABETS``). Where ``lang`` itself lacks one, the one alternative they allow,
    if one alone does; else both as read (a line mixing two languages' letters)."""
    joined = "".join(words)
    if joined.isascii() or not _CYRILLIC.search(joined):  # most lines: no Cyrillic letter at all
        return lang, tuple(alternatives)
    letters = {ch for ch in set(joined) if "\u0400" <= ch <= "\u04ff"}
    fits = {other for other, alphabet in CYRILLIC_ALPHABETS.items() if letters <= alphabet} & configured
    if not fits:  # letters none of these writes (Old Russian's ѣ, Mari's ӧ): a language beyond them, left as read
        return lang, tuple(alternatives)
    if lang in CYRILLIC_ALPHABETS and lang not in fits:
        # Only among the languages read for it: a Russian line quoting a Ukrainian word ("дякую,
        # пані") fits Kazakh's alphabet alone, which holds nearly every Cyrillic letter.
        candidates = [a for a in alternatives if a in fits]
        if len(candidates) == 1:
            return candidates[0], tuple(a for a in alternatives if a not in CYRILLIC_ALPHABETS)
        return lang, tuple(alternatives)
    return lang, tuple(a for a in alternatives if a not in CYRILLIC_ALPHABETS or a in fits)
