"""Names by identity: which words name the same country or organisation, and which
spellings are one name transliterated twice.

A name's identity is an id ("country:GB", "org:NATO", "place:Kyiv"). Country names, official and
common names and three-letter codes come from ISO 3166 as ``pycountry`` maintains it;
what ISO lacks (demonyms, the names people use: "Britain", "America", "UK", "US",
organisations and their acronyms) is the small table below, each entry a name a news
text uses for the country or body. A phrase's id is found by longest match over the
words of a sentence (``entity_spans``).

Two spellings are variants of one name (``spelling_variant``) when they agree once
written in ASCII (``anyascii``: "Zelenskyj"/"Зеленський") and stripped of vowels,
the letters transliterations disagree on ("Vladimir"/"Volodymyr", "Muhammad"/"Mohammed"),
or differ there by one letter in a long enough name ("Gaddafi"/"Qaddafi").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from anyascii import anyascii

from pipeline.text.lexicon import zipf

# Words longer than this many are no alias; a longest match never looks further.
LONGEST = 8

# What ISO 3166 lacks: the names and demonyms news texts use, by ISO alpha-2 code.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "America", "American", "Americans", "United States of America",
           "the States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "British", "Briton", "Britons", "United Kingdom"),
    "NL": ("Holland", "Dutch"),
    "CH": ("Swiss",),
    "FR": ("French", "Frenchman", "Frenchmen"),
    "DE": ("German", "Germans"),
    "ES": ("Spanish", "Spaniard", "Spaniards"),
    "PT": ("Portuguese",),
    "IE": ("Irish",),
    "DK": ("Danish", "Dane", "Danes"),
    "SE": ("Swedish", "Swede", "Swedes"),
    "FI": ("Finnish", "Finn", "Finns"),
    "NO": ("Norwegian", "Norwegians"),
    "PL": ("Polish", "Pole", "Poles"),
    "GR": ("Greek", "Greeks"),
    "TR": ("Turkish", "Turk", "Turks", "Turkey", "Türkiye"),
    "CN": ("Chinese", "China"),
    "TW": ("Taiwan", "Taiwanese"),
    "JP": ("Japanese",),
    "KR": ("South Korea", "South Korean", "South Koreans"),
    "KP": ("North Korea", "North Korean", "North Koreans"),
    "VN": ("Vietnam", "Vietnamese"),
    "LA": ("Laos", "Lao", "Laotian"),
    "TH": ("Thai",),
    "PH": ("Filipino", "Filipinos", "Philippine"),
    "RU": ("Russia", "Russian", "Russians"),
    "UA": ("Ukrainian", "Ukrainians"),
    "IR": ("Iran", "Iranian", "Iranians", "Persia"),
    "SY": ("Syria", "Syrian", "Syrians"),
    "IL": ("Israeli", "Israelis"),
    "PS": ("Palestine", "Palestinian", "Palestinians"),
    "SA": ("Saudi", "Saudis"),
    "AE": ("UAE", "Emirates", "Emirati", "Emiratis"),
    "CZ": ("Czech Republic", "Czech"),
    "MD": ("Moldova", "Moldovan"),
    "VE": ("Venezuela", "Venezuelan"),
    "BO": ("Bolivia", "Bolivian"),
    "TZ": ("Tanzania", "Tanzanian"),
    "CI": ("Ivory Coast",),
    "VA": ("Vatican",),
    "NZ": ("New Zealander", "New Zealanders", "Kiwi"),
    "MX": ("Mexican", "Mexicans"),
    "BR": ("Brazilian", "Brazilians"),
    "AR": ("Argentine", "Argentinian"),
    "IN": ("Indian", "Indians"),
    "PK": ("Pakistani", "Pakistanis"),
    "ID": ("Indonesian", "Indonesians", "RI"),
    "MY": ("Malaysian", "Malaysians"),
    "AU": ("Australian", "Australians", "Aussie"),
    "CA": ("Canadian", "Canadians"),
    "IT": ("Italian", "Italians"),
}
# Organisations news texts name by acronym or by a short name.
# Places news writes two ways, transliterated or renamed: one place, not a changed name
# ("Kyiv"/"Kiev" is too short a name for ``spelling_variant`` to call it one).
PLACES: dict[str, tuple[str, ...]] = {
    "Kyiv": ("Kyiv", "Kiev"), "Kharkiv": ("Kharkiv", "Kharkov"), "Odesa": ("Odesa", "Odessa"),
    "Lviv": ("Lviv", "Lvov"), "Luhansk": ("Luhansk", "Lugansk"), "Mykolaiv": ("Mykolaiv", "Nikolaev", "Nikolayev"),
    "Zaporizhzhia": ("Zaporizhzhia", "Zaporizhia", "Zaporozhye"), "Chernihiv": ("Chernihiv", "Chernigov"),
    "Mumbai": ("Mumbai", "Bombay"), "Kolkata": ("Kolkata", "Calcutta"), "Chennai": ("Chennai", "Madras"),
    "Yangon": ("Yangon", "Rangoon"), "Beijing": ("Beijing", "Peking"),
}

ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "UN": ("UN", "U.N.", "United Nations"),
    "NATO": ("NATO", "Nato", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation",
             "North Atlantic Alliance"),
    "EU": ("EU", "E.U.", "European Union"),
    "WHO": ("World Health Organization", "World Health Organisation"),
    "IMF": ("IMF", "International Monetary Fund"),
    "WTO": ("WTO", "World Trade Organization", "World Trade Organisation"),
    "OPEC": ("OPEC", "Organization of the Petroleum Exporting Countries"),
    "ASEAN": ("ASEAN", "Association of Southeast Asian Nations"),
    "UNICEF": ("UNICEF", "United Nations Children's Fund"),
    "UNESCO": ("UNESCO", "United Nations Educational, Scientific and Cultural Organization"),
    "G7": ("G7", "Group of Seven"),
    "G20": ("G20", "Group of Twenty"),
    "ECB": ("ECB", "European Central Bank"),
    "FBI": ("FBI", "Federal Bureau of Investigation"),
    "CIA": ("CIA", "Central Intelligence Agency"),
    # The two US parties, by the words news writes for them and their members; other
    # countries' party names are common words at a sentence start ("Labour costs").
    "US-Republican": ("Republican", "Republicans", "Republican Party", "GOP"),
    "US-Democratic": ("Democrat", "Democrats", "Democratic", "Democratic Party"),
}

_PIECE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\S")
# An alias of one letter-case pattern only: codes and acronyms ("US", "WHO") never match
# their lower-case homographs ("us", "who").
_ACRONYM = re.compile(r"^[A-Z][A-Z.0-9]*$")  # no lower-case letter


def _key(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(w.lower().replace("’", "'") for w in words)


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, ...], str]:
    """Alias words (lower-cased) -> id; acronyms are kept in their own case."""
    import pycountry

    names: dict[tuple[str, ...], set[str]] = {}

    def add(alias: str, ident: str) -> None:
        pieces = _PIECE.findall(alias)
        if pieces and pieces[0].lower() == "the" and len(pieces) > 1:
            pieces = pieces[1:]
        if pieces and len(pieces) <= LONGEST:
            # An acronym ("US", "U.S.", "G7") keeps its case; other names are matched lower-cased.
            names.setdefault(tuple(pieces) if _ACRONYM.match(alias) else _key(pieces), set()).add(ident)

    for country in pycountry.countries:
        ident = f"country:{country.alpha_2}"
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            add(value, ident)
            add(re.sub(r"\s*\(.*\)", "", value.split(",")[0]), ident)  # "Bolivia (Plurinational State of)"
        # A three-letter code counts unless it is also an English word ("CAN", "PER").
        if zipf(country.alpha_3.lower(), "en", 3.0) < 3.0:
            add(country.alpha_3, ident)
    for code, aliases in COUNTRY_ALIASES.items():
        for alias in aliases:
            add(alias, f"country:{code}")
    for org, aliases in ORGANISATIONS.items():
        for alias in aliases:
            add(alias, f"org:{org}")
    for place, aliases in PLACES.items():
        for alias in aliases:
            add(alias, f"place:{place}")
    # A name shared by two ids ("Korea", "Congo") identifies neither.
    return {key: next(iter(ids)) for key, ids in names.items() if len(ids) == 1}


@lru_cache(maxsize=1)
def _starts() -> dict[str, int]:
    """First word of an alias (lower-cased) -> the most words an alias starting so has."""
    out: dict[str, int] = {}
    for key in _table():
        first = key[0].lower()
        out[first] = max(out.get(first, 0), len(key))
    return out


def entity_spans(words: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, stop, id) for each name of a country or organisation in ``words`` (the
    words and punctuation of a text, in order), longest match first. A word alias
    counts only capitalised ("Turkey", not "turkey"); an acronym only as written."""
    table, starts = _table(), _starts()
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(words):
        found = None
        longest = starts.get(words[k].lower(), 0) if words[k][:1].isupper() or words[k][:1].isdigit() else 0
        for stop in range(min(len(words), k + longest), k, -1):
            ident = table.get(tuple(words[k:stop])) or table.get(_key(words[k:stop]))
            if ident is not None:
                found = (k, stop, ident)
                break
        if found:
            out.append(found)
            k = found[1]
        else:
            k += 1
    return out


