"""`python -m service` runs the `jifen` command line."""

from service.cli import main

# Guarded: a reader process (spawned) imports this module again and must not run the CLI.
if __name__ == "__main__":
    main()
