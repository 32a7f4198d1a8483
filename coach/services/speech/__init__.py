"""Spoken coaching: text-to-speech engines, the phrase cache, and the voice track."""
