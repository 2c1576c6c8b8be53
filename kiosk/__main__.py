"""``python -m kiosk`` runs the CLI."""

import sys

from kiosk.cli.main import main

sys.exit(main())
