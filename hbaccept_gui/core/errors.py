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
    """A form definition in resources/forms is broken: a bug of the shipped data, not of the
    user's input. The English message names the file, the table and the key for the maintainer;
    `user_message` is what the window and the command line show (「表格定义有误：…」)."""

    def __init__(self, message: str, file: str = "") -> None:
        self.file = file
        super().__init__(f"{file}: {message}" if file else message)

    @property
    def user_message(self) -> str:
        return messages.definition_message(str(self))
