"""Stamped scans back in (issue #16): read the page code of every scanned page, sort the pages into
the documents of today's export, say what is missing, doubled, foreign, printed before the figures
changed or not stamped, and assemble one 「（盖章版）」 PDF per complete document.

No Qt here: the window's dialog and `hbaccept scans` both call `check_scans` and `write_stamped`.

  sources   scanner PDFs, photos and TIFFs → page images
  reader    the page code on a page, and which way up the page is
  seal      is there red ink where the seal goes
  sorting   pages → documents, with the findings a clerk reads
  assemble  the stamped PDFs, under a size limit, written atomically"""

from hbaccept_gui.scans.sorting import Expected, ScanResult, check_scans, expected_documents  # noqa: F401
from hbaccept_gui.scans.assemble import write_stamped  # noqa: F401
