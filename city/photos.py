"""Residents' photos for reports: check, clean and re-encode them before anything stores them.

Used for the report form, and later for e-mail attachments and Open311 uploads, so it works on
plain bytes or file objects and knows nothing about models or storage.

What :func:`process_photo` guarantees about its output:

* It is a baseline JPEG (quality 85) that Pillow decoded and re-encoded, so nothing of the
  uploaded file survives but its pixels: no EXIF (camera serial, GPS, time), ICC, XMP or comments.
* It is upright: the EXIF orientation is applied to the pixels before the EXIF is dropped.
* Its longest side is at most ``DESK_PHOTO_MAX_SIDE`` (2048) pixels.
* Colours are sRGB: an embedded ICC profile (Display P3 from iPhones, Adobe RGB, CMYK) is
  converted rather than dropped; transparency is flattened onto white.

What it refuses, with a :class:`PhotoRejected` whose message can be shown to the resident:

* files larger than ``DESK_PHOTO_MAX_BYTES`` (10 MB), checked before decoding;
* anything that is not JPEG, PNG or HEIC/HEIF *by its content* (the name and the declared
  content type are never trusted; GIF, WebP, PDF, SVG... are refused);
* images with more than ``DESK_PHOTO_MAX_PIXELS`` (50 megapixels) or that Pillow flags as a
  decompression bomb, checked from the header before the pixels are decoded;
* truncated or corrupt files.

Multi-image files are *not* refused: the first frame (APNG) or primary image (HEIC, and the
MPO "JPEG" that many Android phones and cameras write with a depth map or preview) is used.
Refusing them would turn away ordinary phone photos; the extra frames are simply dropped.

The GPS position in the EXIF, if any, is returned separately in :attr:`ProcessedPhoto.gps` so
the form can offer it as the report's location; it never ends up in the stored file.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any

import pillow_heif
from django.conf import settings
from django.utils.translation import gettext
from PIL import ExifTags, Image, ImageCms, ImageOps

from common.patches.pillow import strict_image_decoding

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_SIDE = 2048
# 50 MP covers every phone camera in normal mode (a 48/50 MP sensor) while keeping the decoded
# image below ~150 MB of RAM (RGB) in a web worker.
DEFAULT_MAX_PIXELS = 50_000_000
JPEG_QUALITY = 85

# Format names as Pillow reports them; pillow-heif registers "HEIF" for both .heic and .heif.
# Restricting Image.open to these means no other decoder (with its own attack surface) ever runs.
ACCEPTED_FORMATS = ("JPEG", "PNG", "HEIF")


class PhotoRejected(ValueError):
    """The upload cannot be used as a photo; ``message`` tells the resident what to do.

    ``code`` is a stable identifier (``too_large``, ``too_many_pixels``, ``not_a_photo``,
    ``damaged``, ``empty``) for form errors, logging and tests.
    """

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class ProcessedPhoto:
    """A cleaned photo, ready to store. ``gps`` is ``(lat, lon)`` from the original's EXIF, or ``None``."""

    content: bytes
    width: int
    height: int
    sha256: str  # of ``content``, so the same cleaned photo uploaded twice can be recognised
    gps: tuple[float, float] | None = None
    content_type: str = "image/jpeg"


# --------------------------------------------------------------------------- settings


