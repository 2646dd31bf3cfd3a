"""`python -m service` runs the `jifen` command line."""

from service.cli import main

main()
