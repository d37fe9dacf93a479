"""`.env.example` and docs/configuration.md document every setting, with the default the code uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {name.upper(): field for name, field in Settings.model_fields.items()}


def example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def default(name: str) -> str:
    value = FIELDS[name].default
    return "" if value is None else str(value)


def test_env_example_lists_every_setting_with_its_default() -> None:
    documented = example()
    assert set(documented) == set(FIELDS)
    assert {k: v for k, v in documented.items()} == {name: default(name) for name in FIELDS}


def test_env_example_copied_to_dot_env_gives_the_defaults(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text())
    loaded = Settings(_env_file=tmp_path / ".env")  # type: ignore[call-arg]
    assert loaded == Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_the_configuration_table_has_a_row_per_setting(name: str) -> None:
    table = (ROOT / "docs" / "configuration.md").read_text()
    assert re.search(rf"^\| `{name}` \|", table, re.MULTILINE), name
