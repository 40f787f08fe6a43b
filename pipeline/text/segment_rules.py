"""Per-language segmentation data added to sentencex's: which language's rules split a
block, and where a full stop sentencex breaks at ends no sentence.

sentencex keeps per-language rules but no way to add to them from Python, and segmentation
runs before language identification. So each block's rules language is guessed here
(``rules_language``: the script, then for Latin script the language whose most common short
words the block uses most), and after sentencex splits, ``joins`` undoes a boundary the
language's data rules out:

* a dotted ordinal date ("am 4. Oktober 1988", "4. října", "4. lokakuuta"), in any
  language that writes one, whatever the block's guess;
* an abbreviation that never ends a sentence (a title before a name, "т. е.", "z. B.",
  "tzw."), whatever follows;
* an abbreviation that may end one ("г.", "н. э.", Polish "r.", "itd."), when the next
  piece starts in lower case or with a digit: Polish "w 1988 r. w Warszawie" is one
  sentence, "w 1988 r. The meeting..." two;
* a single letter and a full stop before a lower-case word, in any language (an initial
  or abbreviation sentencex's rules for the guessed language do not know), and likewise a
  number ("Toplantı 3. kez", an ordinal) or a word of four letters at most (Indonesian
  "dgn. para"): no sentence of a cased script starts in lower case (a longer word may be
  one that ends a sentence before a lower-case signature: "market. reuter");
* direct speech and its attribution: a quote closed after its end mark, then a dash and
  a lower-case word («Ты где?» — спросил он; «¿Dónde?» —preguntó) or, in Japanese, a
  particle in hiragana (「明日行く。」と言った);
* a full stop after a Thai letter ("ม.ค.", January): Thai ends sentences with a space,
  and writes its abbreviations with full stops.

``breaks`` adds the boundaries sentencex misses: where a sentence of one script follows
one of another (a Telugu line without a full stop, then an English one; Thai, which ends
a sentence with a space or nothing at all), at a space that ends a Thai sentence
(``pipeline.text.thai``), after a common word sentencex takes for an abbreviation
("me.": Maine), and at an ASCII colon that stands for Armenian's full stop "։" (as most
Armenian typed on a Latin keyboard writes it: a colon between two Armenian words).
"""

from __future__ import annotations

import re

from pipeline.text.scripts import LATIN, ScriptRun, script_runs
from pipeline.text.thai import has_thai
from pipeline.text.thai import sentence_starts as thai_sentence_starts

# The most common short words of each Latin-script language sentencex has rules for: a
# block's rules language is the one with most of them (at least two, more than English).
_STOP_WORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in {
    "en": "the a and of to in is that for it was with on are as this have be not by from at",
    "id": "yang dan di ini itu dengan untuk dari tidak ke dalam akan ada juga pada adalah oleh saya sudah",
    "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch wird",
    "fr": "le la les et des est un une du en que pas pour dans qui sur au avec ce il",
    "es": "el la los las y que en un una es por con para del se no lo como más",
    "it": "il la di che è un una per non del della sono si con le gli nel anche",
    "pt": "o os as que do da em um uma para com não é no na dos das ao mais",
    "nl": "de het een en van is dat niet op te zijn met voor die er ook aan",
    "pl": "i w na nie się z że do to jest jak o co ale od po za są",
    "tr": "ve bir bu da de için ile çok ne gibi daha olarak var olan değil",
    "vi": "của và là có không được cho những một các người trong này đã với",
    "cs": "a je se na v že to s z do ne jsou by jako ale",
    "sv": "och att det som en är på för med inte av till har den",
    "da": "og er det at en til på som med ikke af har den de",
    "nb": "og er det som en til på ikke med av har den for at",
    "fi": "ja on ei että se oli hän mutta tai kun myös ovat",
    "ro": "și în de la cu nu că este un o pe din care sunt",
    "hu": "a az és hogy nem egy is van meg de ez már",
}.items()}
_LATIN_WORD = re.compile(r"[^\W\d_]+")
_INITIAL = re.compile(r"\b[^\W\d_]\.")
_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOP_WORDS.items():
    for _word in _words:
        _LANGS_OF[_word] = (*_LANGS_OF.get(_word, ()), _lang)
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
# Scripts other than Latin and the rules language of each (the first letter found decides).
_SCRIPT_RULES = (
    (re.compile("[\u3040-\u30ff]"), "ja"),
    (re.compile("[\uac00-\ud7af]"), "ko"),
    (re.compile("[\u4e00-\u9fff]"), "zh"),
    (re.compile("[іїєґІЇЄҐ]"), "uk"),
    (re.compile("[\u0400-\u04ff]"), "ru"),
    (re.compile("[\u0600-\u06ff]"), "ar"),
    (re.compile("[\u0370-\u03ff]"), "el"),
    (re.compile("[\u0590-\u05ff]"), "he"),
    (re.compile("[\u0900-\u097f]"), "hi"),
    (re.compile("[\u0e00-\u0e7f]"), "th"),
)
_SAMPLE = 240  # characters of a block its guess reads


