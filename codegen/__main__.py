import sys

from .fastpath import main

sys.exit(main())
