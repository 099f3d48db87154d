"""The email draft (.eml) to the province's mailbox with the Word and PDF files attached.

Outlook and Foxmail open a message marked `X-Unsent: 1` as a draft ready to send. Chinese file
names must survive: `add_attachment` writes only RFC 2231 `filename*`, which several Outlook
versions show as ATT0000x.dat, so the RFC 2047 `name=` of Content-Type is given as well."""

from __future__ import annotations

import mimetypes
from email.header import Header
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

MIME_TYPES = {
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pdf": ("application", "pdf"),
    ".zip": ("application", "zip"),
}


def build_message(to: str, subject: str, body: str, attachments: list[Path]) -> EmailMessage:
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"
    message.set_content(body, charset="utf-8", cte="base64")
    for path in attachments:
        _attach(message, path)
    return message


def _attach(message: EmailMessage, path: Path) -> None:
    maintype, subtype = MIME_TYPES.get(path.suffix.lower(), _guess(path))
    message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    part = message.get_payload()[-1]
    # A long name folds into several encoded words; a parameter must stay on one line.
    encoded = Header(path.name, "utf-8").encode().replace("\n", "").replace("\r", "")
    part.set_param("name", encoded, header="Content-Type")


def _guess(path: Path) -> tuple[str, str]:
    guessed, _encoding = mimetypes.guess_type(path.name)
    return tuple((guessed or "application/octet-stream").split("/", 1))


def write_eml(message: EmailMessage, path: Path) -> Path:
    path.write_bytes(bytes(message))
    return path
