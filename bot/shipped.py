"""Where the data shipped with studybot lives: `knowledge/` and `migrations/`.

In the repository they sit beside the package, at the top level. A built wheel carries them inside
the package as `bot/_data/<name>` (setup.py copies them there), found through importlib.resources,
so `pip install .`, pipx and the container image need no checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped_dir(name: str) -> Path:
    """The folder `name` ("knowledge" or "migrations") of this installation."""
    packaged = resources.files("bot") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[1] / name
