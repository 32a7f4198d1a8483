"""coach: a terminal workout coach."""

__version__ = "0.1.0"
