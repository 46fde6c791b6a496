"""Keep the objects a server process loads at start-up out of the cyclic garbage collector's way.

Why: a web or worker process holds Django, every app, its URLconf and its caches: about 180 000 objects the
collector tracks. Python's collector walks all of them on every full collection, and the portal's work allocates
a great deal (a certificate render creates hundreds of thousands of objects), so full collections come often.
Measured on a certificate render in a process with the portal loaded: 8.7–13.4 ms of every render in the
collector with the defaults, 3.0 ms after ``gc.freeze()`` (docs/BENCHMARKS.md, "Certificate pipeline").

``gc.freeze()`` moves every object alive now to a permanent generation the collector skips; nothing is freed
less (those objects live as long as the process anyway) and a forked child shares their memory pages instead of
copying them when the collector would have touched them (the ``gc.freeze`` documentation's advice for a
pre-forking server).
"""
from __future__ import annotations

import gc


def freeze_long_lived_objects() -> int:
    """Import every view module (through the URLconf), collect once, then freeze what is alive; return how many
    objects are frozen. Call it when a process has finished starting: once more after a fork is harmless."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and every view module it names)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
