"""hbaccept (验收材料填报助手): fill in the yearly acceptance paperwork of the Hebei Smart Library and
Public Culture Cloud projects offline, and export it stamp-ready."""

__version__ = "0.1.0"
APP_NAME = "验收材料填报助手"
