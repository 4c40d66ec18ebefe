"""The search index's disk cache, in formats that cannot run code when loaded.

Why not pickle: the cache lives in the data directory, which docker-compose shares between the
ingest and bot containers; whoever can write a pickle there runs code in the bot. So the
index is written as JSON (structure, clauses, registry, weights), NumPy `.npy` arrays loaded
with `allow_pickle=False`, and bm25s's own save format (JSON + `.npy`, no pickle).
A tampered cache can at worst make the index wrong until the next generation, never execute.

The encoding is generic over the index's dataclass fields (so new fields need no code here):
JSON values as they are; dates, tuples, sets, non-string-keyed dicts and dataclasses tagged;
arrays by reference to their `.npy` files. Dataclasses are rebuilt only from `fineprint.*` modules.
Anything it cannot encode (an object array, an unknown type) means no cache, not a bad one.

The bulk is binary, so that loading does not hold the GIL for long at a time (the bot loads on
a worker thread, and a thread inside one long C call such as `json.loads` stalls the event loop
for all of it: 20-40 ms for format 10's 14.6 MB of JSON; the garbage collector's longer stall is
`index.keep_out_of_collections`'s to avoid): a list of one dataclass is stored column by column,
and a column (or a long list, or a large dict of plain keys and values) as arrays — strings as
one UTF-8 byte array and their offsets, numbers, booleans and dates (ordinals) as arrays of
their own, a column with many repeats (platform, document, date, section path) as its distinct
values and a code per row. `np.load` reads a file with the GIL released, and the objects are
made in short Python steps that let the loop run between them. What stays JSON is small.

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
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

log = logging.getLogger(__name__)

TAG = "$"
LONG = 256  # a list or dict this long (of plain values) is stored as arrays, not JSON
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
    if not (folder / META).is_file():
        return None  # not cached yet
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        if meta.get("registry") != registry_json:
            return None
        if meta.get("format") != fmt:
            log.info(
                "rebuilding the index cache at %s: format %s, not %s",
                folder,
                meta.get("format"),
                fmt,
            )
            return None
        return _Decoder(folder).decode(meta["index"])
    except Exception as error:  # a cache is only a shortcut: rebuild on any doubt
        log.info("ignoring the index cache at %s: %s: %s", folder, type(error).__name__, error)
        return None


def load_any(base: Path, fmt: int) -> Any | None:
    """The cached index of any generation of this store (the newest written), or None: what
    a new generation's build takes its unchanged versions from."""
    folders = [
        folder
        for folder in base.parent.glob(f"{base.name}-*")
        if folder.is_dir() and (folder / META).is_file()
    ]
    for folder in sorted(folders, key=lambda f: (f / META).stat().st_mtime, reverse=True):
        try:
            meta = json.loads((folder / META).read_text(encoding="utf-8"))
            if meta.get("format") != fmt:
                continue
            return _Decoder(folder).decode(meta["index"])
        except Exception as error:  # a shortcut only: build from the store instead
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
        if _plain_map(value):
            return {
                TAG: "cols",
                "keys": self.column(list(value)),
                "v": self.column([*value.values()]),
            }
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
        if len(values) >= LONG and len(kinds) == 1 and kinds <= _COLUMN_KINDS:
            return {TAG: "list", "c": self.column(values)}
        return [self.encode(item) for item in values]

    def column(self, values: list[Any]) -> Any:
        """A column as arrays where its values allow, else as JSON (`_Decoder.column`)."""
        kinds = {type(item) for item in values}
        kind = kinds.pop() if len(kinds) == 1 else None
        if kind is tuple and not all(isinstance(x, str) for item in values for x in item):
            kind = None
        if kind in (str, date, tuple):
            distinct = list(dict.fromkeys(values))
            if 2 * len(distinct) <= len(values):  # repeats: the values once, a code per row
                code = {value: n for n, value in enumerate(distinct)}
                codes = np.fromiter((code[item] for item in values), np.int64, len(values))
                return {TAG: "cat", "v": self.column(distinct), "k": self.key(codes)}
        if kind is str:
            return self.strings(values)
        if kind is tuple:  # of strings: all of them in one column, and each tuple's length
            flat = [x for item in values for x in item]
            lengths = np.fromiter(map(len, values), np.int64, len(values))
            return {TAG: "tuples", "v": self.column(flat), "k": self.key(lengths)}
        if kind is date:
            ordinals = np.fromiter((item.toordinal() for item in values), np.int64, len(values))
            return {TAG: "dates", "k": self.key(ordinals)}
        if kind in _NUMBER_DTYPES and (kind is not int or _fits_int64(values)):
            return {TAG: "nums", "k": self.key(np.asarray(values, dtype=_NUMBER_DTYPES[kind]))}
        if _all_primitive(values):
            return {TAG: "col", "v": values}
        return {TAG: "anycol", "v": [self.encode(item) for item in values]}

    def strings(self, values: list[str]) -> dict[str, Any]:
        """Strings as their UTF-8 bytes, end to end, and where each starts (and the last ends)."""
        encoded = [value.encode("utf-8") for value in values]
        offsets = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum([len(item) for item in encoded], out=offsets[1:])
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        return {TAG: "strs", "k": self.key(data), "at": self.key(offsets)}

    def key(self, array: np.ndarray) -> str:
        key: str = self.array(array)["k"]
        return key


_NUMBER_DTYPES: dict[type, type] = {bool: np.bool_, int: np.int64, float: np.float64}
_COLUMN_KINDS = frozenset({str, date, *_NUMBER_DTYPES})


def _fits_int64(values: list[int]) -> bool:
    bounds = np.iinfo(np.int64)
    return bounds.min <= min(values) and max(values) <= bounds.max


