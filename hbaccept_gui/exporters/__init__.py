"""Exporters: one module per format (docx, pdf, xlsx, bundle), all rendering the format-free
layouts of `layout`. No Qt here."""
