"""Deadline watch: items due soon or overdue, and each agency's on-time rate."""
