"""Version guards: code written against a library's internals refuses to run on a version it was not
written for, loudly, instead of misbehaving quietly after an upgrade.

``require("kombu", ">=5.4,<5.8", patch=__name__)`` raises :class:`UnsupportedVersion` (a RuntimeError)
when the installed distribution is outside the range or missing. The ranges match the dependency
pins in pyproject.toml, so pip never installs a version a guard would refuse; whoever widens a pin
re-reads the patch, then widens its guard.
"""
from importlib import metadata

from packaging.specifiers import SpecifierSet
from packaging.version import Version


class UnsupportedVersion(RuntimeError):
    """The installed library is outside the range a patch was written for."""


def require(distribution: str, supported: str, *, patch: str) -> Version:
    """The installed version of ``distribution``, if ``supported`` (a PEP 440 specifier) includes it."""
    try:
        installed = Version(metadata.version(distribution))
    except metadata.PackageNotFoundError as exc:
        raise UnsupportedVersion(f"{patch} patches {distribution}, which is not installed.") from exc
    if not SpecifierSet(supported).contains(installed, prereleases=True):
        raise UnsupportedVersion(
            f"{patch} was written for {distribution}{supported}, but {distribution} {installed} is installed. "
            f"Check that the patch is still needed and still right for {installed}, then widen the range "
            f"in {patch} and the pin in pyproject.toml."
        )
    return installed
