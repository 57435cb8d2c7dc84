"""A case's cast, for the tests of cases (records, exports): a cited passage, and the two
officials accused in it. A conftest imports the fixtures it wants from here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.factories import make_excerpt, make_person, make_source


@pytest.fixture
def excerpt(tmp_path: Path, data_dir: Path) -> Any:
    return make_excerpt(make_source(tmp_path, "Raisi sat on the death commission in 1988."))


@pytest.fixture
def raisi(excerpt: Any) -> Any:
    return make_person(excerpt)


@pytest.fixture
def nayyeri(tmp_path: Path, data_dir: Path) -> Any:
    source = make_source(tmp_path, "Nayyeri chaired the commission.", name="n.txt")
    return make_person(make_excerpt(source), "Hossein-Ali Nayyeri")
