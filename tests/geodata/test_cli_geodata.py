"""`conflictmap geodata build` fails with one clear line and writes nothing on bad sources.

(The successful build takes minutes and needs the registries; it is what produced the
committed pack, which test_build.py checks.)"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mapapp.cli import main


def test_build_with_a_broken_source_package_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "package" / "data").mkdir(parents=True)
    (tmp_path / "package" / "data" / "build.json").write_text("{}", encoding="utf-8")
    (tmp_path / "qgis-common_0.0_all.deb").write_bytes(b"not a debian package")
    out = tmp_path / "pack.parquet"
    result = CliRunner().invoke(main, ["geodata", "build", "--workdir", str(tmp_path),
                                       "--out", str(out)])
    assert result.exit_code == 1
    assert "Error: dpkg-deb -x" in result.output and "failed" in result.output
    assert result.output.strip().count("\n") <= 1  # one line, no traceback
    assert not out.exists()


def test_geodata_group_is_registered() -> None:
    result = CliRunner().invoke(main, ["geodata", "--help"])
    assert result.exit_code == 0
    assert "build" in result.output
