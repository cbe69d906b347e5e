"""Approving and writing publications: versions and the public snapshot."""
