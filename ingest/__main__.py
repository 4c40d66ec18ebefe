"""`python -m ingest [ARGS…]` is `fineprint ingest [ARGS…]`."""

import sys

from fineprint.cli import app


def main() -> None:
    app(["ingest", *sys.argv[1:]], prog_name="python -m ingest")


if __name__ == "__main__":
    main()
