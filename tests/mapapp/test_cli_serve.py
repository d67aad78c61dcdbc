"""`conflictmap serve`: exactly this page, on the store the CLI was given, offline flags."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mapapp._cli_serve import APP_DIR, serve_command
from mapapp.cli import main
from mapapp.settings import Settings


def test_serve_runs_this_page_on_the_given_store(tmp_path: Path) -> None:
    settings = Settings({"db": str(tmp_path / "x.sqlite"), "data_dir": str(tmp_path)},
                        environ={})
    argv, env = serve_command(settings, "127.0.0.1", 8599)
    assert argv[1:4] == ["-m", "mapapp._serve", str(APP_DIR / "streamlit_app.py")]
    flags = dict(zip(argv[4::2], argv[5::2], strict=True))
    assert flags["--server.address"] == "127.0.0.1"
    assert flags["--server.port"] == "8599"
    assert flags["--server.enableStaticServing"] == "true"
    assert flags["--browser.gatherUsageStats"] == "false"
    assert flags["--server.fileWatcherType"] == "none"  # its setup delayed the first visit
    assert env["CONFLICTMAP_DB"] == str(tmp_path / "x.sqlite")
    assert env["CONFLICTMAP_GAZETTEER_INDEX"] == str(tmp_path / "gazetteer.sqlite")
    assert (APP_DIR / "static" / "vendor" / "leaflet" / "leaflet.js").is_file()
    config = (APP_DIR / ".streamlit" / "config.toml").read_text()
    assert "enableStaticServing = true" in config and 'fileWatcherType = "none"' in config


def test_serve_rejects_a_bad_port() -> None:
    result = CliRunner().invoke(main, ["serve", "--port", "70000"])
    assert result.exit_code == 2
    assert "70000 is not in the range" in result.output
