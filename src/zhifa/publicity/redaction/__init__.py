"""Redaction (脱敏) of structured fields and free text before publication."""
