"""Exporters: one module per format (docx, pdf, xlsx, bundle), all rendering the format-free
layouts of `layout`. No Qt here. Each format's library (python-docx, reportlab, openpyxl) is
imported only when that format is written (tests/test_cli_imports.py); the PDF fonts are parsed
once per machine (font_cache)."""
