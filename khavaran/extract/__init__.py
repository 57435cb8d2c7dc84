"""Extraction assistant: propose mentions, quotes, claims, dates, relations and defects in a text.

Every proposal carries its exact span in the source's extracted text; a person accepts, edits or
rejects it. This package is plain Python (no Django): the review queue lives elsewhere.

Example:
    >>> from khavaran.extract import Gazetteer, extract
    >>> gazetteer = Gazetteer.build([("person", "raisi", "Ebrahim Raisi")])
    >>> [p.text for p in extract("Ebrahim Raisi said nothing.", gazetteer) if p.kind == "mention"]
    ['Ebrahim Raisi']
"""

from khavaran.extract.gazetteer import Gazetteer
from khavaran.extract.pipeline import ExistingClaim, extract
from khavaran.extract.proposals import Proposal

__all__ = ["ExistingClaim", "Gazetteer", "Proposal", "extract"]
