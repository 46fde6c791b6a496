"""What every certificate render can share, built once per process: the parsed print stylesheet, WeasyPrint's
font configuration and its image cache.

Why: a bare WeasyPrint render of a certificate loads Fontconfig's configuration and every system font
(``FontConfiguration()``), starts Pango's font map with cold shaping caches, parses print.css and parses the
city's logo again, for every document. Reused, a render costs about a quarter less CPU (interleaved renders of
the same certificate: 124.5 ms naive, 93.5 ms with the kit; docs/BENCHMARKS.md, "Certificate pipeline"), which
pays for the seal, the QR code and the delivery.

Safe to share: WeasyPrint documents ``font_config`` and ``cache`` as reusable across documents, and a ``CSS``
object is read-only once parsed. The kit is keyed on the process id (a Celery prefork child builds its own
after the fork instead of inheriting the parent's Fontconfig and Pango handles), on the thread (Pango's font
map is not thread-safe) and on the path and mtime of
every file it holds (print.css and the logo), so a deploy that changes either is picked up without a restart.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from common.forksafe import ForkSafeLock


@dataclass(frozen=True)
class PrintKit:
    stylesheet: object  # weasyprint.CSS, print.css parsed with ``font_config``
    font_config: object  # weasyprint.text.fonts.FontConfiguration
    image_cache: dict  # WeasyPrint's image cache (URL → parsed image): the logo, parsed once
    file_schemes: tuple[str, ...]  # the URL schemes of files (our static folders): their images are shared

    def image_cache_for_document(self) -> DocumentImageCache:
        """The image cache one render gets: the shared images, plus a layer of its own for the rest."""
        return DocumentImageCache(self.image_cache, file_schemes=self.file_schemes)


class DocumentImageCache(dict):
    """One document's view of the kit's image cache. An image of a file (keyed by its URL) goes to the shared
    cache and serves the next documents too; anything else, such as the document's QR code (one URL per
    certificate) and the PNG data WeasyPrint keeps for it, stays in this document's own layer (this dict) and goes
    with it, so the shared cache does not grow by one image per certificate for the life of the process.

    A dict, not a ChainMap: WeasyPrint takes any other mapping for a folder of a disk cache."""

    def __init__(self, shared: dict, *, file_schemes: tuple[str, ...]):
        super().__init__()
        self.shared = shared
        self.file_prefixes = tuple(f"{scheme}:" for scheme in file_schemes)

    def __missing__(self, key):
        return self.shared[key]

    def __contains__(self, key) -> bool:
        return super().__contains__(key) or key in self.shared

    def __setitem__(self, key, value) -> None:
        if isinstance(key, str) and key.startswith(self.file_prefixes):
            self.shared[key] = value
        else:
            super().__setitem__(key, value)


_kit: dict[tuple, PrintKit] = {}
_lock = ForkSafeLock()


def _files_key(files) -> tuple:
    """(path, mtime) of each file the kit depends on."""
    return tuple((str(path), path.stat().st_mtime_ns) for path in files)


def print_kit(*, stylesheet_url: str, files, base_url: str | None, url_fetcher,
              file_schemes: tuple[str, ...] = ("file",)) -> PrintKit:
    """This process's kit for ``stylesheet_url``, rebuilt when one of ``files`` (the stylesheet and the images
    it shares, as paths) changes. ``file_schemes``: the URL schemes that name files, whose images are shared."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    # Per thread as well: Pango's font map is not thread-safe (a thread pool gets one kit per thread).
    key = (os.getpid(), threading.get_ident(), stylesheet_url, base_url, _files_key(files))
    kit = _kit.get(key)
    if kit is not None:
        return kit
    with _lock:
        kit = _kit.get(key)
        if kit is None:
            font_config = FontConfiguration()
            stylesheet = CSS(url=stylesheet_url, base_url=base_url, url_fetcher=url_fetcher,
                             font_config=font_config, media_type="print")
            kit = PrintKit(stylesheet=stylesheet, font_config=font_config, image_cache={},
                           file_schemes=tuple(file_schemes))
            # Drop this process's older kits (changed files). A kit inherited from the parent process stays
            # referenced: destroying its FontConfiguration here would delete the parent's temporary font
            # folder (@font-face fonts), which the parent still uses.
            for old in [k for k in _kit if k[:2] == key[:2]]:
                del _kit[old]
            _kit[key] = kit
        return kit
