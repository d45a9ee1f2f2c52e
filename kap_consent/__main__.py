"""Run the command line as `python -m kap_consent`."""

from .cli import main

main()
