"""Errors that carry a message for the user, already translated.

The CLI maps them to exit codes (2 usage, 3 refused input); the GUI shows the
message as is. Anything else reaching the top is a bug.
"""

from __future__ import annotations


class UserError(Exception):
    """A message for the user; ``cli_hint`` is the command that fixes it, for the CLI only.

    The message itself names no command line (the GUI shows it as is and names
    its own buttons and pages); ``chiso`` prints the hint on a second line.
    """

    exit_code = 3

    def __init__(self, *args: object, cli_hint: str = "") -> None:
        super().__init__(*args)
        self.cli_hint = cli_hint


class Refused(UserError):
    """Input was refused (validation, verification); nothing was changed."""


class UsageError(UserError):
    exit_code = 2
