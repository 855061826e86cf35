"""Fold a personal name so that the spellings romanisation gives one name compare equal.

Russian (and other Cyrillic) names reach English sources in several systems at once: Sergei/Sergey,
Yuri/Yury, Dmitri/Dmitry/Dmitriy, Alexei/Aleksey, Yevgeny/Evgeny, Fyodor/Fëdor. The folding is small on
purpose: accents and case dropped, the -i/-iy/-yi/-ij ending read as -y, x as ks, a leading ye as e.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["fold_name", "fold_word"]

_ENDINGS = re.compile(r"(?:iy|yy|yi|ij|yj|i)$")


@functools.lru_cache(maxsize=1 << 16)  # names and titles repeat their words
def fold_word(word: str) -> str:
    """One word of a name, folded: 'Sergei' and 'Sergey' -> 'sergey', 'Fëdor' -> 'fedor'."""
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c)).casefold()
    word = re.sub(r"[^a-z0-9]", "", word).replace("x", "ks")
    word = re.sub(r"^ye", "e", word)
    return _ENDINGS.sub("y", word) if len(word) > 3 else word


def fold_name(name: str) -> tuple[str, ...]:
    """A name as folded words, in order ('Yuri Ushakov' and 'Yury Ushakov' -> ('yury', 'ushakov'))."""
    return tuple(w for w in (fold_word(part) for part in re.split(r"[\s\-]+", name)) if w)
