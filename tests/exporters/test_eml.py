"""The email draft's own writer: attachments are base64-encoded from their bytes and spliced into
the generated text, so check that what comes out is what the standard library would write and
what a mail program reads back."""

from __future__ import annotations

import email
import os
from email import policy

import pytest

from hbaccept_gui.exporters.eml import build_message, write_eml

SIZES = (0, 1, 56, 57, 58, 114, 5_000, 200_001)  # around base64's 57-byte lines and the empty file


@pytest.fixture
def attachments(tmp_path):
    files = []
    for size in SIZES:
        path = tmp_path / f"附件_{size}字节_关于2024年度全国智慧图书馆体系建设项目有关情况的报告.pdf"
        path.write_bytes(os.urandom(size))
        files.append(path)
    return files


@pytest.fixture
def message(attachments):
    message = build_message("whtswc@163.com", "保定市图书馆2024年度验收材料", "省厅公共服务处：\n\n正文\n", attachments)
    message.set_boundary("===============0123456789==")  # otherwise chosen at random on writing
    return message


def test_written_bytes_are_what_the_generator_writes_and_the_message_is_left_as_it_was(message, tmp_path):
    expected = message.as_bytes()
    written = write_eml(message, tmp_path / "draft.eml").read_bytes()
    assert written == expected
    assert message.as_bytes() == expected  # the bodies swapped out while writing are back


def test_every_attachment_reads_back_as_its_file_in_lines_of_76(message, attachments, tmp_path):
    raw = write_eml(message, tmp_path / "draft.eml").read_bytes()
    parsed = email.message_from_bytes(raw, policy=policy.default)
    for part in parsed.iter_attachments():
        assert all(len(line) <= 76 for line in part.get_payload().split("\n"))
    read = {part.get_filename(): part.get_content() for part in parsed.iter_attachments()}
    assert read == {path.name: path.read_bytes() for path in attachments}
    assert parsed.get_body(("plain",)).get_content() == "省厅公共服务处：\n\n正文\n"
