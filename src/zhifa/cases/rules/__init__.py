"""Legal rules of case procedure, as pure functions with their source beside them.

Nothing here reads the database. Callers pass the facts, the rule parameters (read with
``zhifa.core.rules.parameter``) and a ``Calendar`` for working-day periods, so each rule is
tested as a table of cases with a fixed calendar.
"""
