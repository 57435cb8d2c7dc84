"""Every extractor, in the order they run: later ones read what earlier ones found."""

from __future__ import annotations

from collections.abc import Callable

from khavaran.extract.context import Context
from khavaran.extract.extractors import (
    dates,
    defects,
    known_entities,
    new_names,
    number_claims,
    quotes,
    relations,
)
from khavaran.extract.proposals import Proposal

Extractor = Callable[[Context], list[Proposal]]

EXTRACTORS: dict[str, Extractor] = {
    known_entities.NAME: known_entities.extract,
    new_names.NAME: new_names.extract,
    dates.NAME: dates.extract,
    quotes.NAME: quotes.extract,
    number_claims.NAME: number_claims.extract,
    relations.NAME: relations.extract,
    defects.NAME: defects.extract,
}