def identity(word: str) -> str | None:
    """The country or organisation one word names ("Iraq": "country:IQ"), None for others."""
    table = _table()
    return table.get((word,)) or table.get(_key([word]))


def different_entities(a: str, b: str) -> bool:
    """Whether two words name two different countries, organisations or places ("Iran"/"Iraq")."""
    ident, other = identity(a), identity(b)
    return ident is not None and other is not None and ident != other


_VOWELS = re.compile(r"[aeiouy]")


# Spellings one sound has in the Latin names transliterations meet: German "sch" and "z" are
# Russian "ш" and "ц" ("Scholz"/"Шольц" Sholts, "Merz"/"Мерц" Merts), "w" is "в" ("Walesa"/"Валенса").
# Not the z of Hungarian and Polish "sz", "cz" ("Bosztonban" is Boston's).
_SOUNDS = ((re.compile("sch"), "sh"), (re.compile("tz|(?<![sct])z"), "ts"), (re.compile("ck"), "k"),
           (re.compile("ph"), "f"), (re.compile("w"), "v"))


def fold_sounds(ascii_name: str) -> str:
    """A lower-case ASCII name with each of ``_SOUNDS``'s spellings made one."""
    for spelling, sound in _SOUNDS:
        ascii_name = spelling.sub(sound, ascii_name)
    return ascii_name


def _skeleton(name: str) -> str:
    ascii_name = fold_sounds(re.sub(r"[^a-z]", "", anyascii(name).lower()))
    return ascii_name[:1] + _VOWELS.sub("", ascii_name[1:])


# A name needs this many consonants for one letter of difference to be a spelling
# variant rather than another name ("Gaddafi"/"Qaddafi": gddf/qddf).
VARIANT_MIN_CONSONANTS = 4


def spelling_variant(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` spell one name two ways (see the module docstring); two
    countries or organisations never are ("Austria"/"Australia", "Slovakia"/"Slovenia")."""
    sa, sb = _skeleton(a), _skeleton(b)
    if len(sa) < 3 or len(sb) < 3:
        return False
    if sa != sb and (len(sa) < VARIANT_MIN_CONSONANTS or abs(len(sa) - len(sb)) > 1 or not _within_one_edit(sa, sb)):
        return False
    return not different_entities(a, b)


def _within_one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    k = 0
    while k < len(a) and a[k] == b[k]:
        k += 1
    return a[k + 1:] == b[k + 1:] if len(a) == len(b) else a[k:] == b[k + 1:]
