from argparse import ArgumentParser
from typing import Any, TextIO


def add_arguments(parser: ArgumentParser) -> None:
    pass


def run(options: dict[str, Any], stdout: TextIO) -> int:
    # TODO: not built yet.
    raise NotImplementedError
