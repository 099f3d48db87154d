"""The email draft (.eml) to the province's mailbox with the Word and PDF files attached, and its
body (`submission_body`), which names exactly what is attached.

Outlook and Foxmail open a message marked `X-Unsent: 1` as a draft ready to send. Chinese file
names must survive: RFC 2231 `filename*` alone shows as ATT0000x.dat in several Outlook versions,
so each attachment also carries the RFC 2047 `name="=?utf-8?b?…?="` on Content-Type, as MimeKit and
nodemailer write it. The modern `EmailMessage` API cannot keep that: on writing, its policy decodes
the encoded words and folds them back as RFC 2231 `name*0*=` continuations. So the message is built
with the classic `email.mime` classes, whose headers are written as given (folded between encoded
words only).

Attachments are most of the draft (about 0.7 MB for the demo) and the standard library is slow
with them: `set_payload(bytes)` stores them decoded with surrogate escapes, which
`encoders.encode_base64` encodes back before encoding them, and the generator scans every body
twice and writes it line by line in Python. So an attachment is base64-encoded directly from its
bytes, as `encode_base64` would (`base64.encodebytes`), and `write_eml` splices the bodies into the
generated text: the same bytes in a third of the time."""

from __future__ import annotations

import base64
import mimetypes
import re
import uuid
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


#: The stamped PDFs that `hbaccept_gui.scans` assembles end so: 「附件3_…（盖章版）.pdf」.
STAMPED_SUFFIX = "（盖章版）.pdf"


def attachment_kinds(attachments: list[Path]) -> str:
    """What the attachments are, in the notice's words, and nothing they are not: 「盖章扫描件及 Word
    版」 only when stamped scans are attached; our own PDFs are 「PDF 版（未盖章）」."""
    names = [p.name for p in attachments]
    stamped = any(n.endswith(STAMPED_SUFFIX) for n in names)
    unstamped_pdf = any(n.lower().endswith(".pdf") and not n.endswith(STAMPED_SUFFIX) for n in names)
    kinds = []
    if stamped:
        kinds.append("盖章扫描件")
    if unstamped_pdf:
        kinds.append("PDF 版（未盖章）")
    if any(n.lower().endswith(".docx") for n in names):
        kinds.append("Word 版")
    if not kinds:
        return "（无附件）"
    last = kinds[-1]
    joined = "及" + (" " if last[0].isascii() else "") + last  # 「盖章扫描件及 Word 版」, as the notice spaces it
    return "、".join(kinds[:-1]) + joined if len(kinds) > 1 else last


def submission_body(unit: str, year: int, programmes: str, contact: str, phone: str,
                    attachments: list[Path]) -> str:
    """The draft's text: what is handed in, the attachments by kind and by name, and, while no
    stamped scan is attached, that the stamped versions are still to come: a draft that says
    「盖章扫描件」 over unstamped PDFs would be sent as it is."""
    kinds = attachment_kinds(attachments)
    lines = ["省厅公共服务处：", "",
             f"    现报送{unit}{year}年度{programmes}验收材料，包括总结报告、任务指标完成情况表、"
             f"完成情况明细表和绩效自评表（{kinds}），请审阅。"]
    if not any(p.name.endswith(STAMPED_SUFFIX) for p in attachments):
        lines.append("    加盖公章的扫描件待盖章后另行报送。")
    lines += ["", "附件："] + [f"{n}. {p.name}" for n, p in enumerate(attachments, 1)]
    lines += ["", unit, f"联系人：{contact}  联系电话：{phone}", ""]
    return "\n".join(lines)


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
    part.set_payload(base64.encodebytes(path.read_bytes()).decode("ascii"))
    part["Content-Transfer-Encoding"] = "base64"  # both as encoders.encode_base64 sets them
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", path.name))
    return part


def _guess(path: Path) -> tuple[str, str]:
    guessed, _encoding = mimetypes.guess_type(path.name)
    return tuple((guessed or "application/octet-stream").split("/", 1))


def write_eml(message: Message, path: Path) -> Path:
    """Write `message` as the generator does, with each base64 body generated as a one-line
    placeholder and put in afterwards, in the lines the generator would have written. The
    message's bodies are restored before this returns."""
    linesep = message.policy.linesep
    marker = f"hbaccept-body-{uuid.uuid4().hex}-"
    parts = [part for part in message.walk()
             if not part.is_multipart() and part.get("Content-Transfer-Encoding") == "base64"]
    bodies = [part.get_payload() for part in parts]
    try:
        for number, part in enumerate(parts):
            part.set_payload(f"{marker}{number}\n")
        text = message.as_bytes()
    finally:
        for part, body in zip(parts, bodies):
            part.set_payload(body)
    encoded = [body.replace("\n", linesep).encode("ascii") for body in bodies]
    pattern = re.compile(re.escape(marker.encode("ascii")) + rb"(\d+)" + re.escape(linesep.encode("ascii")))
    path.write_bytes(pattern.sub(lambda match: encoded[int(match[1])], text))
    return path
