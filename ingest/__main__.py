"""`python -m ingest [ARGS…]` is `fineprint ingest [ARGS…]`.

An entry point, not part of the ingest layer: it hands over to the command line on top, the
one import from `ingest` upwards that the layer contract allows (pyproject [tool.importlinter]).
"""

import sys

from cli.main import app


def main() -> None:
    app(["ingest", *sys.argv[1:]], prog_name="python -m ingest")


if __name__ == "__main__":
    main()
