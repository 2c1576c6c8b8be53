"""``python -m ui`` runs the kiosk UI on the default config (same as ``kiosk run``)."""

import sys

from ui.runtime import main

sys.exit(main())
