"""Where an installed package is and which version it is, without importing it.

`importlib.metadata` would answer too, but importing it costs about 0.04 s (it pulls
in the email and zip modules), a fifth of a warm build. Installers put a
`NAME-VERSION.dist-info` directory beside the package; that name is the answer.
`importlib.metadata` is the fallback for other layouts.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def package_directory(module: str) -> Path:
    """The directory of an installed top-level package, found without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ImportError(f"the `{module}` package is not installed")
    return Path(spec.origin).resolve().parent


def package_version(distribution: str, module: str) -> str:
    """The installed version of `distribution` (which provides `module`); '' if none."""
    try:
        beside = package_directory(module).parent
    except ImportError:
        return ""
    found = sorted(beside.glob(f"{distribution}-*.dist-info"))
    if found:
        return found[0].name.removeprefix(f"{distribution}-").removesuffix(".dist-info")
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""
