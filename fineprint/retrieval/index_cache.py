"""The search index's disk cache, in formats that cannot run code when loaded.

Why not pickle: the cache lives in the data directory, which docker-compose shares between the
ingest and bot containers; whoever can write a pickle there runs code in the bot. So the
index is written as JSON (structure, clauses, registry, weights), NumPy `.npy` arrays loaded
with `allow_pickle=False`, and bm25s's own save format (JSON + `.npy`, no pickle).
A tampered cache can at worst make the index wrong until the next generation, never execute.

The encoding is generic over the index's dataclass fields (so new fields need no code here):
JSON values as they are; dates, tuples, sets, non-string-keyed dicts and dataclasses tagged;
a list of one dataclass stored column by column (20k clauses load in a fraction of a second);
arrays by reference to their `.npy` files. Dataclasses are rebuilt only from `fineprint.*` modules.
Anything it cannot encode (an object array, an unknown type) means no cache, not a bad one.

Each registry generation gets its own directory, written under a temporary name and renamed
into place, so a reader never sees half a cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

TAG = "$"
ARRAYS = "arrays"  # one .npy per array: no zip checksum pass over the vectors on load
META = "index.json"
BM25_DIR = "bm25"


class Unencodable(TypeError):
    """A value the safe formats cannot hold."""


def cache_dir(base: Path, registry_json: str) -> Path:
    """Where the cache for this exact registry lives (`base` names the store)."""
    digest = hashlib.sha256(registry_json.encode("utf-8")).hexdigest()[:16]
    return base.parent / f"{base.name}-{digest}"


def load(base: Path, registry_json: str, fmt: int) -> Any | None:
    """The cached index for this registry, or None (missing, stale, tampered or unreadable)."""
    folder = cache_dir(base, registry_json)
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        if meta.get("format") != fmt or meta.get("registry") != registry_json:
            return None
        return _Decoder(folder).decode(meta["index"])
    except FileNotFoundError:
        return None
    except Exception as error:  # a cache is only a shortcut: rebuild on any doubt
        log.info("ignoring the index cache at %s: %s: %s", folder, type(error).__name__, error)
        return None


def save(base: Path, index: Any, registry_json: str, fmt: int) -> None:
    """Write the cache for this registry (best effort: a failure only costs speed)."""
    folder = cache_dir(base, registry_json)
    temporary = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    try:
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        encoder = _Encoder(temporary)
        encoded = encoder.encode(index)
        (temporary / ARRAYS).mkdir()
        for key, array in encoder.arrays.items():
            np.save(temporary / ARRAYS / f"{key}.npy", array, allow_pickle=False)
        meta = {"format": fmt, "registry": registry_json, "index": encoded}
        (temporary / META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        temporary.rename(folder)
    except (OSError, Unencodable, ValueError) as error:
        log.warning("could not cache the search index at %s: %s", folder, error)
        shutil.rmtree(temporary, ignore_errors=True)
        return
    _remove_others(base, keep=folder)


def _remove_others(base: Path, keep: Path) -> None:
    """Older generations' caches (and pickles from before this format) go."""
    for other in base.parent.glob(f"{base.name}*"):
        if other == keep or other.name.startswith("."):
            continue
        try:
            if other.is_dir():
                shutil.rmtree(other)
            else:
                other.unlink()
        except OSError:
            pass


# --- encoding ------------------------------------------------------------------------------


def _class_name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


_PRIMITIVES = frozenset({type(None), bool, int, float, str})


