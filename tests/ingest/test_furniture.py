"""Page furniture: what the captures carry around the terms, and what must survive."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.furniture import is_furniture, strip_links

CORPUS = Path(__file__).parents[2] / "corpus"


@cache
def body(relative: str) -> str:
    """The text of a version file after its front matter."""
    text = (CORPUS / relative).read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1]


def block_starting(relative: str, prefix: str) -> str:
    """The blank-line separated block of a real capture that starts with ``prefix``."""
    text = body(relative)
    start = text.index(prefix)
    end = text.find("\n\n", start)
    return text[start : end if end >= 0 else len(text)]


# Short furniture seen in the corpus (SoundCloud, Facebook, Spotify, Zoom, Instagram, TikTok,
# Twitch, Midjourney, Discord) and the usual web chrome around terms pages.
FURNITURE = [
    "JavaScript is disabled",
    "You need to enable JavaScript to use SoundCloud",
    "[Show me how to enable it](http://www.enable-javascript.com/)",
    '[SoundCloud](https://soundcloud.com/ "Home")',
    "Skip to content",
    "Skip to main content",
    "[Return to top](#)",
    "Return to top",
    "Back to top",
    "[Top of page ↑](#spotify-privacy-policy)",
    "Table of Contents",
    "ON THIS PAGE",
    "Contents",
    "TABLE DES MATIÈRES",
    "Select a language",
    "View the Terms of Service in other languages: [Français (Canada)]"
    "(https://www.youtube.com/t/terms?hl=fr-ca&override_hl=1) and "
    "[English](https://www.youtube.com/t/terms?hl=en&override_hl=1)",
    "[English](https://zoom.us/en/trust/terms/)[Deutsch](https://zoom.us/de/trust/terms/)"
    "[Français](https://zoom.us/fr/trust/terms/)",
    "Accept cookies from Instagram on this browser?",
    "Accept All",
    "Manage Data Settings",
    "Copy link",
    "Print",
    "Share",
    "Was this helpful?",
    "### Was it helpful?",
    "YesNo",
    "Related articles",
    "* * *",
    "- - -",
    "\u200d",
    "\ufeff",
    "[",
    "](https://help.instagram.com/139886812848894/How+do+I+delete)",
    "![](https://static.xx.fbcdn.net/rsrc.php/v3/yy/r/Gfv6WsB4dT4.png)",
    "[](#h_01HP02HY7WYMRMTQCCV2Y0B2NT)",
    "*   [Log in](https://bandcamp.com/login?from=footer)\n"
    "*   [Bandcamp for Artists](https://bandcamp.com/artists?from=hpartists)\n"
    "*   [Mobile view](#)",
    "1. [Introduction](#introduction)\n2. [Children's Privacy](#children_s_privacy)\n"
    "3. [Data We Collect About You](#data_we_collect_about_you)",
    "[Introduction](https://policies.google.com/privacy?hl=en-GB&gl=IE#intro)",
    "#root\\_content .dexter-Table { width: 100%; } #root\\_content .cell { padding: 0; }",
]

# Terms text that mentions the same words, or carries links, and must stay.
NOT_FURNITURE = [
    "You retain ownership rights in your Content.",
    "You can configure your browser to refuse all cookies or to indicate when a cookie is "
    "being sent.",
    "Like most other websites, we also use cookies to help us analyze how people use "
    "SoundCloud, so that we can keep improving our service.",
    "Please also be sure to review our [Privacy Policy](https://soundcloud.com/pages/privacy) "
    "and [Cookies Policy](https://soundcloud.com/pages/cookies) for more information.",
    "*   [Accounts Center](https://accountscenter.facebook.com/) to choose whether we combine "
    "and use your information across accounts",
    "You may [remove your Content](https://support.google.com/youtube/answer/55770) from the "
    "Service at any time.",
    "Content",
    "9. Other",
    "Our Services are available in many languages, and the English version of these Terms "
    "prevails.",
    "Print or share only content you have the right to share.",
]


@pytest.mark.parametrize("block", FURNITURE)
def test_furniture_is_recognised(block: str) -> None:
    assert is_furniture(block)


@pytest.mark.parametrize("block", NOT_FURNITURE)
def test_terms_text_is_not_furniture(block: str) -> None:
    assert not is_furniture(block)


def test_soundcloud_toc_with_summaries_is_furniture() -> None:
    """SoundCloud 2026: anchor links followed by a summary, a few entries without a link."""
    toc = block_starting(
        "soundcloud/terms-of-use/2026-08-17.md", "*   [Acceptance of Terms of Use]"
    )
    assert toc.count("\n") > 20  # the whole list, summaries and link-less entries included
    assert "Blocking and removal of content This section" in toc
    assert is_furniture(toc)


def test_twitch_and_pinterest_tocs_are_furniture() -> None:
    twitch = block_starting(
        "twitch/terms-of-service/2026-08-13.md", "*   [1\\. Introduction; Your Agreement"
    )
    assert is_furniture(twitch)
    pinterest = block_starting(
        "pinterest/terms-of-service/2026-07-30.md", "[3\\. Your User Content]"
    )
    assert is_furniture(pinterest)


def test_javascript_notice_of_a_real_capture() -> None:
    text = body("soundcloud/terms-of-use/2024-02-07.md")
    assert is_furniture(block_starting("soundcloud/terms-of-use/2024-02-07.md", "JavaScript"))
    assert is_furniture(block_starting("soundcloud/terms-of-use/2024-02-07.md", "You need to"))
    assert "JavaScript is disabled" in text


def test_long_blocks_are_never_furniture_by_phrase() -> None:
    clause = "Back to top. " + "You grant us a licence to use your content. " * 20
    assert not is_furniture(clause)


def test_strip_links_keeps_link_text_and_drops_images() -> None:
    text = "[**Welcome!**](https://x.test/t#a) ![logo](https://x.test/i.png) see [here](#b)"
    assert strip_links(text) == "**Welcome!**  see here"
