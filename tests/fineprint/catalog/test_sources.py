"""Tests for fineprint.catalog.sources and the bundled corpus/sources.toml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from fineprint.catalog.sources import (
    SOURCES_FILENAME,
    DocumentSource,
    PlatformSource,
    Sources,
    SourcesError,
    load_sources,
)

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


@dataclass(frozen=True)
class Version:
    date: str
    platform: str
    document: str
    source_url: str | None


def _front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    data = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(data, dict), path
    return data


def _corpus_versions() -> dict[tuple[str, str], list[Version]]:
    """(platform slug, document slug) -> versions, oldest first, read from the front matter."""
    found: dict[tuple[str, str], list[Version]] = {}
    for platform_dir in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        for document_dir in sorted(d for d in platform_dir.iterdir() if d.is_dir()):
            versions = []
            for file in sorted(document_dir.glob("*.md")):
                meta = _front_matter(file)
                url = meta.get("source_url")
                versions.append(
                    Version(
                        date=file.stem,
                        platform=str(meta["platform"]),
                        document=str(meta["document"]),
                        source_url=str(url) if url is not None else None,
                    )
                )
            found[(platform_dir.name, document_dir.name)] = versions
    return found


@pytest.fixture(scope="module")
def sources() -> Sources:
    return load_sources(CORPUS / SOURCES_FILENAME)


@pytest.fixture(scope="module")
def corpus_versions() -> dict[tuple[str, str], list[Version]]:
    return _corpus_versions()


# --- the bundled sources.toml against the corpus ---------------------------------------------


def test_bundled_sources_list_exactly_the_corpus_folders(
    sources: Sources, corpus_versions: dict[tuple[str, str], list[Version]]
) -> None:
    listed = {
        (platform.slug, document.slug)
        for platform in sources.platforms.values()
        for document in platform.documents.values()
    }
    assert listed == set(corpus_versions)
    assert all(versions for versions in corpus_versions.values())


def test_bundled_names_match_newest_front_matter(
    sources: Sources, corpus_versions: dict[tuple[str, str], list[Version]]
) -> None:
    for (platform_slug, document_slug), versions in corpus_versions.items():
        platform = sources.platforms[platform_slug]
        assert platform.name == versions[-1].platform
        assert platform.documents[document_slug].name == versions[-1].document


def test_bundled_urls_are_the_newest_recorded_source_url(
    sources: Sources, corpus_versions: dict[tuple[str, str], list[Version]]
) -> None:
    for (platform_slug, document_slug), versions in corpus_versions.items():
        url = sources.platforms[platform_slug].documents[document_slug].url
        recorded = [v.source_url for v in versions if v.source_url is not None]
        if not recorded:
            assert url is None, (platform_slug, document_slug)
            continue
        assert url in recorded, (platform_slug, document_slug)
        assert url == recorded[-1], (platform_slug, document_slug)


def test_bundled_short_aliases_are_capitals(sources: Sources) -> None:
    """1-2 character aliases match case-sensitively in questions, so lower case would never fire
    on "IG"-style mentions and would fire on ordinary words."""
    for platform in sources.platforms.values():
        for alias in platform.aliases:
            if len(alias) <= 2:
                assert alias.isupper(), (platform.slug, alias)


def test_every_bundled_name_resolves_to_its_platform(sources: Sources) -> None:
    for platform in sources.platforms.values():
        for name in platform.names():
            assert sources.resolve_platform(name) == platform.slug, name
            assert sources.find_platforms_in(f"what do {name}'s terms say?") == [platform.slug]


# --- resolving one name ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("soundcloud", "soundcloud"),
        ("SoundCloud", "soundcloud"),
        ("Sound Cloud", "soundcloud"),
        ("SC", "soundcloud"),
        ("sc", "soundcloud"),
        ("SoundCloud's", "soundcloud"),
        ("SoundCloud’s", "soundcloud"),
        ("  youtube  ", "youtube"),
        ("YT", "youtube"),
        ("yt", "youtube"),
        ("YouTube’s", "youtube"),
        ("Insta", "instagram"),
        ("IG", "instagram"),
        ("instagram", "instagram"),
        ("Twitter", "x-twitter"),
        ("X", "x-twitter"),
        ("x", "x-twitter"),
        ("X's", "x-twitter"),
        ("x-twitter", "x-twitter"),
        ("x twitter", "x-twitter"),
        ("X (Twitter)", "x-twitter"),
        ("FB", "facebook"),
        ("Meta", "facebook"),
        ("Meta AI", "meta-ai"),
        ("meta-ai", "meta-ai"),
        ("meta_ai", "meta-ai"),
        ("Gemini", "google-gemini"),
        ("Bard", "google-gemini"),
        ("Google", "google"),
        ("OpenAI", "openai"),
        ("ChatGPT", "chatgpt"),
        ("Apple", "apple"),
        ("Apple Music", "apple-media-services"),
        ("App Store", "apple-media-services"),
        ("iTunes", "apple-itunes"),
        ('"TikTok"', "tiktok"),
    ],
)
def test_resolve_platform(sources: Sources, name: str, slug: str) -> None:
    assert sources.resolve_platform(name) == slug


@pytest.mark.parametrize("name", ["", "   ", "Patreon", "'s", "the", "Sound", "Apple Musik"])
def test_resolve_platform_unknown(sources: Sources, name: str) -> None:
    assert sources.resolve_platform(name) is None


# --- finding names in a question -------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "slugs"),
    [
        ("Does SoundCloud need my consent to train on my voice?", ["soundcloud"]),
        ("Did SoundCloud's 2018 terms give anyone rights?", ["soundcloud"]),
        ("Did SoundCloud’s terms change?", ["soundcloud"]),
        ("can i post remixes on SC?", ["soundcloud"]),
        ("can i post remixes on sc?", []),
        ("who owns my videos on YT", ["youtube"]),
        ("Does YouTube’s licence end when I delete?", ["youtube"]),
        ("is it ok to repost to Insta", ["instagram"]),
        ("does IG own my reels", ["instagram"]),
        ("Can Twitter use my tweets for AI?", ["x-twitter"]),
        ("Can X train Grok on my posts?", ["x-twitter"]),
        ("What do X's terms say?", ["x-twitter"]),
        ("please fix my box", []),
        ("is x allowed", []),
        ("an X-ray of my contract", []),
        ("Can Meta use my Facebook videos to train its AI tools?", ["facebook"]),
        ("Does Meta AI keep my prompts?", ["meta-ai"]),
        ("Meta AI or Meta: who owns it?", ["meta-ai", "facebook"]),
        ("is FB worse than IG?", ["facebook", "instagram"]),
        ("is fb worse?", []),
        ("Can Google Gemini use my drafts?", ["google-gemini"]),
        ("What does Google's privacy policy say?", ["google"]),
        ("Does Bard keep my data?", ["google-gemini"]),
        ("Does Apple Music pay per stream?", ["apple-media-services"]),
        ("Does Apple track me?", ["apple"]),
        ("Who owns ChatGPT output?", ["chatgpt"]),
        ("Does OpenAI train on my chats?", ["openai"]),
        ("SoundCloud vs YouTube vs soundcloud", ["soundcloud", "youtube"]),
        ("When can YouTube terminate my channel or Google account?", ["youtube", "google"]),
        ("What percentage does Patreon take?", []),
        ("I sound cloudy today", []),
        ("Soundclouds", []),
    ],
)
def test_find_platforms_in(sources: Sources, question: str, slugs: list[str]) -> None:
    assert sources.find_platforms_in(question) == slugs


def test_find_platforms_in_is_compiled_once(sources: Sources) -> None:
    pattern = sources._pattern
    sources.find_platforms_in("on YT")
    assert sources._pattern is pattern is not None


def test_sources_built_in_code_match_too() -> None:
    sources = Sources(
        platforms={
            "acme": PlatformSource(
                slug="acme",
                name="Acme",
                aliases=("AC", "Acme Music"),
                documents={"terms": DocumentSource(slug="terms", name="Terms")},
            )
        }
    )
    assert sources.find_platforms_in("Acme Music or AC or ac") == ["acme"]
    assert sources.resolve_platform("ac") == "acme"
    assert Sources(platforms={}).find_platforms_in("anything") == []


# --- malformed files -------------------------------------------------------------------------

_VALID = """
[platforms.acme]
name = "Acme"
aliases = ["AC"]
[platforms.acme.documents.terms]
name = "Terms"
url = "https://acme.example/terms"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_valid_file(tmp_path: Path) -> None:
    sources = load_sources(_write(tmp_path, _VALID))
    assert sources.platforms["acme"] == PlatformSource(
        slug="acme",
        name="Acme",
        aliases=("AC",),
        documents={"terms": DocumentSource("terms", "Terms", "https://acme.example/terms")},
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[platforms.acme\nname = 1", "invalid TOML"),
        ("title = 'no platforms'", "[platforms.<slug>]"),
        (_VALID.replace('name = "Acme"\n', ""), "platforms.acme: missing required field 'name'"),
        (_VALID.replace('name = "Terms"\n', ""), "platforms.acme.documents.terms: missing"),
        (_VALID.replace('aliases = ["AC"]', 'aliases = "AC"'), "'aliases' must be a list"),
        (_VALID.replace('aliases = ["AC"]', "aliases = [1]"), "'aliases' must be a non-empty"),
        (_VALID.replace('aliases = ["AC"]', 'alias = ["AC"]'), "unknown field(s) 'alias'"),
        (_VALID.replace("https://acme.example/terms", "acme.example"), "http(s) URL"),
        (_VALID.replace("platforms.acme]", "platforms.Acme]"), "lower-case folder slug"),
        ('[platforms.acme]\nname = "Acme"', "platforms.acme: needs at least one"),
        (
            _VALID + '[platforms.beta]\nname = "Beta"\naliases = ["acme"]\n'
            '[platforms.beta.documents.terms]\nname = "Terms"\n',
            "used by two platforms: 'acme' and 'beta'",
        ),
    ],
)
def test_malformed_file_names_file_and_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert problem in message


def test_missing_file_names_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(SourcesError, match=r"nope\.toml: cannot read"):
        load_sources(path)