def _is_primitive(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def _all_primitive(values: list[Any]) -> bool:
    return set(map(type, values)) <= _PRIMITIVES


class _Encoder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.arrays: dict[str, np.ndarray] = {}

    def array(self, value: np.ndarray) -> dict[str, Any]:
        if value.dtype.hasobject:
            raise Unencodable("an object array needs pickle")
        key = f"a{len(self.arrays)}"
        self.arrays[key] = value
        return {TAG: "nd", "k": key}

    def encode(self, value: Any) -> Any:
        if _is_primitive(value):
            return value
        if isinstance(value, np.ndarray):
            return self.array(value)
        if isinstance(value, np.generic):
            return {TAG: "np", "k": self.array(np.asarray(value))["k"]}
        if isinstance(value, date):
            return {TAG: "date", "v": value.isoformat()}
        if isinstance(value, tuple):
            return {TAG: "tuple", "v": [self.encode(item) for item in value]}
        if isinstance(value, (set, frozenset)):
            kind = "set" if isinstance(value, set) else "frozenset"
            return {TAG: kind, "v": [self.encode(item) for item in sorted(value, key=repr)]}
        if isinstance(value, list):
            return self.sequence(value)
        if isinstance(value, dict):
            return self.mapping(value)
        return self.instance(value)

    def mapping(self, value: dict[Any, Any]) -> Any:
        """Arrays by name as one array; string keys as a JSON object; other keys as pairs."""
        if _is_array_map(value):
            keys = list(value)
            joined = np.concatenate([value[key] for key in keys])
            offsets = np.cumsum([len(value[key]) for key in keys])[:-1].tolist()
            return {TAG: "ndmap", "keys": keys, "k": self.array(joined)["k"], "at": offsets}
        if all(isinstance(key, str) for key in value) and TAG not in value:
            return {key: self.encode(item) for key, item in value.items()}
        return {TAG: "map", "v": [[self.encode(k), self.encode(v)] for k, v in value.items()]}

    def instance(self, value: Any) -> Any:
        """A dataclass by its fields, a bm25s index by its own pickle-free files."""
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = {f.name: self.encode(getattr(value, f.name)) for f in _fields(value)}
            return {TAG: "dc", "cls": _class_name(type(value)), "v": fields}
        if type(value).__module__.split(".")[0] == "bm25s":
            value.save(str(self.folder / BM25_DIR), allow_pickle=False)
            return {TAG: "bm25"}
        raise Unencodable(f"cannot cache a {type(value).__name__}")

    def sequence(self, values: list[Any]) -> Any:
        kinds = {type(item) for item in values}
        if len(kinds) == 1 and dataclasses.is_dataclass(values[0]):
            kind = kinds.pop()
            columns = {
                f.name: self.column([getattr(item, f.name) for item in values])
                for f in _fields(values[0])
            }
            return {TAG: "dcs", "cls": _class_name(kind), "n": len(values), "cols": columns}
        return [self.encode(item) for item in values]

    def column(self, values: list[Any]) -> Any:
        if _all_primitive(values):
            return {TAG: "col", "v": values}
        if all(type(item) is date for item in values):
            return {TAG: "datecol", "v": [item.isoformat() for item in values]}
        if all(type(item) is tuple and all(isinstance(x, str) for x in item) for item in values):
            return {TAG: "strtuplecol", "v": [list(item) for item in values]}
        return {TAG: "anycol", "v": [self.encode(item) for item in values]}


def _is_array_map(value: dict[Any, Any]) -> bool:
    """A dict of str -> 1-d arrays of one dtype (rows per version): stored as one array, as
    ~150 small arrays cost far more to load than their bytes."""
    if not value or not all(isinstance(key, str) for key in value):
        return False
    arrays = list(value.values())
    return all(
        isinstance(item, np.ndarray) and item.ndim == 1 and item.dtype == arrays[0].dtype
        for item in arrays
    )


def _fields(value: Any) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(value)


# --- decoding ------------------------------------------------------------------------------


def _dataclass(name: str) -> type:
    """Only this package's dataclasses may be rebuilt from a cache file."""
    module, _, qualname = name.partition(":")
    if not module.startswith("fineprint.") or not qualname.isidentifier():
        raise ValueError(f"refusing to rebuild {name!r} from the cache")
    cls = getattr(importlib.import_module(module), qualname)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"{name!r} is not a dataclass")
    return cls