def max_bytes() -> int:
    """The largest accepted upload in bytes (``DESK_PHOTO_MAX_BYTES``, default 10 MB)."""
    return int(getattr(settings, "DESK_PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES))


def _max_side() -> int:
    return int(getattr(settings, "DESK_PHOTO_MAX_SIDE", DEFAULT_MAX_SIDE))


def _max_pixels() -> int:
    return int(getattr(settings, "DESK_PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        megabytes = size / (1024 * 1024)
        return f"{megabytes:.0f} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB".replace(".", ",")
    return f"{max(1, size // 1024)} kB"


# --------------------------------------------------------------------------- rejections
# Built on demand so gettext uses the language active for the resident's request.


def _too_large() -> PhotoRejected:
    return PhotoRejected(
        gettext("Deze foto is groter dan %(size)s. Kies een kleinere foto.") % {"size": _human_size(max_bytes())},
        code="too_large",
    )


def _too_many_pixels() -> PhotoRejected:
    return PhotoRejected(
        gettext("Deze foto heeft te veel pixels. Maak de foto kleiner of kies een andere foto."),
        code="too_many_pixels",
    )


def _not_a_photo() -> PhotoRejected:
    return PhotoRejected(
        gettext("We kunnen dit bestand niet openen als foto. Kies een JPG-, PNG- of HEIC-foto."),
        code="not_a_photo",
    )


def _damaged() -> PhotoRejected:
    return PhotoRejected(
        gettext("Deze foto is beschadigd of niet volledig. Kies de foto opnieuw of neem een nieuwe foto."),
        code="damaged",
    )


def _empty() -> PhotoRejected:
    return PhotoRejected(gettext("Dit bestand is leeg. Kies een foto."), code="empty")


# --------------------------------------------------------------------------- GPS


def _to_degrees(value: Any) -> float:
    """EXIF degrees/minutes/seconds (three rationals) to decimal degrees.

    Some writers store a single decimal value or leave out the seconds; both are accepted.
    """
    parts = [float(part) for part in (value if isinstance(value, tuple | list) else (value,))]
    if not 1 <= len(parts) <= 3:
        raise ValueError("unexpected GPS coordinate shape")
    degrees = 0.0
    for part, scale in zip(parts, (1, 60, 3600), strict=False):
        degrees += part / scale
    return degrees


def _ref(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "ignore")
    return str(value).strip("\x00 ").upper()


def _read_gps(image: Image.Image) -> tuple[float, float] | None:
    """The EXIF GPS position as ``(lat, lon)``, or ``None`` if absent or implausible."""
    try:
        gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        if not gps:
            return None
        lat_ref, lon_ref = _ref(gps[ExifTags.GPS.GPSLatitudeRef]), _ref(gps[ExifTags.GPS.GPSLongitudeRef])
        if lat_ref not in ("N", "S") or lon_ref not in ("E", "W"):
            return None  # without the hemisphere the sign is a guess: better no position
        lat = _to_degrees(gps[ExifTags.GPS.GPSLatitude]) * (-1 if lat_ref == "S" else 1)
        lon = _to_degrees(gps[ExifTags.GPS.GPSLongitude]) * (-1 if lon_ref == "W" else 1)
    except Exception:  # EXIF is untrusted, free-form input; broken GPS is simply no GPS
        logger.debug("Ignoring unreadable GPS data in a photo", exc_info=True)
        return None
    # 0/0 rationals become NaN, and (0, 0) is what some phones write without a fix.
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    if lat == 0 and lon == 0:
        return None
    return round(lat, 7), round(lon, 7)


# --------------------------------------------------------------------------- pixels


@lru_cache(maxsize=1)
def _register_heif() -> None:
    # Idempotent, but done once: it mutates Pillow's global plugin registry.
    pillow_heif.register_heif_opener()


@lru_cache(maxsize=1)
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to plain 8-bit RGB in sRGB, using the embedded ICC profile when there is one."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, source, _srgb(), outputMode="RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            # A broken profile is not worth refusing the photo over: colours may be a bit off.
            logger.info("Ignoring an unusable ICC profile in a photo", exc_info=True)
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        # 16-bit greyscale (some PNGs): scale to 8 bits, or convert() would clip nearly all to white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flattened = Image.new("RGB", rgba.size, (255, 255, 255))
        flattened.paste(rgba, mask=rgba.getchannel("A"))
        return flattened
    return image.convert("RGB")


def _clean_jpeg(image: Image.Image) -> tuple[bytes, int, int]:
    # A brand-new image carries no info dict, so nothing (comments, EXIF, ICC, XMP) can leak
    # through Pillow's defaults: JPEG saving, for one, copies a source comment on its own.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    buffer = io.BytesIO()
    # optimize=True only tunes the Huffman tables; the file stays baseline (not progressive).
    clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False)
    return buffer.getvalue(), clean.width, clean.height


def _decode(raw: bytes) -> tuple[Image.Image, tuple[float, float] | None]:
    """Open, check and fully decode an upload; returns the upright sRGB image and its GPS."""
    _register_heif()
    try:
        # Opening a PNG reads its text chunks: an oversized one must be refused here too, even after
        # WeasyPrint switched truncated loading on (Pillow then drops the chunk and carries on).
        with strict_image_decoding():
            image = Image.open(io.BytesIO(raw), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except Exception as exc:  # any failure to identify untrusted bytes means "not a photo"
        raise _not_a_photo() from exc

    with image:
        width, height = image.size
        if width < 1 or height < 1 or width * height > _max_pixels():
            raise _too_many_pixels()
        try:
            with strict_image_decoding():  # reading PNG metadata already decodes the whole image
                gps = _read_gps(image)
                image.seek(0)  # the first frame / primary image of a multi-image file
                if image.format == "JPEG" or image.format == "MPO":
                    # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when the photo is far larger than we
                    # keep: the same result after resizing, for a fraction of the memory and time.
                    image.draft("RGB", (_max_side(), _max_side()))
                image.load()
            upright = ImageOps.exif_transpose(image)
            rgb = _to_srgb(upright)
        except PhotoRejected:
            raise
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels() from exc
        except Exception as exc:  # truncated or corrupt data surfaces as many exception types
            raise _damaged() from exc
    rgb.thumbnail((_max_side(), _max_side()), Image.Resampling.LANCZOS)
    return rgb, gps


# --------------------------------------------------------------------------- public API


def process_photo(data: bytes | IO[bytes], *, filename: str = "") -> ProcessedPhoto:
    """Check an uploaded photo and return a clean, upright, size-capped JPEG copy.

    ``data`` is the file's bytes or a binary file object (read from its current position, at
    most ``DESK_PHOTO_MAX_BYTES + 1`` bytes). ``filename`` is only used in log messages: the
    type is always decided from the content. Raises :class:`PhotoRejected` with a message for
    the resident when the file cannot be used.
    """
    limit = max_bytes()
    raw = data if isinstance(data, bytes | bytearray | memoryview) else data.read(limit + 1)
    raw = bytes(raw)
    if len(raw) > limit:
        raise _too_large()
    if not raw:
        raise _empty()
    try:
        image, gps = _decode(raw)
    except PhotoRejected as rejected:
        logger.info("Photo %r rejected: %s", filename, rejected.code)
        raise
    content, width, height = _clean_jpeg(image)
    return ProcessedPhoto(
        content=content,
        width=width,
        height=height,
        sha256=hashlib.sha256(content).hexdigest(),
        gps=gps,
    )


def process_upload(uploaded_file: Any) -> ProcessedPhoto:
    """:func:`process_photo` for a Django ``UploadedFile`` (form field or ``request.FILES``).

    The declared ``size`` is checked first so an oversized upload is refused without reading
    it, and no more than the limit plus one byte is ever read into memory.
    """
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > max_bytes():
        raise _too_large()
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)  # a form's ImageField or an earlier validator may have read it already
    return process_photo(uploaded_file, filename=str(getattr(uploaded_file, "name", "") or ""))
