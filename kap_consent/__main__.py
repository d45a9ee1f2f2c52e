"""Run the command line as `python -m kap_consent`."""

from .quick import main

if __name__ == "__main__":  # worker processes import this module again; they must not run it
    main()
