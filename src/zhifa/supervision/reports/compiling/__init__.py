"""The sections of the report figures, each read with a fixed number of queries for all agencies."""
