"""A static-site generator for sourced briefings."""

__version__ = "0.2.0"
