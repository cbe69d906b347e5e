"""Publicity (行政执法公示): post boards, ex-post publications, redaction, snapshots, exports."""