def _plain_map(value: dict[Any, Any]) -> bool:
    """A large dict of plain keys and values of one type each (token weights): as columns."""
    if len(value) < LONG:
        return False
    keys, values = {type(k) for k in value}, {type(v) for v in value.values()}
    return len(keys) == 1 == len(values) and (keys | values) <= _COLUMN_KINDS


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
    """Rebuilds what `_Encoder` wrote. Its dispatch tables name methods rather than hold bound
    ones, so a decoder is no reference cycle: it is freed as soon as the load returns."""

    # what each `TAG` value decodes with (the encoder's counterparts)
    TAGGED: ClassVar[dict[str, str]] = {
        **dict.fromkeys(["nd", "np", "date", "tuple", "set", "frozenset", "dc"], "small"),
        "ndmap": "array_map",
        "map": "map",
        "dcs": "dataclasses",
        "list": "listed",
        "cols": "columns_map",
        "bm25": "bm25",
    }
    # what each column's `TAG` decodes with (`_Encoder.column`'s counterparts)
    COLUMNS: ClassVar[dict[str, str]] = {
        "col": "plain_column",
        "anycol": "any_column",
        "strs": "strings",
        "cat": "categories",
        "tuples": "tuples",
        "dates": "dates",
        "nums": "numbers",
    }

    def __init__(self, folder: Path) -> None:
        self.folder = folder

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
        method = self.TAGGED.get(tag) if isinstance(tag, str) else None
        if method is None:
            raise ValueError(f"unknown tag {tag!r}")
        return getattr(self, method)(value)

    def small(self, value: dict[str, Any]) -> Any:
        """A single value's tags: an array, a NumPy scalar, a date, a tuple, a set, an object."""
        tag = value[TAG]
        if tag in ("nd", "np"):
            array = self.array(value["k"])
            return array if tag == "nd" else array[()]
        if tag == "date":
            return date.fromisoformat(value["v"])
        if tag == "dc":
            fields = {k: self.decode(v) for k, v in value["v"].items()}
            return _build(_dataclass(value["cls"]), fields)
        items = [self.decode(item) for item in value["v"]]
        return {"tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)

    def listed(self, value: dict[str, Any]) -> list[Any]:
        return self.column(value["c"])

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
        if not columns:
            return [cls() for _ in range(count)]
        if list(columns) == order:  # the usual case: positional, the fastest way to build
            return list(map(cls, *columns.values()))
        rows = zip(*columns.values(), strict=True)
        return [_build(cls, dict(zip(columns, row, strict=True))) for row in rows]

    def columns_map(self, value: dict[str, Any]) -> dict[Any, Any]:
        keys, values = self.column(value["keys"]), self.column(value["v"])
        if len(keys) != len(values):
            raise ValueError("a map of keys and values of different lengths")
        return dict(zip(keys, values, strict=True))

    def column(self, column: Any) -> list[Any]:
        tag = column.get(TAG) if isinstance(column, dict) else None
        method = self.COLUMNS.get(tag) if isinstance(tag, str) else None
        if method is None:
            raise ValueError(f"unknown column tag {tag!r}")
        values: list[Any] = getattr(self, method)(column)
        return values

    def any_column(self, column: dict[str, Any]) -> list[Any]:
        return [self.decode(item) for item in column["v"]]

    def dates(self, column: dict[str, Any]) -> list[date]:
        return [date.fromordinal(n) for n in self.vector(column["k"], "i").tolist()]

    @staticmethod
    def plain_column(column: dict[str, Any]) -> list[Any]:
        values = column["v"]
        if not (isinstance(values, list) and _all_primitive(values)):
            raise ValueError("a plain column holds structures")
        return list(values)

    def vector(self, key: Any, kinds: str) -> np.ndarray:
        """A 1-d array of one of these dtype kinds ("i": integers, "u": unsigned...)."""
        array = self.array(key)
        if array.ndim != 1 or array.dtype.kind not in kinds:
            raise ValueError(f"a column array of {array.dtype} {array.shape}")
        return array

    def numbers(self, column: dict[str, Any]) -> list[Any]:
        values: list[Any] = self.vector(column["k"], "biuf").tolist()
        return values

    def strings(self, column: dict[str, Any]) -> list[str]:
        """Each string decoded on its own: many short steps, not one long one holding the GIL."""
        data = self.vector(column["k"], "u")
        offsets = self.vector(column["at"], "i")
        if data.dtype != np.uint8 or len(offsets) == 0 or offsets[0] != 0:
            raise ValueError("a broken string column")
        if offsets[-1] != len(data) or np.any(np.diff(offsets) < 0):
            raise ValueError("a string column's offsets do not fit its bytes")
        raw = np.ascontiguousarray(data).data  # a memoryview: no copy of the bytes
        return [str(raw[start:end], "utf-8") for start, end in pairwise(offsets.tolist())]

    def categories(self, column: dict[str, Any]) -> list[Any]:
        distinct = self.column(column["v"])
        codes = self.vector(column["k"], "i")
        if len(codes) and (codes.min() < 0 or codes.max() >= len(distinct)):
            raise ValueError("a code outside its column's values")
        return [distinct[code] for code in codes.tolist()]

    def tuples(self, column: dict[str, Any]) -> list[tuple[Any, ...]]:
        flat = self.column(column["v"])
        lengths = self.vector(column["k"], "i")
        if np.any(lengths < 0) or int(lengths.sum()) != len(flat):
            raise ValueError("a tuple column's lengths do not fit its values")
        ends = np.cumsum(lengths).tolist()
        return [tuple(flat[end - n : end]) for n, end in zip(lengths.tolist(), ends, strict=True)]
