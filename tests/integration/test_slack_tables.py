"""Our migrations create the tables slack_sdk's SQLAlchemy stores read and write, column for column."""

from __future__ import annotations

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Table, create_engine

from bot.storage.models import SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES


def _shape(table: Table) -> list[tuple[str, str, bool]]:
    return [(c.name, repr(c.type), bool(c.nullable)) for c in table.columns]


def _theirs() -> dict[str, Table]:
    engine = create_engine("sqlite://")
    stores = [SQLAlchemyInstallationStore("cid", engine), SQLAlchemyOAuthStateStore(60, engine)]
    return {t.name: t for store in stores for t in store.metadata.sorted_tables}


@pytest.mark.parametrize("ours", [SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES], ids=str)
def test_slack_tables_match_slack_sdk(ours: Table) -> None:
    theirs = _theirs()[ours.name]
    assert _shape(ours) == _shape(theirs)
    assert {i.name: [c.name for c in i.columns] for i in ours.indexes} == {
        i.name: [c.name for c in i.columns] for i in theirs.indexes
    }