def rules_language(block: str) -> str:
    """The language whose sentencex rules split ``block``: its script's, or for Latin script
    the language most of whose common short words it uses ("en" when none stands out)."""
    if block.isascii() and ". " not in block:
        return "en"  # no full stop inside, and no other script: no rules to choose between
    sample = block[:_SAMPLE]
    if not sample.isascii() and 2 * len(_LATIN_LETTER.findall(sample)) < len(_LETTER.findall(sample)):
        for pattern, lang in _SCRIPT_RULES:
            if pattern.search(sample):
                return lang
    scores = dict.fromkeys(_STOP_WORDS, 0)
    # An initial or an abbreviation's letter ("U.S.", "A. Smith") is no Czech "s" or Polish "w".
    for word in _LATIN_WORD.findall(_INITIAL.sub(" ", sample.lower())):
        for lang in _LANGS_OF.get(word, ()):
            scores[lang] += 1
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= 2 and scores[best] > scores["en"] else "en"


# Abbreviations sentencex's rules for the language do not know, lower-cased, without their
# final full stop. NEVER_END: they always lead on to more of the sentence (titles, "i.e.");
# MAY_END: they may close a sentence, so they only join a piece that goes on in lower case.
_NEVER_END: dict[str, frozenset[str]] = {lang: frozenset(words.split("|")) for lang, words in {
    "en": "approx|incl|esp|viz",
    "ru": "т. е|т.е|т. к|т.к|т. н|т.н|см|ул|пр|проф|акад|им|напр|ср|гр|тов|рис|табл|д|кв",
    "uk": "т. зв|т.зв|т. е|див|вул|проф|акад|ім|напр|пор|гр|рис|табл",
    "pl": "tzw|np|ul|dr|prof|im|m.in|godz|ok|al|pl|św|gen|płk|mjr|wg|ks|pkt|zob|por",
    "de": "z. b|z.b|d. h|d.h|u. a|u.a|bzw|ca|dr|prof|nr|st|vgl|sog|hr|fr|abs|art|evtl|ggf|inkl",
    "fr": "m|mm|mme|mlle|dr|pr|st|ste|av|bd|cf|p. ex|ex",
    "es": "sr|sra|srta|dr|dra|d|dña|ud|uds|pág|núm|aprox|av|p. ej|vid",
    "it": "sig|sig.ra|dott|prof|pag|ca|on|avv|ing|arch|p. es",
    "pt": "sr|sra|dr|dra|pág|p. ex|av|prof",
    "nl": "dhr|mevr|o.a|bijv|d.w.z|m.b.t|blz|nr|ca|bv|mr|drs|ir|prof",
    "tr": "dr|prof|doç|av|yrd|cad|sok|mah|bkz|örn",
    "id": "jl|dr|prof|h|hj|ir|kab|kec|bpk|sdr|drs|kh|tn|ny",
    "vi": "tp|ths|ts|pgs|gs|bs|q|p|tt",
    "cs": "tzv|např|tj|ul|dr|prof|ing|mgr|č|nám",
    "sv": "t.ex|bl.a|dvs|s.k|ca|nr|dr|prof",
    "da": "f.eks|bl.a|dvs|ca|nr|dr|prof|hr|fru",
    "nb": "f.eks|bl.a|dvs|ca|nr|dr|prof|hr|fru",
    "fi": "esim|mm|ns|tri|prof|n",
    # Devanagari: doctor, professor (Hindi and Marathi write them with a full stop).
    "hi": "डॉ|डा|प्रो|श्रीमती|श्री|सं",
    # Arabic: doctor, Mr/Professor, engineer ("د. أحمد", "أ. د.", "م. خالد").
    "ar": "د|أ|أ. د|أ.د",
}.items()}
_MAY_END: dict[str, frozenset[str]] = {lang: frozenset(words.split("|")) for lang, words in {
    "ru": "г|гг|в|вв|н. э|н.э|до н. э|т. д|т.д|т. п|т.п|др|тыс|млн|млрд|руб|коп|обл|р|стр|с|ч|мин|сек",
    "uk": "р|рр|ст|т. д|т.д|т. п|т.п|н. е|н.е|тис|млн|млрд|грн|обл|с",
    "pl": "r|w|itd|itp|tys|mln|mld|zł|proc|in|s|godz",
    "de": "usw|etc|jh|mio|mrd|tsd|v. chr|n. chr|bzw|s",
    "fr": "etc|env|janv|févr|avr|juil|sept|oct|nov|déc|av. j.-c|apr. j.-c",
    "es": "etc|a. c|d. c|ene|feb|oct|nov|dic",
    "it": "ecc|a.c|d.c",
    "pt": "etc|a.c|d.c",
    "nl": "enz|v.chr|n.chr",
    "tr": "vb|vs|yy|sn",
    "id": "no|dll|dsb|dkk|tbk|sm|m",
    "cs": "atd|apod|tis|mil|r|st|př. n. l|n. l",
    "sv": "osv|etc|kr|f.kr|e.kr",
    "da": "osv|etc|kr|f.kr|e.kr",
    "nb": "osv|etc|kr|f.kr|e.kr",
    "fi": "jne|ym|v|kpl|klo",
}.items()}
# Month names after a dotted day ("4. Oktober"), as the languages that write dotted ordinal
# dates decline them: German, Scandinavian, Finnish, Czech, Slovak, Croatian, Slovene,
# Estonian, Icelandic, Polish. A day and a full stop before one ends no sentence.
_MONTHS = frozenset("""
januar februar märz april mai juni juli august september oktober november dezember jänner
marts maj december mars desember januari februari augusti
tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta
syyskuuta lokakuuta marraskuuta joulukuuta
ledna února března dubna května června července srpna září října listopadu prosince
januára februára marca apríla mája júna júla augusta septembra októbra novembra decembra
siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza rujna listopada studenoga prosinca
januarja februarja aprila maja junija julija avgusta oktobra novembra decembra
jaanuar veebruar märts aprill juuni juuli oktoober detsember
janúar febrúar apríl maí júní júlí ágúst október nóvember
stycznia lutego kwietnia czerwca lipca sierpnia września października grudnia
""".split())
_DOTTED_DAY = re.compile(r"(?<![\d.,])\d{1,2}\.$")
_INITIALISM = re.compile(r"[^\W\d_]\.(?:[^\W\d_]\.|\s|$)")
_FIRST_WORD = re.compile(r"[^\W\d_]+")


