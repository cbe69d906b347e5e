"""Uploads of AV records: the resumable protocol, metadata checks, probing and ingest."""
