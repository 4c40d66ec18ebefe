"""A cross-encoder that starts as the bi-encoder: the rerank model's architecture.

A cross-encoder built from a bi-encoder's layers with a new head starts from nothing: its
[CLS] pooler was never trained for relevance, and 800 CPU steps left it far behind the encoder
it came from (bench/EXPERIMENTS.md, "The rerank stage: first attempts"). This one reads the
question and the span in one pass, but

- each segment gets the positions it would have alone (the span's restart after the question),
  and every token the type embedding the encoder was trained with;
- attention across the two segments carries a learnt additive bias per layer, started far
  below zero, so at step 0 the question and the span barely see each other: the pass is the
  encoder run on each alone;
- the score is the cosine of the two segments' mean-pooled tokens, scaled and shifted into a
  logit — the encoder's own similarity at step 0.

Training then opens the cross-segment attention where it pays. The model takes the inputs any
BERT cross-encoder takes (input ids, attention mask, token types), with one difference in the
text: the span segment opens with a [CLS] of its own — "[CLS] question [SEP]" as type 0,
"[CLS] span [SEP]" as type 1 — so that each segment is exactly what the encoder read alone
(`fineprint/retrieval/reranker.py` builds the same).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

CLOSED_GATE = -6.0  # the starting cross-segment attention bias (e^-6: a 0.25 % share per token)
START_SCALE = 20.0  # logit = scale × cosine + shift: the encoder's training scale
START_SHIFT = -10.0  # a cosine of 0.5 scores a logit of 0


class GatedCrossEncoder(nn.Module):
    """BERT layers with gated cross-segment attention and a cosine head."""

    def __init__(self, bert: Any, gate: float = CLOSED_GATE) -> None:
        super().__init__()
        self.bert = bert
        layers = len(bert.encoder.layer)
        self.gates = nn.Parameter(torch.full((layers,), gate))
        self.scale = nn.Parameter(torch.tensor(START_SCALE))
        self.shift = nn.Parameter(torch.tensor(START_SHIFT))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        mask = attention_mask.to(torch.float32)
        span = (token_type_ids == 1).to(torch.float32) * mask
        question = mask - span
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        span_start = torch.argmax(span, dim=1, keepdim=True)
        # the span's segment ("[CLS] span [SEP]") restarts at position 0, as in a pass of its own
        position_ids = torch.where(span > 0, positions - span_start, positions)
        hidden = self.bert.embeddings(
            input_ids=input_ids,
            token_type_ids=torch.zeros_like(input_ids),
            position_ids=position_ids,
        )
        padding = (1.0 - mask)[:, None, None, :] * -1e4
        across = (span[:, :, None] != span[:, None, :]).to(torch.float32)[:, None, :, :]
        for n, layer in enumerate(self.bert.encoder.layer):
            hidden = layer(hidden, attention_mask=padding + across * self.gates[n])
        pooled_question = _mean(hidden, question)
        pooled_span = _mean(hidden, span)
        cosine = nn.functional.cosine_similarity(pooled_question, pooled_span, dim=-1)
        return (self.scale * cosine + self.shift).unsqueeze(-1)


def _mean(hidden: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    total = (hidden * weights.unsqueeze(-1)).sum(dim=1)
    return total / weights.sum(dim=1, keepdim=True).clamp(min=1.0)


def load_gated(encoder: Path, layers: int, gate: float = CLOSED_GATE) -> GatedCrossEncoder:
    """The encoder's first `layers` layers (eager attention: the additive mask is added to
    the attention scores as given)."""
    from transformers import BertConfig, BertModel

    config = BertConfig.from_pretrained(str(encoder))
    config.num_hidden_layers = layers
    config._attn_implementation = "eager"
    bert = BertModel.from_pretrained(
        str(encoder), config=config, dtype=torch.float32, add_pooling_layer=False
    )
    return GatedCrossEncoder(bert, gate)
