"""Write ``tests/fixtures/english_stress_templated.txt``: English news lines from templates.

The language-ID stress text is two files: ``english_stress.txt``, written by hand, and
this templated part, which fills headline, result, fixture, line-up and quote templates
with Dutch, German, Spanish, Italian, Portuguese, Polish, Turkish and Vietnamese club,
company, place and person names (125 articles, blank-line separated, fixed seed). Every
line is English: the names are the stress. Run::

    python scripts/make_english_stress.py
"""

import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "english_stress_templated.txt"
rng = random.Random(13)
first = "Jan Pieter Daan Sanne Lotte Femke Klaas Joris Matthijs Wouter Lukas Jonas Felix Leon Maximilian Sophie Hannah Jürgen Uwe Katrin Carlos Javier Pablo Alejandro Lucía Carmen Sergio Iker Marta Giulia Marco Luca Alessandro Chiara João Rui Tiago Inês Piotr Tomasz Agnieszka Kacper Emre Burak Elif Mehmet Hakan Nguyen Thi Minh".split()
last = "de Jong|van der Berg|Bakker|Visser|Dijkstra|Hoekstra|Janssen|Smit|Mulder|de Vries|van Dijk|Vermeulen|Müller|Schneider|Fischer|Weber|Wagner|Becker|Schulz|Hoffmann|Köhler|Schäfer|Neuer|Kroos|García|Fernández|González|Rodríguez|López|Martínez|Sánchez|Pérez|Gómez|Díaz|Ruiz|Romero|Rossi|Bianchi|Esposito|Ricci|Moretti|Conti|Silva|Santos|Oliveira|Pereira|Costa|Ferreira|Kowalski|Nowak|Wiśniewski|Lewandowski|Yılmaz|Kaya|Demir|Çelik|Şahin|Öztürk".split("|")
clubs = "Ajax|Feyenoord|PSV Eindhoven|AZ Alkmaar|FC Utrecht|FC Twente|Vitesse|Bayern Munich|Borussia Dortmund|Schalke|Hertha Berlin|Werder Bremen|Eintracht Frankfurt|Bayer Leverkusen|VfB Stuttgart|Hamburger SV|Real Madrid|Atletico Madrid|Sevilla|Real Betis|Villarreal|Athletic Bilbao|Real Sociedad|Valencia|Juventus|Napoli|Lazio|Fiorentina|Benfica|Porto|Sporting Lisbon|Galatasaray|Fenerbahce|Besiktas|Legia Warsaw|Lech Poznan".split("|")
cos = "Heineken|Philips|Renault|Volkswagen|Siemens|Bayer|Santander|Telefonica|Iberdrola|Inditex|Ahold Delhaize|Unilever|ING|Rabobank|Deutsche Bank|Commerzbank|Lufthansa|Danone|Peugeot|Fiat|Enel|Eni|Repsol|Adidas|Puma|BASF|Henkel|Zalando|Continental|Porsche|Daimler Truck|Bosch|Randstad|Heidelberg Materials|Mapfre|BBVA|Galp|Orlen|Koç Holding|Vinamilk".split("|")
places = "Rotterdam|Amsterdam|Eindhoven|Utrecht|Groningen|Maastricht|Munich|Dortmund|Gelsenkirchen|Frankfurt|Hamburg|Cologne|Stuttgart|Wolfsburg|Madrid|Seville|Valencia|Bilbao|Barcelona|Zaragoza|Lisbon|Porto|Milan|Turin|Naples|Bologna|Warsaw|Krakow|Gdansk|Istanbul|Ankara|Izmir|Hanoi|Jakarta".split("|")

def person() -> str:
    return f"{rng.choice(first)} {rng.choice(last)}"
def pick(pool: list[str], k: int) -> list[str]:
    return rng.sample(pool, k)

headlines = [
    "{co} shake up as profit slips", "{co} boosts dividend", "{c1} beat {c2} in {place} derby",
    "{c1} sink {c2}", "{co} cuts jobs in {place}", "{p} quits {co}", "{co} shares jump",
    "{p} named {c1} coach", "{co} to buy {co2}", "{co} profit tops forecasts", "{c1} v {c2}",
    "{p} double sinks {c2}", "{co} recalls cars", "{co} sees sales dip", "Strikes hit {place} port",
    "{p} out for season", "{co} chief steps down", "{c1} sign {p}", "{place} mayor re-elected",
    "{co} and {co2} end merger talks", "Late goal lifts {c1}", "{co} warns on margins",
    "{c1} held by {c2}", "{place} airport reopens", "{co} bets on electric vans",
]
body = [
    "{co} said on Tuesday that net profit fell to {n} million euros in the third quarter.",
    "Chief executive {p} told analysts the company would cut costs at its plant in {place}.",
    "{c1} beat {c2} {a}-{b} on Sunday, with {p} scoring twice.",
    "Results: {c1} {a} {c2} {b}; {c3} {b} {c4} {a}.",
    "Fixtures: {c1} v {c2}; {c3} v {c4}.",
    "{c1} v {c2}; {c3} v {c4}.",
    "“We played well, but we were not clinical enough,” said {p}.",
    "“It is a difficult market,” {p} said.",
    "Shares in {co} rose {a}.{b}% in {place}.",
    "Line-up: {p}, {p2}, {p3}, {p4}, {p5}.",
    "{p}, {p2} and {p3} were also named in the squad.",
    "Photo: {p}/Reuters",
    "Reporting by {p} in {place}; editing by {p2}.",
    "{p} ({c1}), {p2} ({c2}), {p3} ({c3}).",
    "The deal values {co2} at about {n} million euros, including debt.",
    "Analysts at {co} had expected a smaller decline.",
    "{p2}, a former {c2} midfielder, joined the club from {c3} last summer.",
    "Goals: {p} {a}, {p2} {n2}; {p3} {b}.",
    "Attendance: {n},{n3}.",
    "The match in {place} was delayed by heavy rain.",
    "{co} employs about {n},000 people, most of them in {place} and {place2}.",
    "{place} v {place2}",
    "Referee: {p} ({place}).",
    "“Nobody expected this,” {p} told reporters in {place}.",
    "Next: {c1} v {c3}, Saturday.",
    "{p} and {p2} will lead the talks with unions in {place}.",
    "Trading in {co} shares was briefly halted.",
    "{co2} declined to comment.",
]


def fill(template: str) -> str:
    """``template`` with names, numbers and scores drawn from the pools."""
    c = pick(clubs, 4); co = pick(cos, 2); pl = pick(places, 2)
    return template.format(co=co[0], co2=co[1], c1=c[0], c2=c[1], c3=c[2], c4=c[3], place=pl[0], place2=pl[1],
                           p=person(), p2=person(), p3=person(), p4=person(), p5=person(),
                           n=rng.randint(12, 980), n2=rng.randint(50, 90), n3=f"{rng.randint(0, 999):03d}",
                           a=rng.randint(0, 5), b=rng.randint(0, 5))


def main() -> None:
    articles = []
    for _ in range(125):
        head = fill(rng.choice(headlines))
        lines = [head[0].upper() + head[1:]]
        lines.extend(fill(t) for t in rng.sample(body, 8))
        articles.append("\n".join(lines))
    OUT.write_text("\n\n".join(articles) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
