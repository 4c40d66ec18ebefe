"""Only what pyproject.toml cannot say: the package list plus `fineprint.bundled_corpus`, a
data-only package made from the top-level corpus/ folder (see [tool.setuptools.package-dir])."""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(
            include=[
                "fineprint",
                "fineprint.*",
                "ingest",
                "ingest.*",
                "bot",
                "bot.*",
                "cli",
                "cli.*",
            ]
        ),
        "fineprint.bundled_corpus",
    ]
)
