#!/usr/bin/env python
"""Run Django management commands from a source checkout (same as the ``zhifa`` script)."""

from zhifa.cli import main

if __name__ == "__main__":
    main()
