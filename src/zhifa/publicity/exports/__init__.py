"""Dual-publicity exports (Excel, CSV) and the JSON feed of new publications."""
