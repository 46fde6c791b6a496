"""The per-process print kit (parsed print.css, font configuration, image cache): reused, and rebuilt when a
file it holds changes or in a new process."""
from __future__ import annotations

import io
import os

import pytest

from certificates import documents, print_kit


def kit_for(files):
    return print_kit.print_kit(stylesheet_url=documents.PRINT_CSS_URL, files=files, base_url=None,
                               url_fetcher=documents.static_only_fetcher())


def test_the_kit_is_built_once_and_rebuilt_when_a_file_changes(tmp_path):
    watched = tmp_path / "logo.svg"
    watched.write_text("<svg/>")
    first = kit_for([watched])
    assert kit_for([watched]) is first
    os.utime(watched, ns=(watched.stat().st_atime_ns, watched.stat().st_mtime_ns + 1_000_000))
    second = kit_for([watched])
    assert second is not first and second.image_cache == {}
    assert kit_for([watched]) is second


def test_a_new_process_builds_its_own_kit(monkeypatch, tmp_path):
    parents = kit_for([])
    monkeypatch.setattr(print_kit.os, "getpid", lambda: -1)  # as in a forked Celery child
    childs = kit_for([])
    assert childs is not parents
    # The parent's kit is left alone: destroying its FontConfiguration in the child would delete the
    # parent's temporary @font-face folder.
    assert any(kit is parents for kit in print_kit._kit.values())
    assert kit_for([]) is childs


def test_each_thread_has_its_own_kit():
    import threading

    mine = kit_for([])
    found = []
    thread = threading.Thread(target=lambda: found.append(kit_for([])))
    thread.start()
    thread.join()
    assert found[0] is not mine and kit_for([]) is mine


def test_the_shared_render_equals_the_linked_stylesheet_render():
    """The pipeline's render (print kit) and a render that links print.css give the same pages."""
    pikepdf = pytest.importorskip("pikepdf")
    html = ('<html lang="nl"><head><title>T</title>{link}</head><body><h1>Attest</h1>'
            '<table class="facts"><tr><th scope="row">Naam</th><td>Jan</td></tr></table></body></html>')
    linked = documents.render_html_to_pdf(html.format(link=f'<link rel="stylesheet" href="{documents.PRINT_CSS_URL}">'),
                                          title="T")
    shared = documents.render_html_to_pdf(html.format(link=""), title="T", shared=True)
    with pikepdf.open(io.BytesIO(linked)) as a, pikepdf.open(io.BytesIO(shared)) as b:
        assert len(a.pages) == len(b.pages)
        assert a.pages[0].Contents.read_bytes() == b.pages[0].Contents.read_bytes()


def test_a_document_s_qr_code_is_not_kept_in_the_shared_image_cache_and_the_logo_is():
    pikepdf = pytest.importorskip("pikepdf")
    logo = f"{documents.STATIC_SCHEME}:/city/logo.svg"
    kit = documents.shared_print_kit()
    for code in ("AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF"):
        html = (f'<html lang="nl"><head><title>T</title></head><body><img src="{logo}" alt="Logo">'
                f'<img src="{documents.qr_image_url(code)}" alt="QR"></body></html>')
        pdf = documents.render_html_to_pdf(html, title="T", shared=True)
        with pikepdf.open(io.BytesIO(pdf)) as document:
            assert any(x.Subtype == "/Image" for x in document.pages[0].Resources.XObject.values())  # the QR
    assert documents.shared_print_kit() is kit
    assert logo in kit.image_cache  # parsed once, for every document of this process
    assert all(key.startswith((f"{documents.STATIC_SCHEME}:", "file:")) for key in kit.image_cache)


def test_the_document_layer_sends_only_images_of_files_to_the_shared_cache():
    shared = {}
    layer = print_kit.DocumentImageCache(shared, file_schemes=("thuisloket-static", "file"))
    layer["thuisloket-static:/city/logo.svg"] = "logo"
    layer["file:///srv/static/seal.png"] = "seal"
    layer["thuisloket-qr:/AAAA-BBBB-CCCC"] = "qr"
    layer["0cc175b9c0f1b6a831c399e269772661-source-"] = b"png"
    assert shared == {"thuisloket-static:/city/logo.svg": "logo", "file:///srv/static/seal.png": "seal"}
    assert layer["thuisloket-qr:/AAAA-BBBB-CCCC"] == "qr" and "thuisloket-static:/city/logo.svg" in layer