# Combining marks, which ``\w`` does not count as part of a word: an abbreviation after
# one ("डा" at the end of "अंडा", egg) is the end of that word, not an abbreviation.
_MARK = "[\u0300-\u036f\u064b-\u0652\u0670\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963]"


def _ending(table: frozenset[str]) -> re.Pattern[str]:
    """A pattern for a piece that ends with one of ``table``'s abbreviations and its full stop."""
    return re.compile(r"(?<![^\W_])(?<!" + _MARK + r")(?:"
                      + "|".join(map(re.escape, sorted(table, key=len, reverse=True))) + r")\.$")


_NEVER_END_RE = {lang: _ending(table) for lang, table in _NEVER_END.items()}
_MAY_END_RE = {lang: _ending(table) for lang, table in _MAY_END.items()}
_TAIL = 16  # characters of a piece that hold its last abbreviation


def joins(piece: str, following: str, lang: str) -> bool:
    """Whether the boundary sentencex put between ``piece`` and ``following`` is none:
    ``piece`` ends a quote its attribution goes on, or with a dotted day before a month,
    or with an abbreviation of ``lang`` that never ends a sentence, or with one that may,
    or a single letter, before a lower-case word or a digit (see the module docstring)."""
    piece, following = piece.rstrip(), following.lstrip()
    if not following:
        return False
    if _quote_goes_on(piece, following):
        return True
    if not piece.endswith("."):
        return False
    # An initialism goes on: "των Η.Π.Α. επισκέφθηκε", "Η Ε.Ε. ενέκρινε" (a lone capital and its
    # full stop, then another).
    if piece[-2:-1].isupper() and not piece[-3:-2].isalnum() and _INITIALISM.match(following):
        return True
    if piece[-2:-1].isdigit() and _DOTTED_DAY.search(piece):
        first = _FIRST_WORD.match(following)
        if first is not None and first.group().lower() in _MONTHS:
            return True
    tail = piece[-_TAIL:].lower()
    never = _NEVER_END_RE.get(lang)
    if never is not None and never.search(tail):
        return True
    if _THAI_ABBREVIATION.search(tail):
        return True
    lower = _lower_case(following[0])
    if not (following[0].isdigit() or lower):
        return False
    may = _MAY_END_RE.get(lang)
    if may is not None and may.search(tail):
        return True
    # "т. е. важно", "ul. J. kowalskiego", "č. 12": a lone letter and a full stop before a
    # lower-case word or a digit.
    if len(piece) >= 2 and piece[-2].isalpha() and (len(piece) == 2 or not piece[-3].isalnum()):
        return True
    # So a number (an ordinal: "3. kez") or a short word ("dgn. para"), before a lower-case word only.
    return lower and _SHORT_BEFORE_LOWER.search(tail) is not None


