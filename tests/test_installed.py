import sys
from importlib import metadata
from pathlib import Path

import pytest

from arch_draw.installed import package_directory, package_version


@pytest.mark.parametrize("package", ["diagrams", "pygraphviz", "click"])
def test_the_version_agrees_with_importlib_metadata(package: str) -> None:
    assert package_version(package, package) == metadata.version(package)


def test_a_package_that_is_not_installed_has_no_version() -> None:
    assert package_version("no-such-dist", "no_such_module") == ""
    with pytest.raises(ImportError, match="the `no_such_module` package is not installed"):
        package_directory("no_such_module")


def test_other_layouts_are_asked_of_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An egg-info directory, as old installers left: no dist-info to read the name of.
    (tmp_path / "eggpkg").mkdir()
    (tmp_path / "eggpkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "eggpkg-3.1.egg-info").mkdir()
    (tmp_path / "eggpkg-3.1.egg-info" / "PKG-INFO").write_text(
        "Metadata-Version: 1.1\nName: eggpkg\nVersion: 3.1\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert package_directory("eggpkg") == tmp_path.resolve() / "eggpkg"
    assert package_version("eggpkg", "eggpkg") == "3.1"
    assert "eggpkg" not in sys.modules  # found, never imported
