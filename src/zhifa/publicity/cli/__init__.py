"""Subcommands of ``zhifa publicity``; each module has ``add_arguments`` and ``run``."""
