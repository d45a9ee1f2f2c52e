"""Write examples/roster.csv and examples/roster.xlsx from the clients in examples/clients.yaml.

Run after the example clients or the client fields change:

    .venv/bin/python tools/make_roster_examples.py

The columns come from the client model, so new fields appear without editing this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kap_consent.client_files import client_items
from kap_consent.models import Client
from kap_consent.output import write_file
from kap_consent.readers import read_data
from kap_consent.roster_template import roster_csv, roster_xlsx

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def main() -> None:
    """Write both example rosters next to the example client file."""
    records, _ = client_items(read_data(EXAMPLES / "clients.yaml"))
    for name, make in (("roster.csv", roster_csv), ("roster.xlsx", roster_xlsx)):
        path = write_file(EXAMPLES / name, make(Client, records), force=True)
        path.chmod(0o644)  # example files are shared, not client data
        sys.stdout.write(f"{path.name}: {len(records)} clients\n")


if __name__ == "__main__":
    main()
