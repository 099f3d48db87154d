"""`python -m hbaccept_gui` is the same program as the `hbaccept` command."""

import sys

from hbaccept_gui.cli import main

sys.exit(main())
