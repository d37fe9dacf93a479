"""The core knows no platform: it imports none of Slack, Discord, SQLAlchemy or the environment."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bot.core

CORE = Path(bot.core.__file__).parent
FORBIDDEN = (
    "slack_bolt",
    "slack_sdk",
    "discord",
    "sqlalchemy",
    "alembic",
    "aiohttp",
    "bot.adapters",
    "bot.storage",
)


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: p.name)
def test_core_module_imports_no_platform(path: Path) -> None:
    bad = [n for n in _imports(path) if n.split(".")[0] in FORBIDDEN or n.startswith(FORBIDDEN)]
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: p.name)
def test_core_module_reads_no_environment(path: Path) -> None:
    source = path.read_text()
    assert "os.environ" not in source and "getenv" not in source
