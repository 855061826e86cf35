"""``python -m validator`` works as the ``accord`` command."""

import sys

from validator.cli import main

sys.exit(main())
