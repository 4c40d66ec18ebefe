"""LLM settings for optional summaries, read from the environment and `.env`.

Kept apart from `fineprint.settings` so that an instance without a model never validates or
imports anything LLM-related. `FINEPRINT_LLM` unset means "extractive answers only". Provider
keys are read by the provider packages from their usual variables (`OPENAI_API_KEY`,
`ANTHROPIC_API_KEY`, …); nothing here reads, stores or logs them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from fineprint.settings import ENV_PREFIX, build_settings

CHARS_PER_TOKEN = 4  # rough size of a token in English prose; we never tokenise (no tiktoken)


class LLMSettings(BaseSettings):
    """Which chat model writes summaries, where it lives, and how long and much it may take.

    - `FINEPRINT_LLM`: a LangChain `init_chat_model` string, "provider:model"
      ("openai:gpt-4o-mini", "anthropic:claude-…", "ollama:llama3.1"); empty ⇒ disabled.
    - `FINEPRINT_LLM_BASE_URL`: server URL (OpenAI-compatible `/v1` for `openai:` with vLLM or
      llama.cpp; the Ollama server for `ollama:`); empty ⇒ the provider's default.
    - `FINEPRINT_LLM_TIMEOUT`: seconds one summary may take, retries included.
    - `FINEPRINT_LLM_MAX_TOKENS`: the summary's token budget (sent to the provider and checked).
    - `FINEPRINT_LLM_RETRIES`: provider-level retries on transient errors, within the timeout.
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    llm: str = ""
    llm_base_url: str = ""
    llm_timeout: float = 20.0
    llm_max_tokens: int = 300
    llm_retries: int = 1

    @field_validator("llm")
    @classmethod
    def _check_llm(cls, value: str) -> str:
        value = value.strip()
        if value and (":" not in value or not all(part.strip() for part in value.split(":", 1))):
            raise ValueError('must be "provider:model", e.g. "openai:gpt-4o-mini"')
        return value

    @field_validator("llm_base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be empty (the provider's default) or an http(s):// URL")
        return value.rstrip("/")

    @field_validator("llm_timeout")
    @classmethod
    def _check_timeout(cls, value: float) -> float:
        if not 0 < value <= 600:
            raise ValueError("must be between 0 and 600 seconds")
        return value

    @field_validator("llm_max_tokens")
    @classmethod
    def _check_max_tokens(cls, value: int) -> int:
        if not 16 <= value <= 8192:
            raise ValueError("must be between 16 and 8192")
        return value

    @field_validator("llm_retries")
    @classmethod
    def _check_retries(cls, value: int) -> int:
        if not 0 <= value <= 5:
            raise ValueError("must be between 0 and 5")
        return value

    @property
    def enabled(self) -> bool:
        """True when a model is configured."""
        return bool(self.llm)

    @property
    def provider(self) -> str:
        """The provider part of `FINEPRINT_LLM` ("openai"), or "" when disabled."""
        return self.llm.split(":", 1)[0].strip().lower() if self.llm else ""

    @property
    def max_chars(self) -> int:
        """The budget in characters: what the verifier enforces without a tokenizer."""
        return self.llm_max_tokens * CHARS_PER_TOKEN


def load_llm_settings(**overrides: Any) -> LLMSettings:
    """LLM settings; a bad value is one line naming the variable."""
    return build_settings(LLMSettings, ENV_PREFIX, **overrides)


@lru_cache(maxsize=1)
def get_llm_settings() -> LLMSettings:
    """Process-wide LLM settings, read once."""
    return load_llm_settings()
