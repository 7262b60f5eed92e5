"""``python -m cleaner.cli``: the ``cleaner`` command."""

import sys

from .commands import main

sys.exit(main())
