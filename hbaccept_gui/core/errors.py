"""The two kinds of error the core raises on purpose; both carry a Chinese message for the user."""

from __future__ import annotations

from hbaccept_gui.core import messages


class ParseError(ValueError):
    """A cell's text was refused. `reason` says why, in Chinese, without saying where: the caller
    knows the cell and prefixes its location."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        self.reason = messages.reason(code, **params)
        super().__init__(self.reason)


class StorageError(Exception):
    """A file could not be read or written. The message is complete and meant for the user."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        self.message = messages.storage_message(code, **params)
        super().__init__(self.message)


class DefinitionError(Exception):
    """A form definition in resources/forms is inconsistent: a bug of the shipped data, not of
    the user's input."""
