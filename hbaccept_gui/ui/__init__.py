"""The Qt layer: the main window, table models over the core document, delegates, dialogs, undo.
Widgets never read or write files: they call the session, which calls the core."""
