"""Widgets the workout screen is built from."""
