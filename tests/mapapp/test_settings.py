from pathlib import Path

import pytest

from mapapp.settings import SETTINGS, Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_documented_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in text]
    assert missing == []


def test_every_setting_has_help_text() -> None:
    assert all(len(s.help) > 20 for s in SETTINGS)


def test_paths_derive_from_data_dir(tmp_path: Path) -> None:
    s = Settings(environ={"CONFLICTMAP_DATA_DIR": str(tmp_path)})
    assert s.db == str(tmp_path / "events.sqlite")
    assert s.gazetteer_index == str(tmp_path / "gazetteer.sqlite")


def test_cli_override_beats_environment_which_beats_default(tmp_path: Path) -> None:
    env = {"CONFLICTMAP_DATA_DIR": str(tmp_path), "CONFLICTMAP_PORT": "9000"}
    assert Settings(environ={}).port == 8501
    assert Settings(environ=env).port == 9000
    assert Settings({"port": 9100}, environ=env).port == 9100


def test_booleans_parse_and_bad_values_name_the_variable() -> None:
    assert Settings(environ={"CONFLICTMAP_ONLINE_TILES": "yes"}).online_tiles is True
    assert Settings(environ={"CONFLICTMAP_ONLINE_TILES": "0"}).online_tiles is False
    with pytest.raises(ValueError, match="CONFLICTMAP_PORT"):
        Settings(environ={"CONFLICTMAP_PORT": "eighty"})
    with pytest.raises(ValueError, match="CONFLICTMAP_ONLINE_TILES"):
        Settings(environ={"CONFLICTMAP_ONLINE_TILES": "maybe"})


def test_unknown_override_is_refused() -> None:
    with pytest.raises(KeyError, match="unknown setting"):
        Settings({"colour": "red"}, environ={})
