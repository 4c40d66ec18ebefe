"""The one place the answering pipeline is put together: search, the stages after it, the
relevance floor of the chosen encoder and the check that the store was built by that encoder.

The service and every bench script build their answerer here, so a benchmark measures the
pipeline users run, and a stage added to it (the cross-encoder rerank) is added once.
"""

from __future__ import annotations

from dataclasses import dataclass

from fineprint.answering.answer import Answerer
from fineprint.answering.changes_asked import ChangeLister
from fineprint.answering.off_topic import QUESTION_FLOORS
from fineprint.catalog.registry import Registry
from fineprint.catalog.sources import Sources
from fineprint.retrieval.encoder_model import encoder_model, relevance_floor, same_model
from fineprint.retrieval.index import SearchIndex, load_index
from fineprint.retrieval.query_encoder import get_query_encoder
from fineprint.retrieval.rerank_stage import RerankStage
from fineprint.retrieval.reranker import get_cross_encoder
from fineprint.retrieval.search import DENSE_WEIGHT, DOCUMENT_BOOST, Fusion, Searcher
from fineprint.settings import Settings
from fineprint.store import ClauseStore, StoreError


@dataclass(frozen=True)
class SearchOptions:
    """What a benchmark may vary in search; the defaults are what users run."""

    fusion: Fusion = "zscore"
    expansion: bool = True
    windows: bool = True
    dense_weight: float = DENSE_WEIGHT
    document_boost: float = DOCUMENT_BOOST


def check_store_model(registry: Registry, settings: Settings) -> None:
    """Questions are embedded by the configured model; a store whose vectors another model
    made would rank nonsense, so it is refused with what to do instead."""
    fingerprint = encoder_model(settings.model).fingerprint
    if registry.is_empty or same_model(registry.model, fingerprint):
        return
    made_by = registry.model or "the stock model"
    raise StoreError(
        f"this store's vectors were made by {made_by}, but FINEPRINT_MODEL={settings.model} "
        f"({fingerprint}); run `fineprint ingest` to re-embed the store with this model, "
        "or set FINEPRINT_MODEL to the model that built it"
    )


def build_answerer(
    settings: Settings,
    store: ClauseStore,
    registry: Registry,
    sources: Sources | None,
    options: SearchOptions | None = None,
    previous: SearchIndex | None = None,
    change_lister: ChangeLister | None = None,
) -> Answerer:
    """An answerer over the committed `registry` of `store` (the index is cached on disk;
    built from `previous`, an earlier generation's index, where it holds the same versions)."""
    options = options or SearchOptions()
    check_store_model(registry, settings)
    index = load_index(settings, store, registry, previous)
    searcher = Searcher(
        index,
        get_query_encoder(settings.model),
        fusion=options.fusion,
        expansion=options.expansion,
        windows=options.windows,
        dense_weight=options.dense_weight,
        document_boost=options.document_boost,
    )
    return Answerer(
        searcher,
        sources,
        relevance_floor(settings.model),
        reranker=rerank_stage(settings),
        question_floor=QUESTION_FLOORS[settings.model],
        change_lister=change_lister,
    )


def rerank_stage(settings: Settings) -> RerankStage | None:
    """The cross-encoder stage, unless FINEPRINT_RERANK=off (today's order and quotes)."""
    if settings.rerank == "off":
        return None
    return RerankStage(get_cross_encoder())
