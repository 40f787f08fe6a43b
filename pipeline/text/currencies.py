"""Currencies as numbers carry them: the words and signs written before or after a
value, the ISO 4217 code each stands for, and which codes a bare word of several
countries ("$", "francs") may be. ``pipeline.text.numbers`` reads them into
``NumberMention.currency``; two values in two different currencies are two values.
"""

from __future__ import annotations

# Currency written before the number, and the ISO code it stands for. Longest first.
CURRENCY_BEFORE: dict[str, str] = {
    "US$": "USD", "A$": "AUD", "C$": "CAD", "S$": "SGD", "HK$": "HKD", "NZ$": "NZD", "$": "$",
    "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "Rp.": "IDR", "Rp": "IDR", "Rs.": "INR", "Rs": "INR",
    "rp.": "IDR", "rp": "IDR",
    "USD": "USD", "EUR": "EUR", "GBP": "GBP", "IDR": "IDR", "INR": "INR", "JPY": "JPY", "CNY": "CNY",
    "AUD": "AUD", "SGD": "SGD",
}
# Currency written after the number (and its magnitude), lowercased. Longest first.
CURRENCY_AFTER: dict[str, str] = {
    "us dollars": "USD", "u.s. dollars": "USD", "dollars": "$", "dollar": "$", "dolar as": "USD",
    "dolar amerika": "USD", "dolar": "$", "usd": "USD", "pounds sterling": "GBP", "pounds": "GBP",
    "pound sterling": "GBP", "poundsterling": "GBP", "sterling": "GBP", "gbp": "GBP", "euros": "EUR",
    "euro": "EUR", "eur": "EUR", "rupiah": "IDR", "idr": "IDR", "rupees": "INR", "rupee": "INR",
    "inr": "INR", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "dlrs": "$", "dlr": "$",  # newswires' dollars
    # Other currencies news names by their word ("1.7720 marks" is no "1.7720 yen"); a bare
    # "francs", "crowns" or "pesos" is one of its family (``CURRENCY_FAMILIES``).
    "marks": "DEM", "deutsche marks": "DEM", "d-marks": "DEM", "swiss francs": "CHF",
    "french francs": "FRF", "belgian francs": "BEF", "francs": "FRANC", "franc": "FRANC", "guilders": "NLG",
    "guilder": "NLG", "lire": "ITL", "lira": "LIRA", "pesetas": "ESP", "peseta": "ESP", "pesos": "PESO",
    "peso": "PESO", "roubles": "RUB", "rubles": "RUB", "rouble": "RUB", "ruble": "RUB", "rand": "ZAR",
    "ringgit": "MYR", "baht": "THB", "kronor": "SEK", "kronur": "ISK", "kroner": "CROWN", "crowns": "CROWN",
    "zlotys": "PLN", "zloty": "PLN", "forints": "HUF", "forint": "HUF", "shekels": "ILS", "riyals": "SAR",
    "dirhams": "AED", "reais": "BRL", "hryvnias": "UAH", "hryvnia": "UAH", "krona": "SEK", "krone": "CROWN",
    "riyal": "SAR", "shekel": "ILS", "dirham": "AED",
    # As other languages write them after a figure ("1.500 millones de euros", "1,5 млрд рублей",
    # "3 Milliarden Dollar": "dollar" and "euro" above): a changed currency is a changed value.
    "de euros": "EUR", "d'euros": "EUR", "d’euros": "EUR", "di euro": "EUR", "евро": "EUR",
    "de dólares": "$", "de dolares": "$", "de dollars": "$", "di dollari": "$", "dollari": "$",
    "долларов": "$", "доллара": "$", "доллар": "$", "dolarów": "$",
    "di sterline": "GBP",  # not "livres" (books), "libras" or "фунтов" (pounds of weight)
    "рублей": "RUB", "рубля": "RUB", "рубль": "RUB", "руб": "RUB", "de rublos": "RUB", "de roubles": "RUB",
    "гривен": "UAH", "гривень": "UAH", "грн": "UAH", "de reais": "BRL", "de pesos": "PESO", "de yenes": "JPY",
    "de yuanes": "CNY", "юаней": "CNY", "иен": "JPY", "złotych": "PLN", "zł": "PLN",
}
# A bare currency word of several countries ("$", "francs") may be any of them.
CURRENCY_FAMILIES: dict[str, frozenset[str]] = {
    "$": frozenset({"$", "USD", "AUD", "CAD", "SGD", "HKD", "NZD"}),
    "FRANC": frozenset({"FRANC", "CHF", "FRF", "BEF"}),
    "CROWN": frozenset({"CROWN", "SEK", "NOK", "DKK", "ISK", "CZK"}),
    "PESO": frozenset({"PESO", "MXN", "ARS", "CLP", "COP", "PHP"}),
    "LIRA": frozenset({"LIRA", "TRY", "ITL"}),
}


def same_currency(a: str, b: str) -> bool:
    """Whether two currencies can be one: equal, one unnamed, or a family's bare word and
    one of its members (``CURRENCY_FAMILIES``: "$" and "USD", "francs" and "CHF")."""
    return a == b or not a or not b or any(x in CURRENCY_FAMILIES and y in CURRENCY_FAMILIES[x] for x, y in ((a, b), (b, a)))