def _build(cls: type, values: dict[str, Any]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    if set(values) - set(fields):
        raise ValueError(f"unknown fields for {cls.__name__}")
    made = cls(**{name: value for name, value in values.items() if fields[name].init})
    for name, value in values.items():
        if not fields[name].init:
            object.__setattr__(made, name, value)
    return made


class _Decoder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # what each `TAG` value decodes with (the encoder's counterparts)
        self.tagged: dict[str, Callable[[dict[str, Any]], Any]] = {
            "nd": lambda value: self.array(value["k"]),
            "ndmap": self.array_map,
            "np": lambda value: self.array(value["k"])[()],
            "date": lambda value: date.fromisoformat(value["v"]),
            "tuple": lambda value: tuple(self.decode(item) for item in value["v"]),
            "set": lambda value: {self.decode(item) for item in value["v"]},
            "frozenset": lambda value: frozenset(self.decode(item) for item in value["v"]),
            "map": self.map,
            "dc": lambda value: _build(
                _dataclass(value["cls"]), {k: self.decode(v) for k, v in value["v"].items()}
            ),
            "dcs": self.dataclasses,
            "bm25": self.bm25,
        }

    def array(self, key: Any) -> np.ndarray:
        if not (isinstance(key, str) and key.isalnum()):
            raise ValueError(f"bad array key {key!r}")
        loaded: np.ndarray = np.load(self.folder / ARRAYS / f"{key}.npy", allow_pickle=False)
        return loaded

    def decode(self, value: Any) -> Any:
        if _is_primitive(value):
            return value
        if isinstance(value, list):
            return [self.decode(item) for item in value]
        if not isinstance(value, dict):
            raise ValueError("unexpected JSON value")
        tag = value.get(TAG)
        if tag is None:
            return {key: self.decode(item) for key, item in value.items()}
        tagged = self.tagged.get(tag) if isinstance(tag, str) else None
        if tagged is None:
            raise ValueError(f"unknown tag {tag!r}")
        return tagged(value)

    def array_map(self, value: dict[str, Any]) -> dict[str, np.ndarray]:
        keys, parts = value["keys"], np.split(self.array(value["k"]), value["at"])
        if len(keys) != len(parts) or not all(isinstance(key, str) for key in keys):
            raise ValueError("a broken array map")
        return dict(zip(keys, parts, strict=True))

    def map(self, value: dict[str, Any]) -> dict[Any, Any]:
        pairs = value["v"]
        flat = [item for pair in pairs for item in pair]
        if len(flat) == 2 * len(pairs) and _all_primitive(flat):  # e.g. {row: row}
            return dict(zip(flat[0::2], flat[1::2], strict=True))
        return {self.decode(k): self.decode(v) for k, v in pairs}

    def bm25(self, value: dict[str, Any]) -> Any:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.NOTSET)  # it pins DEBUG on import
        return bm25s.BM25.load(str(self.folder / BM25_DIR), allow_pickle=False)

    def dataclasses(self, value: dict[str, Any]) -> list[Any]:
        cls = _dataclass(value["cls"])
        count = int(value["n"])
        columns = {name: self.column(column) for name, column in value["cols"].items()}
        if any(len(column) != count for column in columns.values()):
            raise ValueError("columns of different lengths")
        order = [f.name for f in dataclasses.fields(cls) if f.init]
        if list(columns) == order:  # the usual case: positional, the fastest way to build
            return [cls(*row) for row in self.rows(columns)]
        return [_build(cls, dict(zip(columns, row, strict=True))) for row in self.rows(columns)]

    @staticmethod
    def rows(columns: dict[str, list[Any]]) -> list[tuple[Any, ...]]:
        return list(zip(*columns.values(), strict=True)) if columns else []

    def column(self, column: dict[str, Any]) -> list[Any]:
        tag, values = column[TAG], column["v"]
        if tag == "col":
            if not _all_primitive(values):
                raise ValueError("a plain column holds structures")
            return list(values)
        if tag == "datecol":
            return [date.fromisoformat(item) for item in values]
        if tag == "strtuplecol":
            if not all(_all_primitive(item) for item in values):
                raise ValueError("a tuple column holds structures")
            return [tuple(item) for item in values]
        if tag == "anycol":
            return [self.decode(item) for item in values]
        raise ValueError(f"unknown column tag {tag!r}")
