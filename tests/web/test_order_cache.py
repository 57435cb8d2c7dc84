"""The order of names is kept on disk, in the private data dir, so that every server process
reads the order one of them computed; a disk that cannot keep it costs time, never the page."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

from khavaran.records import actions
from khavaran.web.queries import cached_order
from tests.factories import ACTOR, make_excerpt, make_source


@pytest.fixture
def people(data_dir: Path, tmp_path: Path) -> Any:
    from khavaran.records.models import Person

    excerpt = make_excerpt(make_source(tmp_path, "Bahram and Arash were executed."))
    for text in ("Bahram", "Arash"):
        actions.create_person([actions.NameSpec(text, "latin", [excerpt])], actor=ACTOR)
    return Person.objects.all()


def test_the_orders_are_kept_in_the_private_data_dir() -> None:
    from khavaran.config.environment import data_dir

    # The data dir the settings were made from (tests move DATA_DIR per test, not the cache).
    location = Path(settings.CACHES["orders"]["LOCATION"])
    assert location == data_dir() / "cache" / "orders"
    assert settings.CACHES["orders"]["BACKEND"].endswith("FileBasedCache")


@pytest.mark.django_db
def test_an_order_one_process_computed_is_read_by_another(
    people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cached_order("test-order", people, "en", lambda: [2, 1]) == [2, 1]
    # Another server process has its own cache object on the same folder.
    other = FileBasedCache(settings.CACHES["orders"]["LOCATION"], {})
    monkeypatch.setattr("khavaran.web.queries.caches", {"orders": other})
    assert cached_order("test-order", people, "en", _never) == [2, 1]


@pytest.mark.django_db
def test_the_kept_files_are_readable_by_the_service_alone(people: Any) -> None:
    cached_order("test-private", people, "en", lambda: [1, 2])
    location = Path(settings.CACHES["orders"]["LOCATION"])
    assert stat.S_IMODE(location.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in location.iterdir())


@pytest.mark.django_db
def test_a_disk_that_cannot_keep_the_order_still_gives_it(
    people: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(caches["orders"], "set", full)
    assert cached_order("test-full", people, "en", lambda: [1, 2]) == [1, 2]
    assert "could not be kept" in caplog.text


def _never() -> list[int]:
    raise AssertionError("the kept order should have been read, not computed again")
