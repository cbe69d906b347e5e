"""This app has no tables."""