def _lower_case(ch: str) -> bool:
    """Whether ``ch`` is a lower-case letter of a script that writes capitals: Georgian's
    letters are lower case to Unicode, but Georgian starts its sentences with them."""
    return ch.islower() and not "\u10d0" <= ch <= "\u10ff"


def _quote_goes_on(piece: str, following: str) -> bool:
    """Whether ``following`` goes on the sentence a closed quote in ``piece`` ended: its
    attribution after a dash («Ты где?» — спросил он), or a Japanese particle (「…。」と)."""
    if not _QUOTE_CLOSED.search(piece):
        return False
    dash = _DASH_LETTER.match(following)
    if dash is not None:
        return _lower_case(dash.group(1))
    return piece[-1] in "」』" and _HIRAGANA.match(following) is not None


# A word of at most four letters, or a number, and its full stop, alone at a piece's end.
_SHORT_BEFORE_LOWER = re.compile(r"(?<![^\W_])(?:[^\W\d_]{1,4}|\d{1,4})\.$")
# A full stop after a Thai letter: an abbreviation ("ม.ค.", "พ.ศ."), never a sentence end.
_THAI_ABBREVIATION = re.compile("[\u0e01-\u0e4e]\\.$")
# A quote closed right after a sentence's end mark, and what may go on after it.
_QUOTE_CLOSED = re.compile("[.!?\u2026\u3002\uff01\uff1f][\"'»”’」』)]*$")
_DASH_LETTER = re.compile("[\u2014\u2013-]\\s*([^\\W\\d_])")
_HIRAGANA = re.compile("[\u3041-\u309f]")


# Lower-case words sentencex's rules take for abbreviations ("Me." for Maine, "Ill.", "Fed.")
# that end many a sentence: "Give it to me. I will." Lower case, they are the words.
_WORD_ENDS = re.compile(r"(?:me|ok|ill|fed|art|miss)\.(?=\s+\w)")
# An acronym ending a sentence before a capitalised word ("al 3,3% del PIL. I partiti",
# "nella NATO. Il governo"): sentencex's Italian rules take it for an abbreviation. Not
# before another dotted capital ("EE. UU.", "S. A."), nor an abbreviation in capitals ("ST.
# Louis", "DR. Smith", "XYZ INC. Said").
_ACRONYM_HINT = re.compile(r"[A-Z]{2}\.\s+[A-Z]")
_ACRONYM_END = re.compile(r"(?<![\w.])(?!(?:ST|DR|MR|MRS|MS|JR|SR|CO|INC|LTD|CORP|PROF|GEN|GOV|SEN|REP|NO|VOL|"
                          r"DEPT|MT|FT|BROS|ASSN|CAPT|COL|LT|SGT|REV|HON)\.)[A-Z]{2,}\.(?=\s+[A-Z](?:[a-z]|\s))")
