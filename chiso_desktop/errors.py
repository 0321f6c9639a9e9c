"""Errors that carry a message for the user, already translated.

The CLI maps them to exit codes (2 usage, 3 refused input); the GUI shows the
message as is. Anything else reaching the top is a bug.
"""

from __future__ import annotations


class UserError(Exception):
    exit_code = 3


class Refused(UserError):
    """Input was refused (validation, verification); nothing was changed."""


class UsageError(UserError):
    exit_code = 2
