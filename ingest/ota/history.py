"""Reading an Open Terms Archive `*-versions` repository's history with the `git` command.

The engine writes one Markdown file per document at `<Service>/<Terms type>.md`; every commit
that touches a file is one recorded capture of it, dated by the commit. `read_log` walks the
history once (metadata only: commits, paths, blob ids), following renames so a document keeps
its history when its service or type is renamed; `BlobReader` then streams the texts of one
document at a time through a single `git cat-file --batch`, so a dataset of hundreds of
services never sits in memory whole.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import IO

_EMPTY_BLOB = "0" * 40
_FIELDS = "\x1f"


class OtaError(Exception):
    """The path is not a readable versions repository (the message says why and names it)."""


class CommitKind(Enum):
    """What the engine's commit message says the commit is."""

    START = "start"  # `Start tracking …` / `First record of …`
    CHANGE = "change"  # `Record new changes of …` / `Update …`
    UPGRADE = "upgrade"  # `Apply technical or declaration upgrade on …` / `Refilter …`
    OTHER = "other"  # anything else (a README edit, a hand-made commit)


_PREFIXES = (
    ("Start tracking ", CommitKind.START),
    ("First record of ", CommitKind.START),
    ("Record new changes of ", CommitKind.CHANGE),
    ("Update ", CommitKind.CHANGE),
    ("Apply technical or declaration upgrade on ", CommitKind.UPGRADE),
    ("Refilter ", CommitKind.UPGRADE),
)


def commit_kind(subject: str) -> CommitKind:
    for prefix, kind in _PREFIXES:
        if subject.startswith(prefix):
            return kind
    return CommitKind.OTHER


class ServicePath:
    """What an OTA path names: `<Service>/<Terms type>.md`."""

    __slots__ = ()
    path: str

    @property
    def service(self) -> str:
        return PurePosixPath(self.path).parts[0]

    @property
    def terms_type(self) -> str:
        return PurePosixPath(self.path).stem


@dataclass(frozen=True, slots=True)
class Capture(ServicePath):
    """One recorded capture of one document: the file at one commit."""

    commit: str
    recorded_at: datetime  # the commit's date, UTC
    kind: CommitKind
    path: str  # `<Service>/<Terms type>.md` as the commit wrote it
    blob: str


@dataclass
class DocumentLog(ServicePath):
    """Every capture of one document, oldest first, under the path it has now."""

    path: str
    captures: list[Capture] = field(default_factory=list)
    deleted_in: str | None = None  # the commit that removed it (no longer tracked)


@dataclass
class DatasetLog:
    """The history of a versions repository: its documents and its commits, oldest first."""

    head: str
    documents: dict[str, DocumentLog]  # by current path
    commits: list[str]

    def live(self) -> list[DocumentLog]:
        """Documents the dataset still tracks (present at its head)."""
        return [doc for doc in self.documents.values() if doc.deleted_in is None]


def git(repo: Path, *args: str, input_text: str | None = None) -> str:
    """Run `git -C repo …` and return its output; OtaError naming the repo on failure."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            text=True,
            check=False,
            input=input_text,
        )
    except FileNotFoundError:
        raise OtaError("the `git` command is not installed") from None
    if done.returncode != 0:
        problem = done.stderr.strip().splitlines()
        raise OtaError(
            f"{repo}: git {args[0]} failed: {problem[-1] if problem else done.returncode}"
        )
    return done.stdout


def head_commit(repo: Path) -> str:
    if not (repo / ".git").exists() and not (repo / "HEAD").exists():
        raise OtaError(f"{repo}: not a git repository (clone a *-versions dataset there)")
    return git(repo, "rev-parse", "HEAD").strip()


def is_document_path(path: str) -> bool:
    """`<Service>/<Terms type>.md`: two parts, Markdown; README.md and the like are not."""
    parts = PurePosixPath(path).parts
    return len(parts) == 2 and parts[1].endswith(".md") and not parts[0].startswith(".")


def read_log(repo: Path) -> DatasetLog:
    """The whole history's metadata (no file contents), renames followed."""
    head = head_commit(repo)
    out = git(
        repo,
        "log",
        "--reverse",
        "--topo-order",
        "--no-merges",
        "-M",
        "--raw",
        "--no-abbrev",
        f"--format=@@%H{_FIELDS}%aI{_FIELDS}%s",
    )
    return _parse_log(out, head)


def _parse_log(out: str, head: str) -> DatasetLog:
    documents: dict[str, DocumentLog] = {}
    commits: list[str] = []
    commit, when, kind = "", datetime.min.replace(tzinfo=UTC), CommitKind.OTHER
    for line in out.splitlines():
        if line.startswith("@@"):
            commit, stamp, subject = line[2:].split(_FIELDS, 2)
            when = datetime.fromisoformat(stamp).astimezone(UTC)
            kind = commit_kind(subject)
            commits.append(commit)
        elif line.startswith(":"):
            meta, _, names = line.partition("\t")
            status, blob = meta.split()[4], meta.split()[3]
            paths = names.split("\t")
            _apply(documents, Capture(commit, when, kind, paths[-1], blob), status, paths[0])
    return DatasetLog(head=head, documents=documents, commits=commits)


def _apply(documents: dict[str, DocumentLog], capture: Capture, status: str, old: str) -> None:
    """One file change of one commit: a capture, a rename (the history moves with the file)
    or a deletion."""
    path = capture.path
    if status.startswith("R"):
        moved = documents.pop(old, None)
        if moved is not None and is_document_path(path):
            moved.path = path
            documents[path] = moved
    if not is_document_path(path):
        return
    log = documents.setdefault(path, DocumentLog(path))
    if status.startswith("D"):
        log.deleted_in = capture.commit
        return
    log.deleted_in = None
    if capture.blob != _EMPTY_BLOB:
        log.captures.append(capture)


def commits_between(repo: Path, old: str, new: str) -> set[str]:
    """Commits reachable from `new` but not from `old` (what a pull brought)."""
    return set(git(repo, "rev-list", "--no-merges", f"{old}..{new}").split())


class BlobReader:
    """Texts of blobs by id, through one `git cat-file --batch` process (a context manager)."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> BlobReader:
        self._process = subprocess.Popen(
            ["git", "-C", str(self.repo), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        return self

    def __exit__(self, *_: object) -> None:
        process, self._process = self._process, None
        if process is not None:
            assert process.stdin is not None
            process.stdin.close()
            process.wait()

    def texts(self, blobs: Iterable[str]) -> dict[str, str]:
        """Each blob's text (UTF-8; an undecodable byte becomes U+FFFD)."""
        process = self._process
        if process is None or process.stdin is None or process.stdout is None:
            raise RuntimeError("BlobReader is used outside its `with` block")
        found: dict[str, str] = {}
        for blob in dict.fromkeys(blobs):
            process.stdin.write(f"{blob}\n".encode())
            process.stdin.flush()
            found[blob] = _read_object(process.stdout, blob, self.repo)
        return found


def _read_object(stream: IO[bytes], blob: str, repo: Path) -> str:
    header = stream.readline().decode().split()
    if len(header) != 3:
        raise OtaError(f"{repo}: blob {blob} is missing ({' '.join(header)})")
    data = stream.read(int(header[2]))
    stream.read(1)  # the newline after the object
    return data.decode("utf-8", errors="replace")