# Full stops sentencex's rules do not know: Khmer's (khan, bariyoosan; Burmese "။" and Lao
# "." it does), a Chinese or Japanese one before ASCII digits or Latin letters
# ("到了北京。2024年的…", "。iPhone销量…"), an ASCII colon between two Armenian words, which
# stands for "։", and, before a Latin capital, Greek's question mark (";", U+037E), that
# Armenian colon and a Devanagari danda typed as "|", which the rules of a block read as
# English do not know ("Έχετε ένα σπίρτο; Walgreen said...", "मैं ज्योत्षी हूँ | Chrysler said...").
_SCRIPT_ENDS = re.compile("[\u17d4\u17d5]\\s*(?=\\S)|[\u3002\uff01\uff1f][\u300d\u300f\u201d\u2019\"\uff09)]*(?=[0-9A-Za-z])"
                          "|(?<=[\u0531-\u0587\u055e\u055c\u055b]):\\s+(?=[\u0531-\u0587])"
                          "|(?<=[\u0370-\u03ff\u1f00-\u1fff])[;\u037e]\\s+(?=[A-Z\u0391-\u03a9\u0386-\u038f])"
                          "|(?<=[\u0531-\u0587]):\\s+(?=[A-Z])|(?<=[\u0900-\u097f])\\s?[|\u0964]\\s+(?=[A-Z])")
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f\u0964\u06d4\u061f\u17d4\u104b]")
# A run of another script is a sentence of its own when it is sentence-sized on both sides
# of the change (``ScriptRun.sizeable``), and a Latin run after another script also when it
# reads as a sentence: a capital first, an end mark last, this many words. Names and titles
# inside a sentence ("с Donald Trump в", "「Harry Potter」を") stay in it.
_LATIN_SENTENCE_WORDS = 3
_LETTER = re.compile(r"[^\W\d_]")


def breaks(piece: str) -> list[int]:
    """Offsets in ``piece`` where a sentence starts that sentencex left inside it (see the
    module docstring); whitespace before each offset belongs to no sentence."""
    out = [m.end() for m in _WORD_ENDS.finditer(piece)
           if not piece[m.start() - 1:m.start()].isalpha() and piece[m.end():].lstrip()[:1].isupper()]
    if _ACRONYM_HINT.search(piece):  # rare: the full pattern's lookarounds cost at every position
        out += [m.end() for m in _ACRONYM_END.finditer(piece)]
    if not piece.isascii():
        out += [m.end() for m in _SCRIPT_ENDS.finditer(piece)]
        if has_thai(piece):
            out += thai_sentence_starts(piece)
        runs = script_runs(piece)
        for k, (before, after) in enumerate(zip(runs, runs[1:])):
            if _sentences_apart(piece, before, after, hosted=k > 0 and not before.clause):
                out.append(after.start)
    return sorted(set(out))


def _sentences_apart(piece: str, before: ScriptRun, after: ScriptRun, hosted: bool = False) -> bool:
    """Whether the change of script from ``before`` to ``after`` is a sentence boundary.
    ``hosted``: ``before`` follows a run of another script and is no clause itself (a name
    inside that script's sentence: "الرئيس Joe Biden سيلتقي", "微软CEO Satya Nadella表示")."""
    if not (before.sizeable and after.sizeable):
        return False
    between = piece[before.end:after.start]
    if before.script != LATIN and after.script != LATIN:
        return True  # two non-Latin scripts: no name or title runs this long
    if before.script == LATIN:
        # "...hates me. Слонот": a Latin sentence ended; "Tom said สวัสดี" did not; "the survey
        # said Экономика России выросла на пять процентов": a clause of its own ends the piece,
        # which no reader of one language would translate (it passed through as English);
        # "issued by 中华人民共和国外交部 on Monday": a long name, the sentence goes on.
        return bool(_SENTENCE_END.search(between)) or (
            after.clause and not hosted and not _LETTER.search(piece, after.end))

    # "వొంట్లో ఎలా వుంది He is not here right now.": a Latin sentence of its own follows.
    tail = piece[after.end:after.end + 4]
    words = piece[after.start:after.end].split()
    return (piece[after.start].isupper() and after.words >= _LATIN_SENTENCE_WORDS
            and any(word[0].islower() for word in words)  # a sentence, not a row of names
            and bool(_SENTENCE_END.match(tail.lstrip("\"'”’»)] "))))
