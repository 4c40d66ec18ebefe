"""The cross-encoder that reads a question together with each candidate span: rerank-terms.

Search scores a clause by vectors and words computed apart from the question; the cross-encoder
reads both at once, so it can tell the sentence that answers from its neighbour that merely
shares the words. It is trained here (`training/train_reranker.py`) and shipped in
`fineprint/models/rerank-terms/` as an ONNX graph with int8 weights (dynamic quantisation):
ONNX Runtime runs it about four times faster than a float32 NumPy pass on this machine's
cores, with no torch imported, so a cold `fineprint ask` stays quick. One thread, as the query
encoder: a second one only waits on a busy machine. The question is cut at QUERY_TOKENS tokens
and each (question, span) pair at MAX_TOKENS, as in training; each segment opens with its own
[CLS] ("[CLS] question [SEP] [CLS] span [SEP]"), as the model was trained to read them
(`training/gated_cross_encoder.py`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from fineprint.retrieval.encoder_model import ModelError

MODEL_NAME = "rerank-terms"
MODEL_FILE = "model.int8.onnx"
QUERY_TOKENS = 48
MAX_TOKENS = 128
BATCH = 16  # spans of similar length scored together (less padding)
THREADS = 1
DEFAULT_FLOOR = -4.0  # for a model folder without its calibration (tests' small models)
Floats = npt.NDArray[np.float32]


class RerankModelError(ModelError):
    """The rerank model's files are missing or unreadable (a ModelError: every front end
    already reports those in one line)."""


def _floor(folder: Path) -> float:
    """The logit under which nothing answers, calibrated with the model (`training.json`)."""
    record = folder / "training.json"
    if not record.is_file():
        return DEFAULT_FLOOR
    value = json.loads(record.read_text(encoding="utf-8")).get("floor")
    return float(value) if isinstance(value, (int, float)) else DEFAULT_FLOOR


def model_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "models" / MODEL_NAME


class CrossEncoder:
    """Relevance logits of (question, span) pairs; higher is more relevant."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        graph = folder / MODEL_FILE
        if not graph.is_file():
            raise RerankModelError(
                f"the rerank model is missing from {folder}; reinstall Fineprint or set "
                "FINEPRINT_RERANK=off"
            )
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = THREADS
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(graph), options, providers=["CPUExecutionProvider"]
        )
        self.floor = _floor(folder)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.cls = self._token_id("[CLS]")
        self.sep = self._token_id("[SEP]")
        self.pad = self._token_id("[PAD]")

    def _token_id(self, token: str) -> int:
        found = self.tokenizer.token_to_id(token)
        if found is None:
            raise RerankModelError(f"the rerank tokenizer has no {token} token")
        return int(found)

    def scores(self, question: str, spans: Sequence[str]) -> Floats:
        """One logit per span, in the order given."""
        if not spans:
            return np.zeros(0, dtype=np.float32)
        query = self.tokenizer.encode(question, add_special_tokens=False).ids[:QUERY_TOKENS]
        room = MAX_TOKENS - 4 - len(query)
        bodies = [
            e.ids[:room] for e in self.tokenizer.encode_batch(list(spans), add_special_tokens=False)
        ]
        order = sorted(range(len(bodies)), key=lambda n: len(bodies[n]))
        out = np.zeros(len(bodies), dtype=np.float32)
        for at in range(0, len(order), BATCH):
            chosen = order[at : at + BATCH]
            out[chosen] = self._logits(query, [bodies[n] for n in chosen])
        return out

    def _logits(self, query: list[int], bodies: list[list[int]]) -> Floats:
        width = len(query) + 4 + max(len(b) for b in bodies)
        ids = np.full((len(bodies), width), self.pad, dtype=np.int64)
        types = np.zeros((len(bodies), width), dtype=np.int64)
        mask = np.zeros((len(bodies), width), dtype=np.int64)
        head = [self.cls, *query, self.sep]
        for row, body in enumerate(bodies):
            tokens = [*head, self.cls, *body, self.sep]
            ids[row, : len(tokens)] = tokens
            types[row, len(head) : len(tokens)] = 1
            mask[row, : len(tokens)] = 1
        feed = {"input_ids": ids, "token_type_ids": types, "attention_mask": mask}
        logits = self.session.run(None, feed)[0]
        return np.asarray(logits, dtype=np.float32).reshape(-1)


_shared: dict[Path, CrossEncoder] = {}
_lock = threading.Lock()


def get_cross_encoder(folder: Path | None = None) -> CrossEncoder:
    """Loaded once per process (~0.1 s)."""
    path = folder or model_dir()
    with _lock:
        if path not in _shared:
            _shared[path] = CrossEncoder(path)
        return _shared[path]
