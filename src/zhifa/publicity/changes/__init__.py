"""Withdrawals, publication periods, expiry and credit repair."""
