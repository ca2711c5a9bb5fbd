"""Sanctuary: command-line practice management for psychotherapists."""

__version__ = "0.1.0"
