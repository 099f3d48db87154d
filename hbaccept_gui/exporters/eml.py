"""The email draft (.eml) to the province's mailbox with the Word and PDF files attached.

Outlook and Foxmail open a message marked `X-Unsent: 1` as a draft ready to send. Chinese file
names must survive: RFC 2231 `filename*` alone shows as ATT0000x.dat in several Outlook versions,
so each attachment also carries the RFC 2047 `name="=?utf-8?b?…?="` on Content-Type, as MimeKit and
nodemailer write it. The modern `EmailMessage` API cannot keep that: on writing, its policy decodes
the encoded words and folds them back as RFC 2231 `name*0*=` continuations. So the message is built
with the classic `email.mime` classes, whose headers are written as given (folded between encoded
words only)."""

from __future__ import annotations

import mimetypes
from email import encoders
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate
from pathlib import Path

MIME_TYPES = {
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pdf": ("application", "pdf"),
    ".zip": ("application", "zip"),
}


def build_message(to: str, subject: str, body: str, attachments: list[Path]) -> Message:
    message = MIMEMultipart()
    message["To"] = to
    message["Subject"] = Header(subject, "utf-8")
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"
    message.attach(MIMEText(body, "plain", "utf-8"))  # utf-8 text is base64 in the classic API
    for path in attachments:
        message.attach(_attachment(path))
    return message


def _attachment(path: Path) -> MIMEBase:
    maintype, subtype = MIME_TYPES.get(path.suffix.lower(), _guess(path))
    # A long name is several encoded words; within the quoted parameter they are separated by spaces.
    encoded = Header(path.name, "utf-8").encode().replace("\n", "").replace("\r", "")
    part = MIMEBase(maintype, subtype, name=encoded)
    part.set_payload(path.read_bytes())
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", path.name))
    return part


def _guess(path: Path) -> tuple[str, str]:
    guessed, _encoding = mimetypes.guess_type(path.name)
    return tuple((guessed or "application/octet-stream").split("/", 1))


def write_eml(message: Message, path: Path) -> Path:
    path.write_bytes(message.as_bytes())
    return path
