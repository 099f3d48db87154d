"""The Qt-free heart of hbaccept: form definitions, the document model, parsing, calculations,
checks and storage. The GUI, the exporters and the CLI all go through it; it imports no Qt."""
