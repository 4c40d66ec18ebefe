"""Following a dataset: pull its repository, and remember which commit was imported last.

`<data_dir>/ota-datasets.json` records, per dataset, the clone it was imported from, the head
commit of the last import, the version policy and the services imported. `watch --ota` pulls
the clone from its origin (`git pull --ff-only`), then imports the versions of the commits
since that head only. A document whose versions come from a dataset recorded here is not
fetched live by `ingest --fetch` / `watch`: the dataset is its source (`ingest.fetch`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.ota.history import OtaError, git

STATE_FILE = "ota-datasets.json"


@dataclass(frozen=True, slots=True)
class Followed:
    """What was imported from one dataset last."""

    name: str
    repo: str
    head: str
    policy: str
    declarations: str = ""
    services: tuple[str, ...] = ()  # the services imported (none: all)


def load_state(data_dir: Path) -> dict[str, Followed]:
    try:
        data = json.loads((data_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found = {}
    for name, entry in data.items() if isinstance(data, dict) else []:
        try:
            found[name] = Followed(
                name=name, **{**entry, "services": tuple(entry.get("services", ()))}
            )
        except (TypeError, AttributeError):
            continue
    return found


def save_state(data_dir: Path, followed: Followed) -> None:
    """Record `followed` (written atomically; other datasets' entries kept)."""
    state = load_state(data_dir)
    state[followed.name] = followed
    data: dict[str, Any] = {
        name: {
            "repo": entry.repo,
            "head": entry.head,
            "policy": entry.policy,
            "declarations": entry.declarations,
            "services": list(entry.services),
        }
        for name, entry in sorted(state.items())
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / STATE_FILE
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def pull(repo: Path) -> None:
    """Bring the clone up to its origin (fast-forward only: a dataset's history is append
    only; a clone with local commits is an error to fix by hand)."""
    if not git(repo, "remote").split():
        raise OtaError(f"{repo}: has no remote to pull from (clone the dataset, do not copy it)")
    git(repo, "pull", "--ff-only", "--quiet")


def is_ancestor(repo: Path, old: str, new: str) -> bool:
    try:
        git(repo, "merge-base", "--is-ancestor", old, new)
    except OtaError:
        return False
    return True
