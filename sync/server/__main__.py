"""``python -m sync.server`` runs the ``kiosk-server`` command."""

import sys

from sync.server.cli import main

sys.exit(main())
