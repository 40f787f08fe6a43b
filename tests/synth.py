"""Synthetic reposts with gold labels, for measuring the aligner and the comparer.

``generate(seed)`` takes one of the English news articles below and turns it into a
"repost" the way careless reposting and spinning do: a number changed, a name or a
title swapped, a negation inserted or removed, a sentence dropped, an unrelated
sentence inserted, a sentence split in two or two merged into one, numbers rewritten
in another locale's format (same value) and words swapped for synonyms. Every edit
is recorded with the type of divergence it should produce and the sentences it
touches, and the gold sentence alignment is recorded as groups of index tuples.

The repost stays in English, so it needs no translation: the audit passes English
sentences through, and the whole evaluation runs offline without any MT model.

All randomness goes through one ``random.Random(seed)``: a seed always gives the same
document. The generator is independent of the code under test (it finds numbers,
names and negatable verbs with its own patterns over the text it owns).
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pipeline.fidelity.compare import Divergence, severity_rank
from pipeline.types import AlignedGroup, Segment, Sentence

# --- source text -------------------------------------------------------------------
# News-like articles written for this test: numbers in several formats, names with
# titles, places, and verbs that can be negated.

ARTICLES: tuple[tuple[str, ...], ...] = (
    (  # budget
        "Finance Minister Ana Ruiz said on Monday that the government will cut its budget deficit to 2.8% of economic output next year.",
        "The plan, which must still pass parliament, would raise $4.5 billion from a new tax on luxury goods and the sale of 1,200 state-owned buildings.",
        "Ruiz told reporters in Valdora that the economy grew by 0.3% in the third quarter, well below the central bank's forecast of 1.1%.",
        "Opposition leader Marco Bellini called the proposal reckless, and his party has vowed to vote against it.",
        "About 100,000 public sector workers are expected to strike on Thursday over a freeze on their wages.",
        "The finance ministry has not said how many jobs would be affected by the spending cuts.",
        "Central Bank Governor Ines Moreau warned that inflation is still too high, at 4.7% in October.",
        "She said interest rates will stay at 5.25% until at least the middle of 2025.",
        "Markets reacted calmly to the announcement, and the currency gained 0.6% against the dollar by the close of trading.",
        "The country's public debt stands at $312 billion, or about 71% of gross domestic product.",
        "Analysts at Harlow Capital said the deficit target can be met only if growth picks up.",
        "Parliament is due to vote on the budget on December 12.",
        "Ruiz, who took office in March, has promised not to raise income taxes before the next election.",
        "Pensions will rise by 3.5% in January, in line with inflation.",
    ),
    (  # defence
        "NATO Secretary General Lars Henriksen said the alliance would send 2,033 additional troops to its eastern flank by the end of the year.",
        "Defence ministers from 26 countries met in Brussels on Wednesday to discuss the deployment.",
        "Henriksen told a news conference that the alliance is not seeking a confrontation with Russia.",
        "The troops will be based in Estonia, Latvia and Lithuania, and they will rotate every six months.",
        "Polish Defence Minister Tomasz Nowak said his government can host another 5,000 soldiers if needed.",
        "The United States has pledged $1.2 billion to upgrade air defences along the border.",
        "Russian Foreign Ministry spokeswoman Irina Volkova called the decision a dangerous provocation.",
        "The deployment is the largest since 2017, when the alliance first stationed battlegroups in the Baltic states.",
        "Several members, including Hungary, have not committed any troops to the new force.",
        "Military spending across the alliance rose by 11% last year, to a record $1.3 trillion.",
        "Henriksen said he would visit Warsaw next week to meet President Anna Kowalska.",
        "The summit ended with a joint statement, but diplomats said divisions over funding remain.",
        "Only 11 of the 32 members meet the target of spending 2% of their economic output on defence.",
    ),
    (  # floods
        "Floods in the northern province of Kalimar have killed at least 47 people and forced 100,000 from their homes, officials said on Sunday.",
        "Rescue teams are still searching for 23 people who went missing when the Sava River burst its banks.",
        "Governor Rafael Mendes said the rainfall in 48 hours was the heaviest recorded since 1954.",
        "More than 2,400 homes have been destroyed, and roads to 15 villages remain cut off.",
        "The national weather agency warned that more heavy rain is expected in the coming days.",
        "Prime Minister Elena Vasquez will visit the region on Tuesday, her office said.",
        "The government has released $35 million in emergency aid, and the Red Cross has appealed for a further $8.5 million.",
        "Aid workers said clean water is the most urgent need in the shelters.",
        "Scientists at the Kalimar Climate Institute said warmer seas would make such storms more frequent.",
        "Average temperatures in the region have risen by 1.4 degrees Celsius since 1990.",
        "Farmers fear that 60% of this year's rice harvest could be lost.",
        "The province's main airport will remain closed until Friday.",
        "Mendes said the dam at Lake Orin is not at risk of collapse.",
    ),
    (  # chipmaker
        "Shares in the chipmaker Veltrix fell 8.2% on Tuesday after the company cut its revenue forecast for the year.",
        "Chief Executive Officer Daniel Brandt said demand for its processors would recover in the second half of 2025.",
        "Veltrix now expects sales of $14.6 billion, down from an earlier estimate of $16 billion.",
        "The company employs about 38,500 people and plans to cut 1,800 jobs, mostly in its marketing division.",
        "Brandt told analysts that the cuts will save $420 million a year.",
        "Veltrix is building a $9 billion factory in Arizona, and the plant is due to open in 2026.",
        "Rival chipmaker Sorin Electronics said its orders had not slowed.",
        "The Commerce Department has awarded Veltrix $1.5 billion in subsidies under a programme to bring chip production home.",
        "Chief Financial Officer Priya Raman said the company can still pay its quarterly dividend of 45 cents a share.",
        "Veltrix shares have lost 27% of their value since January.",
        "The company will report its full results on February 6.",
        "Analyst Tom Whitaker of Greyfield Research said the forecast cut was smaller than investors had feared.",
    ),
    (  # measles
        "Health Minister Sofia Almeida said on Friday that 1.8 million children will be vaccinated against measles in a campaign starting next month.",
        "The country has recorded 12,450 measles cases this year, almost three times as many as in 2022.",
        "Almeida said vaccination rates had fallen to 81% during the pandemic, well below the 95% needed to stop outbreaks.",
        "The World Health Organization has supplied 2 million doses, and UNICEF will pay for their transport.",
        "Doctors in the capital, Santa Clara, said hospitals are struggling to cope with the number of patients.",
        "Most of the 64 deaths this year were of children under five, the ministry said.",
        "The campaign will cost about $6.2 million, according to the ministry.",
        "Parents who refuse to vaccinate their children will not face fines, Almeida said.",
        "Dr Helena Costa of the National Institute of Health said rumours on social media had fuelled fear of the vaccine.",
        "Schools in 14 districts have been asked to check the vaccination records of their pupils.",
        "The ministry is also training 3,500 health workers to reach remote villages.",
        "Measles is one of the most contagious diseases, and it can cause blindness and brain damage.",
    ),
    (  # peace talks
        "Foreign Minister Kenji Watanabe said on Thursday that talks to broker peace between the two neighbours would resume in Geneva next month.",
        "The negotiations collapsed in June after a border clash that killed 19 soldiers.",
        "Watanabe said both sides had agreed to a ceasefire that is holding along most of the 640-kilometre border.",
        "United Nations envoy Claire Dubois will chair the talks, and she has met both leaders in recent weeks.",
        "Trade between the two countries fell by 34% last year, to $2.7 billion.",
        "About 250,000 people have fled the border region since the fighting began.",
        "President Omar Haddad said his government is ready to withdraw its troops if the other side does the same.",
        "The ceasefire has not stopped sporadic shelling near the town of Qaran.",
        "Dubois told reporters that a lasting deal would require international monitors.",
        "The European Union has offered €150 million to help rebuild damaged villages.",
        "Haddad's rival, Prime Minister Yusuf Karim, said he would not attend the first round.",
        "Diplomats said a final agreement could take years to negotiate.",
    ),
    (  # metro
        "The city of Marlow will spend $2.1 billion on a new metro line that will carry 180,000 passengers a day.",
        "Mayor Julia Fischer said construction would begin in April and take six years.",
        "The line will have 17 stations and run for 24 kilometres from the airport to the city centre.",
        "Fischer said fares will not rise when the line opens.",
        "Transport Commissioner Peter Lindqvist said the project is the largest in the city's history.",
        "Traffic congestion costs the local economy about $780 million a year, according to a study by Marlow University.",
        "Residents living near the route have complained about noise, and some have filed lawsuits.",
        "The national government has agreed to pay 40% of the cost.",
        "About 1,600 workers will be hired to build the line.",
        "Critics said the budget was unrealistic, pointing to a 2019 tram project that ran 65% over budget.",
        "Lindqvist said the first trains would be ordered from the manufacturer Alstrom next year.",
    ),
    (  # trade: honorifics, lowercase titles, possessive names, dates and amounts in many spellings
        "Trade director Mr Paul Kennedy said on Tuesday that exports to Norway rose by 5% in the first half of the year.",
        "Norway's trade minister, Mrs Ingrid Solberg, will visit the port on 4.09.2025 to sign the agreement.",
        "The deal is worth $18.3bn over ten years, and it covers a dozen kinds of goods.",
        "Kennedy said the chief executive of the shipping firm Nordlys had backed the plan.",
        "The council expects to hire two hundred new staff by Nov. 12.",
        "Portugal's ambassador, Dr Rui Matos, said his country would join the talks in March.",
        "Shipping costs fell by £7m last year, according to the annual report of the council.",
        "Solberg told reporters that the agreement is not a threat to local farmers.",
        "The deputy director of the council, Ms Laura Webb, will lead the talks on Friday.",
        "Exports of fish account for 40% of the income of the region, officials said.",
        "Kennedy's office said the first shipments would leave the harbour on 12 November.",
        "The council meets again on Monday, March 2, to approve a budget of $3 million.",
    ),
)

# Sentences a repost may slip in: unrelated to every article (sentences of the other
# articles are used too).
DISTRACTORS: tuple[str, ...] = (
    "Meanwhile, the national football team beat Portugal 3-1 in a friendly match on Saturday.",
    "Separately, a magnitude 5.1 earthquake struck off the southern coast, but no damage was reported.",
    "The singer Maya Torres announced a world tour of 40 concerts starting in May.",
    "Tickets for the film festival, which opens on Friday, sold out within an hour.",
    "A new study suggests that drinking coffee may lower the risk of heart disease.",
    "Police arrested two men after a jewellery shop was robbed in the old town.",
    "The zoo welcomed a baby panda, its first in more than 20 years.",
    "Heavy snow closed several mountain passes in the north of the country.",
    "The museum will reopen next week after a two-year renovation.",
    "Scientists have discovered a new species of frog in the rainforest.",
    "A fire destroyed a warehouse near the port, but nobody was hurt.",
    "The annual marathon drew a record 42,000 runners this spring.",
)

# --- edit vocabularies ---------------------------------------------------------------

# Names, places and titles with what a careless repost turns them into. Replacements
# never share a name's first letters, so no reasonable matcher takes them for spelling
# variants of it. Titles include insertions ("Deputy ..."), which change the rank.
ENTITY_SWAPS: dict[str, tuple[str, ...]] = {
    # people
    "Ruiz": ("Ortega", "Herrera"), "Bellini": ("Castelli", "Romano"), "Moreau": ("Lefevre", "Garnier"),
    "Henriksen": ("Johansson", "Albrecht"), "Nowak": ("Zielinski", "Wojcik"), "Volkova": ("Petrova", "Smirnova"),
    "Kowalska": ("Zawadzka", "Lewandowska"), "Mendes": ("Pereira", "Tavares"), "Vasquez": ("Delgado", "Navarro"),
    "Brandt": ("Keller", "Vogel"), "Raman": ("Iyer", "Mehta"), "Whitaker": ("Fletcher", "Holloway"),
    "Almeida": ("Ferreira", "Barros"), "Costa": ("Ribeiro", "Moura"), "Watanabe": ("Tanaka", "Suzuki"),
    "Dubois": ("Laurent", "Mercier"), "Haddad": ("Khalil", "Nasser"), "Karim": ("Rahman", "Saleh"),
    "Fischer": ("Wagner", "Becker"), "Lindqvist": ("Bergstrom", "Sandberg"),
    "Ana": ("Maria",), "Lars": ("Erik",), "Elena": ("Lucia",), "Daniel": ("Thomas",),
    # places and organisations
    "Valdora": ("Corvena",), "Brussels": ("Vienna", "Prague"), "Estonia": ("Finland",), "Russia": ("Belarus",),
    "Warsaw": ("Berlin", "Prague"), "Hungary": ("Slovakia", "Bulgaria"), "Kalimar": ("Sorena",),
    "Sava": ("Drava",), "Geneva": ("Vienna", "Oslo"), "Qaran": ("Tarik",), "Marlow": ("Dunmore",),
    "Arizona": ("Texas", "Ohio"), "Clara": ("Lucia",), "Orin": ("Elva",), "Harlow": ("Crestwood",),
    "Greyfield": ("Ashford",), "Veltrix": ("Norvex", "Quantix"), "Sorin": ("Kaito",), "Alstrom": ("Siemens",),
    "UNICEF": ("UNESCO",), "European Union": ("African Union",), "Red Cross": ("Red Crescent",),
    "Portugal": ("Spain",), "Norway": ("Portugal", "Finland"), "Kennedy": ("Walsh", "Murphy"),
    "Solberg": ("Haugen", "Dahl"), "Matos": ("Pinto", "Gomes"), "Webb": ("Carter", "Hughes"),
    "Nordlys": ("Havbris",),
    # titles
    "Finance Minister": ("Economy Minister", "Deputy Finance Minister"),
    "Secretary General": ("Assistant General", "Deputy Secretary General"),
    "Defence Minister": ("Interior Minister",), "Foreign Minister": ("Trade Minister",),
    "Health Minister": ("Education Minister",), "Prime Minister": ("Deputy Prime Minister", "Former Prime Minister"),
    "Governor": ("Deputy Governor", "Lieutenant Governor"), "Chief Executive Officer": ("Chief Operating Officer",),
    "Chief Financial Officer": ("Chief Technology Officer",), "President": ("Vice President", "Former President"),
    "Mayor": ("Deputy Mayor",), "Transport Commissioner": ("Housing Commissioner",),
}  # fmt: skip

# Synonym spinning, as article spinners do it: one word for another, same sense,
# inflection kept. Keys are matched as whole words, case-insensitively.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "declared", "noted"), "told": ("informed",), "warned": ("cautioned",),
    "peace": ("tranquility", "harmony"), "talks": ("discussions", "negotiations"), "plan": ("scheme",),
    "proposal": ("proposition",), "new": ("fresh",), "largest": ("biggest",), "heaviest": ("greatest",),
    "about": ("roughly", "around"), "more than": ("over",), "at least": ("no fewer than", "a minimum of"),
    "people": ("individuals", "persons"), "country": ("nation",), "countries": ("nations",),
    "government": ("administration",), "reporters": ("journalists",), "help": ("assist",),
    "begin": ("start", "commence"), "began": ("started",), "expected": ("anticipated",),
    "urgent": ("pressing",), "rise": ("increase",), "rose": ("increased",), "fell": ("dropped", "declined"),
    "agreement": ("accord",), "deal": ("agreement",), "leader": ("chief",), "troops": ("forces",),
    "homes": ("houses",), "build": ("construct",), "building": ("constructing",), "rebuild": ("reconstruct",),
    "damaged": ("harmed",), "struggling": ("battling",), "campaign": ("drive",), "fear": ("worry",),
    "remain": ("stay",), "visit": ("tour",), "ended": ("concluded",), "resume": ("restart",),
    "require": ("need",), "lasting": ("durable",), "recover": ("rebound",), "jobs": ("positions",),
    "workers": ("employees",), "smaller": ("lower",), "residents": ("locals",), "complained": ("grumbled",),
    "unrealistic": ("impractical",), "hired": ("recruited",), "project": ("scheme",), "dangerous": ("perilous",),
    "divisions": ("splits",), "funding": ("financing",), "searching": ("looking",), "heavy": ("intense",),
    "destroyed": ("wrecked",), "warmer": ("hotter",), "frequent": ("common",), "closed": ("shut",),
    "fines": ("penalties",), "rumours": ("gossip",), "vowed": ("pledged",), "pledged": ("promised",),
    "promised": ("pledged",), "calmly": ("quietly",), "gained": ("rose",), "target": ("goal",),
    "company": ("firm",), "mostly": ("mainly", "largely"), "plans": ("intends",), "investors": ("shareholders",),
    "contagious": ("infectious",), "diseases": ("illnesses",), "children": ("kids",), "pupils": ("students",),
    "remote": ("distant",), "passengers": ("travellers",), "statement": ("declaration",),
    "confrontation": ("clash",), "collapsed": ("broke down",), "fled": ("escaped",), "ready": ("prepared",),
    "discuss": ("debate",), "upgrade": ("improve",), "decision": ("move",), "stay": ("remain",),
    "well below": ("far below",), "reckless": ("irresponsible",), "raise": ("increase",), "lost": ("shed",),
    "recorded": ("registered",), "ordered": ("purchased",), "construction": ("building work",),
}  # fmt: skip

# Negations an edit inserts, by auxiliary, and the ones it removes.
NEGATE: dict[str, tuple[str, ...]] = {
    "will": ("will not", "won't"), "would": ("would not", "wouldn't"), "can": ("cannot", "can't"),
    "could": ("could not", "couldn't"), "is": ("is not", "isn't"), "are": ("are not", "aren't"),
    "has": ("has not", "hasn't"), "have": ("have not", "haven't"), "had": ("had not", "hadn't"),
    "must": ("must not",), "was": ("was not", "wasn't"),
}  # fmt: skip
UNNEGATE: dict[str, str] = {
    "will not": "will", "would not": "would", "is not": "is", "has not": "has", "have not": "have",
    "had not": "had", "not to": "to",
}  # fmt: skip

# Words that start a sentence without being names: lower-cased when a merge moves
# them into the middle of a sentence.
COMMON_STARTS = frozenset(
    """the a an about more most only several some she he it its they this these those
    markets analysts parliament pensions defence military rescue aid scientists average
    farmers doctors parents schools measles trade diplomats residents critics traffic
    shares rival opposition floods""".split()
)

# --- gold labels ---------------------------------------------------------------------

MEANING_KINDS = ("number", "entity", "negation", "date", "omission", "addition")
FORMAT_ONLY_KINDS = ("format",)
WORDING_KINDS = ("paraphrase", "honorific")
# Format edits that only a value-aware number reader can tell from a change ("two" ->
# "2", "$18.3bn" -> "18.3 billion dollars").
NEEDS_VALUE_NUMBERS = ("number-words", "magnitude")
STRUCTURE_KINDS = ("split", "merge")

Group = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Edit:
    """One edit and its gold label.

    ``kind`` is the divergence type it must produce ("number", "entity", "negation",
    "omission", "addition", "format", "paraphrase") or a structural edit ("split",
    "merge") that must only change the alignment. ``original``/``repost`` are the
    sentence indices it touches on each side (empty for an omission's repost side and
    an addition's original side). ``spun`` marks a meaning edit on a sentence that was
    also synonym-spun.
    """

    kind: str
    original: tuple[int, ...]
    repost: tuple[int, ...]
    detail: str
    spun: bool = False
    edit: str = ""  # the generator that made it ("rank", "name-start", "date-layout"...)


@dataclass
class SynthDoc:
    """A generated original/repost pair with its gold alignment and edits."""

    seed: int
    original: list[str]
    repost: list[str]
    groups: list[Group] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)

    def untouched(self) -> list[Group]:
        """1-1 gold groups whose sentences no edit touched (identical on both sides)."""
        touched = {i for e in self.edits for i in e.original}
        return [g for g in self.groups if len(g[0]) == 1 and len(g[1]) == 1 and g[0][0] not in touched]


def layout(sentences: Sequence[str], per_paragraph: int = 3) -> tuple[str, list[tuple[int, int]]]:
    """Join sentences into paragraphs (" " within, a blank line between) with offsets."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for k, sentence in enumerate(sentences):
        if k:
            sep = "\n\n" if k % per_paragraph == 0 else " "
            parts.append(sep)
            cursor += len(sep)
        parts.append(sentence)
        spans.append((cursor, cursor + len(sentence)))
        cursor += len(sentence)
    return "".join(parts), spans


# --- edits on one sentence -------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\w.,])\d+(?:\.\d+)?(?![\d])")
_MULTIPLIER = re.compile(r"\s(million|billion|trillion)\b")


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-]){re.escape(pattern)}(?![\w'’-])", re.IGNORECASE)


def _match_case(replacement: str, found: str) -> str:
    return replacement[:1].upper() + replacement[1:] if found[:1].isupper() else replacement


def change_number(rng: random.Random, s: str) -> tuple[str, str] | None:
    """Change the value of one number: a digit, two swapped digits, or million/billion."""
    numbers = [m for m in _NUMBER.finditer(s) if not _in_date(s, m.start(), m.end())]
    if not numbers:
        return None
    m = rng.choice(numbers)
    text = m.group()
    scale = _MULTIPLIER.match(s, m.end())
    mode = rng.random()
    if scale is not None and mode < 0.2:
        other = {"million": "billion", "billion": "million", "trillion": "billion"}[scale.group(1)]
        new = s[: scale.start(1)] + other + s[scale.end(1) :]
        return new, f"{text} {scale.group(1)} -> {text} {other}"
    digits = [k for k, ch in enumerate(text) if ch.isdigit()]
    tail = digits if len(digits) <= 2 else digits[1:]
    swaps = [(a, b) for a, b in zip(tail, tail[1:]) if text[a] != text[b] and not (a == 0 and text[b] == "0")]
    if swaps and mode < 0.4:
        a, b = rng.choice(swaps)
        chars = list(text)
        chars[a], chars[b] = chars[b], chars[a]
        changed = "".join(chars)
    else:
        # Misprints hit any digit of a short number, but rarely the leading digits of a
        # long one ("2,033" -> "2,083" rather than "7,033"; a year stays plausible).
        k = rng.choice(digits if len(digits) <= 2 else digits[len(digits) // 2 :])
        choices = [d for d in "0123456789" if d != text[k] and not (k == 0 and d == "0" and len(digits) > 1)]
        changed = text[:k] + rng.choice(choices) + text[k + 1 :]
    return s[: m.start()] + changed + s[m.end() :], f"{text} -> {changed}"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH = "|".join(MONTHS) + "|" + "|".join(m[:3] + r"\." for m in MONTHS)
_MONTH_DAY = re.compile(rf"\b({_MONTH}) (\d{{1,2}})\b(?!,? \d{{4}})")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{2})\.(\d{4})\b")


def _in_date(s: str, start: int, end: int) -> bool:
    return any(m.start() <= start and end <= m.end()
               for p in (_MONTH_DAY, _DAY_MONTH, _NUMERIC_DATE) for m in p.finditer(s))


def change_date(rng: random.Random, s: str) -> tuple[str, str] | None:
    """Change a weekday or a month name to another one."""
    found = [m for name in (*WEEKDAYS, *MONTHS) for m in re.finditer(rf"\b{name}\b", s)]
    found = [m for m in found if not (m.group() == "May" and m.start() == 0)]
    if not found:
        return None
    m = rng.choice(found)
    pool = WEEKDAYS if m.group() in WEEKDAYS else MONTHS
    new = rng.choice([x for x in pool if x != m.group()])
    return s[: m.start()] + new + s[m.end() :], f"{m.group()} -> {new}"


def relayout_date(rng: random.Random, s: str) -> tuple[str, str] | None:
    """Write a date in another layout, same day: "Nov. 12" -> "12 November",
    "12 November" -> "November 12", "4.09.2025" -> "2025.09.04"."""
    m = _NUMERIC_DATE.search(s)
    if m:
        new = f"{m.group(3)}.{m.group(2)}.{int(m.group(1)):02d}"
    elif (m := _MONTH_DAY.search(s)) is not None:
        month = next(x for x in MONTHS if x.startswith(m.group(1).rstrip(".")))
        new = f"{m.group(2)} {month}"
    elif (m := _DAY_MONTH.search(s)) is not None:
        new = f"{m.group(2)} {m.group(1)}"
    else:
        return None
    return s[: m.start()] + new + s[m.end() :], f"{m.group()} -> {new}"


HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sir)\.? (?=[A-Z])")


def drop_honorific(rng: random.Random, s: str) -> tuple[str, str] | None:
    """Drop an honorific before a name ("Mr Paul Kennedy" -> "Paul Kennedy"): no divergence."""
    found = list(HONORIFIC.finditer(s))
    if not found:
        return None
    m = rng.choice(found)
    return s[: m.start()] + s[m.end() :], f"{m.group().strip()} dropped"


def swap_name_start(rng: random.Random, s: str) -> tuple[str, str] | None:
    """Swap a name where capitals prove nothing: at the sentence start or before "'s"."""
    found = [(key, m) for key in ENTITY_SWAPS if " " not in key
             for m in re.finditer(rf"\b{re.escape(key)}\b", s) if m.start() == 0 or s.startswith("'s", m.end())]
    if not found:
        return None
    key, m = rng.choice(found)
    replacement = rng.choice(ENTITY_SWAPS[key])
    return s[: m.start()] + replacement + s[m.end() :], f"{key} -> {replacement}"


# Rank words added, dropped or changed in lower-case titles.
RANKS: dict[str, tuple[str, ...]] = {
    "deputy director": ("director", "assistant director"), "chief executive": ("chief financial officer",),
    "trade minister": ("deputy trade minister",), "ambassador": ("deputy ambassador", "former ambassador"),
    "director": ("deputy director",), "envoy": ("deputy envoy", "special envoy"),
    "spokeswoman": ("deputy spokeswoman",),
}


def change_rank(rng: random.Random, s: str) -> tuple[str, str] | None:
    """Change the rank in a lower-case title ("director" -> "deputy director")."""
    for key in RANKS:  # longest titles first, so "deputy director" is not read as "director"
        m = re.search(rf"(?<![\w-]){key}\b", s)  # lower case only: capitalised titles are swap_entity's
        if m and not (key == "director" and s[max(0, m.start() - 7) : m.start()] == "deputy "):
            new = rng.choice(RANKS[key])
            return s[: m.start()] + new + s[m.end() :], f"{m.group()} -> {new}"
    return None


NUMBER_WORDS = {"two hundred": "200", "a dozen": "12", "ten": "10", "six": "6", "two": "2", "three": "3",
                "five": "5", "nineteen": "19"}


def number_words(rng: random.Random, s: str) -> tuple[str, str] | None:
    """Write a number word in digits ("two" -> "2", "a dozen" -> "12"): same value."""
    for words, digits in NUMBER_WORDS.items():
        m = re.search(rf"(?<![\w-]){words}(?![\w-])", s)
        if m:
            return s[: m.start()] + digits + s[m.end() :], f"{words} -> {digits}"
    return None


_MONEY = re.compile(r"([$£€])(\d+(?:\.\d+)?)(bn|m| million| billion)\b")
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros"}


def spell_magnitude(rng: random.Random, s: str) -> tuple[str, str] | None:
    """Spell out a currency and magnitude ("$18.3bn" -> "18.3 billion dollars") or a
    percentage ("5%" -> "5 per cent"): same value."""
    m = _MONEY.search(s)
    if m:
        scale = {"bn": "billion", "m": "million"}.get(m.group(3), m.group(3).strip())
        new = f"{m.group(2)} {scale} {_CURRENCY[m.group(1)]}"
        return s[: m.start()] + new + s[m.end() :], f"{m.group()} -> {new}"
    m = re.search(r"(\d+(?:\.\d+)?)%", s)
    if m:
        new = f"{m.group(1)} {rng.choice(('per cent', 'percent'))}"
        return s[: m.start()] + new + s[m.end() :], f"{m.group()} -> {new}"
    return None


def swap_entity(rng: random.Random, s: str) -> tuple[str, str] | None:
    """Swap one name, place or title for another."""
    found = [(key, m) for key in ENTITY_SWAPS if (m := re.search(rf"\b{re.escape(key)}\b", s))]
    if not found:
        return None
    key, m = rng.choice(found)
    replacement = rng.choice(ENTITY_SWAPS[key])
    return s[: m.start()] + replacement + s[m.end() :], f"{key} -> {replacement}"


def flip_negation(rng: random.Random, s: str) -> tuple[str, str] | None:
    """Remove a negation the sentence has, or negate one of its auxiliaries."""
    for negated, plain in UNNEGATE.items():
        m = _words(negated).search(s)
        if m:
            return s[: m.start()] + _match_case(plain, m.group()) + s[m.end() :], f"{m.group()} -> {plain}"
    candidates = [m for aux in NEGATE for m in _words(aux).finditer(s)]
    if not candidates:
        return None
    m = rng.choice(candidates)
    negated = rng.choice(NEGATE[m.group().lower()])
    return s[: m.start()] + _match_case(negated, m.group()) + s[m.end() :], f"{m.group()} -> {negated}"


def spin(rng: random.Random, s: str, most: int) -> tuple[str, str] | None:
    """Replace one to ``most`` words with synonyms."""
    spots = []
    taken: list[tuple[int, int]] = []
    keys = list(SYNONYMS)
    rng.shuffle(keys)
    for key in keys:
        for m in _words(key).finditer(s):
            if all(m.end() <= a or m.start() >= b for a, b in taken):
                spots.append((m, key))
                taken.append((m.start(), m.end()))
    if not spots:
        return None
    rng.shuffle(spots)
    chosen = sorted(spots[: rng.randint(1, most)], key=lambda p: p[0].start())
    out, cursor, notes = [], 0, []
    for m, key in chosen:
        new = _match_case(rng.choice(SYNONYMS[key]), m.group())
        out += [s[cursor : m.start()], new]
        cursor = m.end()
        notes.append(f"{m.group()} -> {new}")
    out.append(s[cursor:])
    return "".join(out), "; ".join(notes)


# Locale styles for the same value: (thousands separator, decimal mark, percent).
_STYLES: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "fr": ((" ", "\u00a0", "\u202f"), ",", (" %", "\u00a0%")),
    "mt": ((" ",), ",", ("spaced",)),  # what MT makes of "0.3%": "0, 3 %"
    "plain": (("",), ".", (" percent", " per cent")),
}


def reformat_numbers(rng: random.Random, s: str) -> tuple[str, str] | None:
    """Rewrite every number of the sentence in another locale's format, same values."""
    style = rng.choice(sorted(_STYLES))
    groupings, mark, percents = _STYLES[style]
    group_sep, percent = rng.choice(groupings), rng.choice(percents)
    out, cursor, notes = [], 0, []
    for m in _NUMBER.finditer(s):
        text = m.group()
        whole, _, frac = text.partition(".")
        if frac and len(frac) == 3:
            continue  # "1,500" would read as a thousand and a half in English: not the same value
        is_percent = s.startswith("%", m.end())
        new_whole = whole.replace(",", group_sep) if len(whole) > 4 else whole
        if frac and is_percent and percent == "spaced":
            new, end = f"{new_whole}, {frac} %", m.end() + 1
        else:
            new, end = new_whole + (mark + frac if frac else ""), m.end()
            if is_percent:
                new += " %" if percent == "spaced" else percent
                end += 1
        if new != s[m.start() : end]:
            out += [s[cursor : m.start()], new]
            notes.append(f"{s[m.start():end]} -> {new}")
            cursor = end
    if all("".join(a.split()) == "".join(b.split()) for a, b in (n.split(" -> ") for n in notes)):
        return None  # nothing but spaces would change: not a reformatting worth testing
    out.append(s[cursor:])
    return "".join(out), f"{style}: " + "; ".join(notes)


_ATTRIBUTION = re.compile(r", ((?:[A-Z]\w+|the ministry|officials|her office|his office) said(?: on \w+)?\.)$")

_SPLIT = re.compile(r", (and|but) (?=[A-Za-z])")


def split_sentence(rng: random.Random, s: str) -> tuple[str, str, str] | None:
    """Cut a sentence in two at ", and" / ", but" before a clause of its own."""
    cuts = [m for m in _SPLIT.finditer(s) if len(s[: m.start()].split()) >= 5 and len(s[m.end() :].split()) >= 4]
    if not cuts:
        return None
    m = rng.choice(cuts)
    first = s[: m.start()] + "."
    rest = s[m.end() :]
    if rng.random() < 0.4:  # keep the conjunction: "But diplomats said ..."
        second = m.group(1).capitalize() + " " + rest
    else:
        second = rest[:1].upper() + rest[1:]
    return first, second, f"at {m.group().strip()!r}"


def merge_sentences(rng: random.Random, a: str, b: str) -> str | None:
    """Join two sentences into one with a conjunction."""
    if not a.endswith(".") or len((a + " " + b).split()) > 48:
        return None
    head = a[:-1]
    first = b.split()[0]
    tail = b[:1].lower() + b[1:] if first.lower() in COMMON_STARTS else b
    joiner = rng.choice((", and ", ", while ", "; "))
    return head + joiner + tail


# --- documents -----------------------------------------------------------------------

_SENTENCE_EDITS: dict[str, Callable[[random.Random, str], tuple[str, str] | None]] = {
    "number": change_number,
    "entity": swap_entity,
    "negation": flip_negation,
    "format": reformat_numbers,
    "paraphrase": lambda rng, s: spin(rng, s, 3),
    "date": change_date,
    "name-start": swap_name_start,
    "rank": change_rank,
    "date-layout": relayout_date,
    "honorific": drop_honorific,
    "number-words": number_words,
    "magnitude": spell_magnitude,
}
# The divergence each edit must produce (an edit's own name where not listed).
GOLD = {"name-start": "entity", "rank": "entity", "date-layout": "format", "number-words": "format",
        "magnitude": "format"}
# Edits tried on every repost where the article allows, and those tried on some.
_ALWAYS = ("number", "entity", "negation", "format", "paraphrase")
_SOMETIMES = ("date", "name-start", "rank", "date-layout", "honorific", "number-words", "magnitude")


def generate(seed: int, article: int | None = None) -> SynthDoc:
    """One repost of one article with its gold alignment and labelled edits."""
    rng = random.Random(seed)
    which = article if article is not None else seed % len(ARTICLES)
    original = list(ARTICLES[which])
    n = len(original)

    # One of each sentence edit, plus structural edits, each on its own sentences.
    plan: dict[int, str] = {}
    kinds = list(_ALWAYS)
    kinds += [k for k in _ALWAYS if rng.random() < 0.3]
    kinds += [k for k in _SOMETIMES if rng.random() < 0.5]
    for k in ("omission", "split", "merge", "merge-drop"):
        if rng.random() < 0.6:
            kinds.append(k)
    rng.shuffle(kinds)
    applied: dict[int, tuple[str, ...]] = {}  # index -> repost sentences for it
    details: dict[int, tuple[str, str, bool]] = {}
    for kind in kinds:
        free = [i for i in range(n) if i not in plan]
        rng.shuffle(free)
        for i in free:
            if kind == "omission":
                plan[i], applied[i], details[i] = kind, (), (kind, "dropped", False)
                break
            if kind == "merge":
                if i + 1 >= n or i + 1 in plan:
                    continue
                merged = merge_sentences(rng, original[i], original[i + 1])
                if merged is None:
                    continue
                plan[i] = plan[i + 1] = kind
                applied[i], applied[i + 1] = (merged,), ()
                details[i] = (kind, "merged with the next", False)
                break
            if kind == "merge-drop":
                # Two sentences become one that keeps only the second one's attribution
                # ("..., Almeida said."): the second sentence is omitted inside a 2-1 group.
                tail = _ATTRIBUTION.search(original[i + 1]) if i + 1 < n and i + 1 not in plan else None
                if tail is None or not original[i].endswith("."):
                    continue
                plan[i] = plan[i + 1] = "merge"
                applied[i], applied[i + 1] = (original[i][:-1] + ", " + tail.group(1),), ()
                details[i] = ("merge-drop", f"kept only {tail.group(1)!r} of the next", False)
                break
            if kind == "split":
                cut = split_sentence(rng, original[i])
                if cut is None:
                    continue
                plan[i], applied[i], details[i] = kind, cut[:2], (kind, cut[2], False)
                break
            result = _SENTENCE_EDITS[kind](rng, original[i])
            if result is None:
                continue
            text, detail = result
            spun = False
            if kind in ("number", "entity", "negation", "date", "name-start", "rank") and rng.random() < 0.3:
                extra = spin(rng, text, 1)  # a spun sentence that also changed its meaning
                if extra is not None:
                    text, detail, spun = extra[0], f"{detail} (+ {extra[1]})", True
            plan[i], applied[i], details[i] = kind, (text,), (kind, detail, spun)
            break

    # Half the reposts are spun throughout: many untouched sentences get a synonym or two.
    if rng.random() < 0.5:
        for i in range(n):
            if i not in plan and rng.random() < 0.5:
                result = spin(rng, original[i], 2)
                if result is not None:
                    plan[i], applied[i], details[i] = "paraphrase", (result[0],), ("paraphrase", result[1], False)

    # Unrelated sentences slipped in: one or two, at random places.
    pool = list(DISTRACTORS) + [s for a, art in enumerate(ARTICLES) if a != which for s in art]
    insert_before = sorted(rng.sample(range(n + 1), rng.choice((1, 1, 2))))

    repost: list[str] = []
    groups: list[Group] = []
    edits: list[Edit] = []
    for i in range(n + 1):
        for _ in range(insert_before.count(i)):
            added = rng.choice(pool)
            groups.append(((), (len(repost),)))
            edits.append(Edit("addition", (), (len(repost),), added))
            repost.append(added)
        if i == n:
            break
        if plan.get(i) == "merge" and i > 0 and plan.get(i - 1) == "merge" and applied[i] == ():
            continue  # the second half of a merge: its group was made with the first
        out = applied.get(i, (original[i],))
        js = tuple(range(len(repost), len(repost) + len(out)))
        repost.extend(out)
        if plan.get(i) == "merge":
            groups.append(((i, i + 1), js))
            if details[i][0] == "merge-drop":
                edits.append(Edit("omission", (i + 1,), (), details[i][1], edit="merge-drop"))
            else:
                edits.append(Edit("merge", (i, i + 1), js, details[i][1]))
            continue
        groups.append(((i,), js))
        if i in details:
            kind, detail, spun = details[i]
            edits.append(Edit(GOLD.get(kind, kind), (i,), js, detail, spun, edit=kind))
    return SynthDoc(seed, original, repost, groups, edits)


def corpus(count: int, base_seed: int = 20240) -> list[SynthDoc]:
    """``count`` documents, cycling through the articles, from consecutive seeds."""
    return [generate(base_seed + k, article=k % len(ARTICLES)) for k in range(count)]


# --- measuring an aligner and comparer against the gold (tests and scripts/bench_fidelity.py) ---

MAJOR = severity_rank("major")


def sentences(texts: Sequence[str]) -> tuple[str, list[Sentence]]:
    text, spans = layout(texts)
    paragraphs = [text.count("\n\n", 0, start) for start, _ in spans]
    return text, [Sentence(k, a, b, s, p) for k, ((a, b), s, p) in enumerate(zip(spans, texts, paragraphs))]


def passthrough(sents: Sequence[Sentence]) -> list[Segment]:
    return [Segment(s, "en", 1.0, "passthrough", s.text) for s in sents]


def links(groups: Sequence[tuple[Sequence[int], Sequence[int]]]) -> set[tuple[int | None, int | None]]:
    out: set[tuple[int | None, int | None]] = set()
    for orig, rep in groups:
        if not orig:
            out.update((None, j) for j in rep)
        elif not rep:
            out.update((i, None) for i in orig)
        else:
            out.update((i, j) for i in orig for j in rep)
    return out


def on_sentence(d: Divergence, orig: Sequence[int], rep: Sequence[int]) -> bool:
    return (d.original is not None and d.original.sentence in orig) or (
        d.repost is not None and d.repost.sentence in rep
    )


def major(d: Divergence) -> bool:
    return severity_rank(d.severity) <= MAJOR


def show(d: Divergence) -> str:
    o = d.original.text if d.original else None
    r = d.repost.text if d.repost else None
    return f"{d.type}/{d.severity} {o!r} -> {r!r} ({d.message})"


@dataclass
class Measures:
    """Counts over the whole synthetic corpus, and the cases behind each shortfall."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    exact_groups: int = 0
    gold_groups: int = 0
    found: Counter[str] = field(default_factory=Counter)  # meaning edits found with their own type
    loose: Counter[str] = field(default_factory=Counter)  # ... or any major+ on the sentence
    total: Counter[str] = field(default_factory=Counter)
    alarmed: Counter[str] = field(default_factory=Counter)  # non-meaning edits with a major+ divergence
    misses: list[str] = field(default_factory=list)
    alarms: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    misaligned: list[str] = field(default_factory=list)
    by_edit: Counter[str] = field(default_factory=Counter)  # edits per generator...
    by_edit_ok: Counter[str] = field(default_factory=Counter)  # ...judged right (typed hit / no major)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def meaning_recall(self, loose: bool = False) -> float:
        hits = self.loose if loose else self.found
        total = sum(self.total[k] for k in MEANING_KINDS)
        return sum(hits[k] for k in MEANING_KINDS) / total if total else 1.0

    def rate(self, kind: str) -> float:
        return self.alarmed[kind] / self.total[kind] if self.total[kind] else 0.0

    def summary(self) -> str:
        lines = [
            f"alignment (links): P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}; "
            f"exact groups {self.exact_groups}/{self.gold_groups}",
            f"meaning-change recall at major+: typed {self.meaning_recall():.3f}, "
            f"any major+ on the sentence {self.meaning_recall(loose=True):.3f}",
        ]
        for kind in MEANING_KINDS:
            lines.append(f"  {kind:<10} {self.found[kind]}/{self.total[kind]} typed, {self.loose[kind]} loose")
        for kind in (*FORMAT_ONLY_KINDS, *WORDING_KINDS, *STRUCTURE_KINDS, "untouched"):
            lines.append(f"  {kind:<10} reported major+: {self.alarmed[kind]}/{self.total[kind]} = {self.rate(kind):.3f}")
        lines.append("  by edit (judged right / total): " + ", ".join(
            f"{e} {self.by_edit_ok[e]}/{n}" for e, n in sorted(self.by_edit.items())))
        return "\n".join(lines)

    def format_rate(self, skip: Sequence[str] = ()) -> float:
        """Share of format-only edits reported major, leaving out the edits ``skip`` names."""
        total = self.total["format"] - sum(self.by_edit[e] for e in skip)
        alarmed = self.alarmed["format"] - sum(self.by_edit[e] - self.by_edit_ok[e] for e in skip)
        return alarmed / total if total else 0.0

    def cases(self, limit: int = 25) -> str:
        parts = ["misaligned:", *self.misaligned[:limit], "missed meaning changes:", *self.misses[:limit]]
        for kind, items in self.alarms.items():
            parts += [f"major+ on {kind} edits:", *items[:limit]]
        return "\n".join(parts)


def evaluate(doc: SynthDoc, groups: Sequence[AlignedGroup], divergences: Sequence[Divergence], m: Measures) -> None:
    predicted = links([(g.original, g.repost) for g in groups])
    gold = links(doc.groups)
    m.tp += len(predicted & gold)
    m.predicted += len(predicted)
    m.gold += len(gold)
    got = {(tuple(g.original), tuple(g.repost)) for g in groups}
    m.gold_groups += len(doc.groups)
    m.exact_groups += sum(g in got for g in doc.groups)
    for g in doc.groups:
        if g not in got:
            near = [x for x in got if set(x[0]) & set(g[0]) or set(x[1]) & set(g[1])]
            m.misaligned.append(f"seed {doc.seed}: gold {g} got {sorted(near)}")

    for edit in doc.edits:
        m.total[edit.kind] += 1
        here = [d for d in divergences if on_sentence(d, edit.original, edit.repost)]
        pair = (
            f"seed {doc.seed} {edit.kind} [{edit.detail}] "
            f"orig {[doc.original[i] for i in edit.original]} repost {[doc.repost[j] for j in edit.repost]}"
        )
        name = edit.edit or edit.kind
        m.by_edit[name] += 1
        if edit.kind in MEANING_KINDS:
            typed = any(d.type == edit.kind and major(d) for d in here)
            m.found[edit.kind] += typed
            m.by_edit_ok[name] += typed
            m.loose[edit.kind] += typed or any(major(d) for d in here)
            if not typed:
                m.misses.append(f"{pair}\n    compare gave: {[show(d) for d in here] or 'nothing'}")
        elif any(major(d) for d in here):
            m.alarmed[edit.kind] += 1
            m.alarms[edit.kind].append(f"{pair}\n    compare gave: {[show(d) for d in here if major(d)]}")
        else:
            m.by_edit_ok[name] += 1
    for orig, rep in doc.untouched():
        m.total["untouched"] += 1
        bad = [d for d in divergences if major(d) and on_sentence(d, orig, rep)]
        if bad:
            m.alarmed["untouched"] += 1
            m.alarms["untouched"].append(f"seed {doc.seed} {doc.original[orig[0]]!r}: {[show(d) for d in bad]}")


