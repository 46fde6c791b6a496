"""Patches to libraries, in one visible place: one module per library.

Each module says in its docstring why the patch exists, refuses to run on a library version it was not
written for (:mod:`common.patches.versions`), marks the patched lines with ``# PATCHED:``, and offers one
``apply()``. :func:`apply_all` applies them all, once per process: ``portal/celery.py`` calls it, and
every process imports that module first (``portal/__init__.py`` loads the Celery app with Django, and
``celery -A portal`` loads it before the worker connects to the broker).

* :mod:`common.patches.kombu`: the filesystem broker writes messages atomically and makes its folders.
* :mod:`common.patches.pillow`: strict decoding of untrusted images despite WeasyPrint's global flag.
* :mod:`common.patches.pyhanko`: the seal's signing-certificate-v2 attribute encoded once per certificate
  (half of a seal's CPU time). Applied by certificates/signer.py when pyHanko is loaded, not here: pyHanko
  takes ~0.3 s to import and only the processes that seal need it.

Not patches, so not here: the admin's two-factor site is Django's documented custom default site
(portal/admin_site.py); the seal's signer that keeps its loaded key is a subclass of pyHanko's public
SimpleSigner (certificates/signer.py, with its own version guard).
"""

_applied = False


def apply_all() -> None:
    """Apply every patch (idempotent). Raises UnsupportedVersion when a library is outside a patch's range."""
    global _applied
    if _applied:
        return
    from . import kombu, pillow  # on first call: the patched libraries load only when patching is due

    for patch in (kombu, pillow):
        patch.apply()
    _applied = True
