"""Signals sent by the remedies app.

``decision_corrected`` is sent once per correcting outcome (changed, revoked, confirmed
illegal or confirmed void), after the transaction that records it commits. ``sender`` is the
``Remedy`` class, and the keyword arguments are:

- ``case``: the ``Case`` whose decision was corrected;
- ``remedy``: the concluded ``Remedy``;
- ``withdraw_by``: a ``datetime.date``, the last day to withdraw the published decision, which
  is 3 working days after the outcome with the start day not counted.

The publication work connects to it to withdraw the decision from the public listings.
"""

from django.dispatch import Signal

decision_corrected = Signal()
