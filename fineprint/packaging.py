"""Fineprint installs four top-level packages — `fineprint`, `ingest`, `bot`, `cli` — and the
last three are common names. Another distribution that also installs a top-level `ingest`,
`bot` or `cli` into the same environment would silently shadow or overwrite ours, so the entry
points check that each comes from beside `fineprint` and stop with a clear message when one
does not.
(Decision, README "Install": keep the layout's top-level packages; install Fineprint in its
own virtual environment, which `make setup`, pipx and Docker all do.)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

OWN_PACKAGES = ("ingest", "bot", "cli")


class PackageClashError(RuntimeError):
    """A top-level package of Fineprint's comes from another distribution."""


def check_own_packages() -> None:
    home = Path(__file__).resolve().parent.parent
    for name in OWN_PACKAGES:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin).resolve() if spec and spec.origin else None
        if origin is None or origin.parent.parent != home:
            raise PackageClashError(
                f"the package {name!r} found at {origin or 'nowhere'} is not Fineprint's "
                f"(expected {home / name}); another installed distribution uses the same "
                "name: install Fineprint in its own virtual environment"
            )
