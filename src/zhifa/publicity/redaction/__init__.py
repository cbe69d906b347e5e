"""Redaction (脱敏) of structured fields and free text before publication.

The engine here needs no database: ``Policy.defaults()`` gives the district defaults, and
``zhifa.publicity.redaction.policy.policy_for(agency_id)`` loads an agency's policy from the
database for the callers that have one.
"""

from zhifa.publicity.redaction.datatypes import Mask, PartyFacts, Policy, Redaction
from zhifa.publicity.redaction.engine import redact_text
from zhifa.publicity.redaction.names import mask_person_name
from zhifa.publicity.redaction.values import mask_value

__all__ = [
    "Mask",
    "PartyFacts",
    "Policy",
    "Redaction",
    "mask_person_name",
    "mask_value",
    "redact_text",
]
