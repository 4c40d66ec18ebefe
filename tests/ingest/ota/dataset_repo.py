"""A small Open Terms Archive versions repository, built commit by commit in a test.

Commits carry the engine's messages and dates (`Start tracking Acme Terms of Service`,
`Record new changes of …`, `Apply technical or declaration upgrade on …`), so the importer
reads it exactly as it reads pga-versions; `origin()` makes a clone to follow, as a user
follows the real dataset.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

LICENCE = "# ODC Attribution License (ODC-By)\n\nThe Open Data Commons Attribution License.\n"

SECTIONS = {
    "Your content": "You keep ownership of the content you upload to Acme. You grant Acme a "
    "worldwide licence to host, store and show your content so that the service works. This "
    "licence ends when you delete your content from the service.",
    "Acceptable use": "You must not upload content that infringes the rights of others. You "
    "must not use the service to send spam or to harass other users. We may remove content "
    "that breaks these rules without notice.",
    "Payments": "Creators who join the partner programme receive a share of the revenue from "
    "advertising shown with their videos. Payments are made every month once the balance "
    "exceeds the payment threshold.",
    "Termination": "You may close your account at any time. We may suspend or terminate "
    "your account if you seriously or repeatedly break these terms, and we will tell you why "
    "unless the law prevents it.",
    "Disputes": "These terms are governed by the laws of Ireland. Any dispute will be heard "
    "by the courts of Dublin, unless the law of your country gives you the right to sue "
    "where you live.",
}
AI_CLAUSE = (
    "Acme may use the content you upload to train artificial intelligence and machine "
    "learning models, including generative models that create new audio, images and text."
)
RELATED = "\n\nRelated articles\n\n[{}](https://help.acme.test/{}?helpref=related_articles)\n"


def terms(title: str = "Terms of Service", *, extra: str = "", footer: str = "a") -> str:
    """A terms page as the engine records it (Markdown), with a "related articles" footer of
    links that changes between captures as page variants do."""
    body = "\n\n".join(
        f"## {n}. {name}\n\n{text}" for n, (name, text) in enumerate(SECTIONS.items(), 1)
    )
    if extra:
        body += f"\n\n## 6. Artificial intelligence\n\n{extra}"
    return f"{title}\n{'=' * len(title)}\n\n{body}" + RELATED.format(f"Help topic {footer}", footer)


def privacy() -> str:
    return (
        "Privacy Policy\n==============\n\n## What we collect\n\nWe collect the information "
        "you give us when you create an account, such as your name, your e-mail address and "
        "your date of birth. We also collect information about how you use the service, "
        "such as the videos you watch and the searches you make.\n\n## How we use it\n\nWe "
        "use this information to provide and improve the service, to keep it safe, and to "
        "show you advertising that is relevant to you. We do not sell your personal data."
    )


NAVIGATION = (
    "[![Acme](/logo.svg)](https://acme.test/)\n\n"
    "[About](https://acme.test/about)[Help](https://acme.test/help)[Terms](https://acme.test/terms)"
)


class DatasetRepo:
    """A git repository written like the engine writes a versions dataset."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "--quiet", "--initial-branch=main")
        (path / "LICENSE").write_text(LICENCE, encoding="utf-8")
        (path / "README.md").write_text("# test-versions\n", encoding="utf-8")
        self.commit("Initial commit", "2024-01-01T10:00:00Z")

    def git(self, *args: str, when: str = "2024-01-01T10:00:00Z") -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Open Terms Archive Bot",
            "GIT_AUTHOR_EMAIL": "bot@opentermsarchive.org",
            "GIT_COMMITTER_NAME": "Open Terms Archive Bot",
            "GIT_COMMITTER_EMAIL": "bot@opentermsarchive.org",
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
        }
        done = subprocess.run(
            ["git", "-C", str(self.path), *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def commit(self, message: str, when: str) -> str:
        self.git("add", "-A", when=when)
        self.git("commit", "--quiet", "--allow-empty", "-m", message, when=when)
        return self.git("rev-parse", "HEAD").strip()

    def record(self, service: str, terms_type: str, text: str, when: str, verb: str = "") -> str:
        """Write `<service>/<terms type>.md` and commit it with the engine's message."""
        path = self.path / service / f"{terms_type}.md"
        first = not path.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        verb = verb or ("Start tracking" if first else "Record new changes of")
        return self.commit(f"{verb} {service} {terms_type}", when)

    def upgrade(self, service: str, terms_type: str, text: str, when: str) -> str:
        return self.record(
            service, terms_type, text, when, verb="Apply technical or declaration upgrade on"
        )

    def rename(self, old: str, new: str, when: str) -> str:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new, when=when)
        return self.commit(f"Rename {old} to {new}", when)

    def origin(self, clone: Path) -> Path:
        """A clone of this repository whose origin is this one (what a user follows)."""
        subprocess.run(
            ["git", "clone", "--quiet", str(self.path), str(clone)], check=True, capture_output=True
        )
        return clone


def build_acme(path: Path) -> DatasetRepo:
    """The history the importer tests read (dates UTC):

    Acme Terms of Service: tracked 2024-01-10; a footer variant and back (same terms); a
    one-word edit (trivial); a technical upgrade that re-extracts the same terms; an AI clause
    added 2024-05-01 (a change); a flip to a promotional variant and back; a navigation-only
    capture 2024-06-01 and the terms back the day after. Acme Privacy Policy: tracked once.
    Oldco Terms of Service, renamed to Newco, changed after the rename.
    """
    repo = DatasetRepo(path)
    repo.record("Acme", "Terms of Service", terms(), "2024-01-10T00:30:00Z")
    repo.record("Acme", "Privacy Policy", privacy(), "2024-01-10T00:31:00Z")
    repo.record("Acme", "Terms of Service", terms(footer="b"), "2024-02-01T00:30:00Z")
    repo.record("Acme", "Terms of Service", terms(footer="a"), "2024-02-01T12:30:00Z")
    typo = terms().replace("without notice", "without prior notice")
    repo.record("Acme", "Terms of Service", typo, "2024-03-01T00:30:00Z")
    upgraded = typo.replace("Terms of Service\n================", "# Terms of Service")
    repo.upgrade("Acme", "Terms of Service", upgraded, "2024-04-01T00:30:00Z")
    with_ai = terms(extra=AI_CLAUSE).replace("without notice", "without prior notice")
    repo.record("Acme", "Terms of Service", with_ai, "2024-05-01T00:30:00Z")
    promo = (
        with_ai
        + "\n\nJoin Acme Premium today and enjoy ad-free videos, offline downloads and more."
    )
    repo.record("Acme", "Terms of Service", promo, "2024-05-03T00:30:00Z")
    repo.record("Acme", "Terms of Service", with_ai, "2024-05-04T00:30:00Z")
    repo.upgrade("Acme", "Terms of Service", NAVIGATION, "2024-06-01T00:30:00Z")
    repo.record("Acme", "Terms of Service", with_ai, "2024-06-02T00:30:00Z")
    old = terms().replace("Acme", "Oldco")
    repo.record("Oldco", "Terms of Service", old, "2024-01-15T00:30:00Z")
    repo.rename("Oldco/Terms of Service.md", "Newco/Terms of Service.md", "2024-03-15T00:30:00Z")
    new = terms(extra=AI_CLAUSE).replace("Acme", "Newco")
    repo.record("Newco", "Terms of Service", new, "2024-04-15T00:30:00Z")
    return repo
