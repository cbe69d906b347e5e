"""Actions of the guidance app: every change to its records goes through one of these."""
