"""Run the command line as `python -m kap_consent`."""

from .quick import main

main()
