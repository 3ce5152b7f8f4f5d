"""The [sync] section of the config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from relinbox.core.config import ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sync_section(tmp_path: Path):
    path = write(tmp_path, '[sync]\naddressbooks = [{name = "personal", path = "books/p"},'
                 ' {name = "work", path = "/abs/w", version = "4.0"}]\ncalendar = "r.ics"\n')
    config = load_config(path)
    personal, work = config.sync.addressbooks
    assert (personal.name, personal.path, personal.version) == ("personal", tmp_path / "books/p",
                                                                "3.0")
    assert (work.path, work.version) == (Path("/abs/w"), "4.0")
    assert config.sync.calendar == tmp_path / "r.ics"


def test_no_sync_section(tmp_path: Path):
    config = load_config(write(tmp_path, 'timezone = "UTC"\n'))
    assert config.sync.addressbooks == () and config.sync.calendar is None


@pytest.mark.parametrize(
    "text",
    [
        "sync = 1\n",
        "[sync]\nfoo = 1\n",
        "[sync]\naddressbooks = 1\n",
        '[sync]\naddressbooks = [{name = "p"}]\n',
        '[sync]\naddressbooks = [{path = "x"}]\n',
        '[sync]\naddressbooks = [{name = "p", path = "x", version = "2.1"}]\n',
        '[sync]\naddressbooks = [{name = "p", path = "x"}, {name = "p", path = "y"}]\n',
        "[sync]\ncalendar = 3\n",
    ],
)
def test_errors_name_the_file(tmp_path: Path, text):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=str(path)):
        load_config(path)
