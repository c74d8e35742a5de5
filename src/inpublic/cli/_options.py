"""Options several commands share. Only Typer here: this loads at every start."""

from typing import Annotated

import typer

Json = Annotated[
    bool, typer.Option("--json", help='Print JSON ("version": 1) instead of text, for scripts.')
]
