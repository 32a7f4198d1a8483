"""Dashes pasted from documents: an en dash between 8 and 12 means the same as "8-12"."""

from __future__ import annotations

# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign.
LOOKALIKES = "\u2010\u2011\u2012\u2013\u2014\u2212"
# A regular-expression class of "-" and its lookalikes, read alike by Python and ECMA-262.
DASH = "[-\u2010-\u2014\u2212]"
_TO_HYPHEN = str.maketrans(dict.fromkeys(LOOKALIKES, "-"))
NAMES = {
    "\u2010": "a hyphen (U+2010)",
    "\u2011": "a non-breaking hyphen (U+2011)",
    "\u2012": "a figure dash (U+2012)",
    "\u2013": "an en dash (U+2013)",
    "\u2014": "an em dash (U+2014)",
    "\u2212": "a minus sign (U+2212)",
}


def plain_dashes(text: str) -> str:
    """`text` with every dash lookalike made the ASCII "-"."""
    return text.translate(_TO_HYPHEN)


def lookalike_in(text: str) -> str | None:
    """The name of the first dash lookalike in `text`, if any."""
    return next((NAMES[ch] for ch in text if ch in NAMES), None)
