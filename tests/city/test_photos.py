"""city.photos: only clean, upright, size-capped JPEGs come out; everything else is refused in Dutch."""

import hashlib
import io
import struct
import zlib
from fractions import Fraction

import pillow_heif
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageCms, TiffImagePlugin

from city.photos import PhotoRejected, ProcessedPhoto, process_photo, process_upload

JPEG_MAGIC = b"\xff\xd8\xff"


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def two_halves(size=(200, 100), left=(255, 0, 0), right=(0, 0, 255), mode="RGB"):
    """An image whose left half and right half differ, so rotations can be told apart."""
    image = Image.new(mode, size, right)
    image.paste(Image.new(mode, (size[0] // 2, size[1]), left), (0, 0))
    return image


def noise(size=(400, 300)):
    """Random pixels compress badly, giving a JPEG with a long scan to truncate."""
    return Image.frombytes("RGB", size, bytes((i * 7919 + i // 3) % 251 for i in range(size[0] * size[1] * 3)))


def encode(image, fmt="JPEG", **params):
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def rational(value):
    fraction = Fraction(value).limit_denominator(10_000)
    return TiffImagePlugin.IFDRational(fraction.numerator, fraction.denominator)


def dms(degrees):
    """Decimal degrees to the EXIF (degrees, minutes, seconds) triple of rationals."""
    whole = int(degrees)
    minutes = int((degrees - whole) * 60)
    seconds = round((degrees - whole - minutes / 60) * 3600, 4)
    return (rational(whole), rational(minutes), rational(seconds))


def exif_with_gps(lat_ref="N", lat=51.03, lon_ref="E", lon=3.42, orientation=None):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    if lat_ref is not None:
        gps[ExifTags.GPS.GPSLatitudeRef] = lat_ref
    gps[ExifTags.GPS.GPSLatitude] = dms(lat) if isinstance(lat, float) else lat
    if lon_ref is not None:
        gps[ExifTags.GPS.GPSLongitudeRef] = lon_ref
    gps[ExifTags.GPS.GPSLongitude] = dms(lon) if isinstance(lon, float) else lon
    return exif


def png_header_only(width, height):
    """A PNG whose header claims the given size, with almost no pixel data (a decompression bomb)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


def reopen(photo: ProcessedPhoto) -> Image.Image:
    image = Image.open(io.BytesIO(photo.content))
    assert image.format == "JPEG"
    return image


def assert_clean(photo: ProcessedPhoto):
    """No metadata at all: no EXIF, ICC, XMP, comment, and no APP1/APP2/COM segment in the bytes."""
    assert photo.content.startswith(JPEG_MAGIC)
    assert photo.content_type == "image/jpeg"
    assert photo.sha256 == hashlib.sha256(photo.content).hexdigest()
    image = reopen(photo)
    assert len(image.getexif()) == 0
    for key in ("exif", "icc_profile", "xmp", "comment", "progressive", "progression"):
        assert key not in image.info, key
    assert (image.width, image.height) == (photo.width, photo.height)
    assert b"Exif\x00\x00" not in photo.content
    assert b"ICC_PROFILE" not in photo.content
    assert b"http://ns.adobe.com/xap/" not in photo.content
    markers = jpeg_markers(photo.content)
    assert markers[-1] == 0xDA  # ends at the start of scan
    assert 0xC0 in markers and 0xC2 not in markers  # baseline DCT, not progressive
    assert not ({0xFE} | set(range(0xE1, 0xF0))) & set(markers), [hex(m) for m in markers]  # no COM, APP1-APP15


def jpeg_markers(data: bytes) -> list[int]:
    """The segment markers of a JPEG up to and including the start of scan."""
    assert data[:2] == b"\xff\xd8"
    markers, offset = [], 2
    while offset < len(data):
        assert data[offset] == 0xFF, offset
        marker = data[offset + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        (length,) = struct.unpack(">H", data[offset + 2 : offset + 4])
        offset += 2 + length
    raise AssertionError("no start of scan")


def assert_rejected(excinfo, code, *phrases):
    assert excinfo.value.code == code
    assert isinstance(excinfo.value, ValueError)
    assert str(excinfo.value) == excinfo.value.message
    for phrase in phrases:
        assert phrase in excinfo.value.message


# --------------------------------------------------------------------------- accepted


def test_jpeg_orientation_is_applied_and_all_metadata_removed():
    exif = exif_with_gps(orientation=6)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(two_halves(), exif=exif.tobytes(), icc_profile=srgb, comment=b"secret camera serial 123")
    assert b"secret camera serial" in data

    photo = process_photo(data, filename="IMG_0001.JPG")

    # Orientation 6 means "rotate 90 degrees clockwise to view": 200x100 becomes 100x200, the
    # left (red) half ends up on top.
    assert (photo.width, photo.height) == (100, 200)
    image = reopen(photo).convert("RGB")
    top, bottom = image.getpixel((50, 40)), image.getpixel((50, 160))
    assert top[0] > 200 and top[2] < 60, top
    assert bottom[2] > 200 and bottom[0] < 60, bottom
    assert_clean(photo)
    assert b"secret camera serial" not in photo.content
    assert b"TestCam" not in photo.content


def test_comment_xmp_and_exif_of_an_upright_photo_are_removed():
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    data = encode(two_halves(), exif=exif_with_gps().tobytes(), comment=b"serial 123", xmp=xmp)
    assert Image.open(io.BytesIO(data)).info.get("comment") == b"serial 123"
    photo = process_photo(data)
    assert b"serial 123" not in photo.content
    assert_clean(photo)


def test_gps_is_read_before_stripping():
    data = encode(two_halves(), exif=exif_with_gps(lat=51.03, lon=3.42).tobytes())
    photo = process_photo(data)
    assert photo.gps is not None
    assert photo.gps == pytest.approx((51.03, 3.42), abs=1e-5)
    assert_clean(photo)


def test_gps_southern_and_western_hemispheres_are_negative():
    data = encode(two_halves(), exif=exif_with_gps("S", 33.8568, "W", 151.2153).tobytes())
    assert process_photo(data).gps == pytest.approx((-33.8568, -151.2153), abs=1e-5)


@pytest.mark.parametrize(
    "exif",
    [
        exif_with_gps(lat_ref=None),  # no hemisphere: the sign would be a guess
        exif_with_gps(lat=(TiffImagePlugin.IFDRational(51, 0), rational(0), rational(0))),  # 51/0
        exif_with_gps(lat=0.0, lon=0.0),  # "null island": written by phones without a fix
        exif_with_gps(lat=(rational(95), rational(0), rational(0))),  # beyond the pole
        exif_with_gps(lat_ref="X"),
    ],
    ids=["no-ref", "zero-denominator", "null-island", "out-of-range", "bad-ref"],
)
def test_broken_gps_is_ignored_not_fatal(exif):
    photo = process_photo(encode(two_halves(), exif=exif.tobytes()))
    assert photo.gps is None
    assert_clean(photo)


def test_no_exif_means_no_gps():
    assert process_photo(encode(two_halves())).gps is None


def test_png_with_alpha_is_flattened_on_white():
    image = Image.new("RGBA", (120, 80), (0, 0, 0, 0))
    image.paste(Image.new("RGBA", (40, 40), (255, 0, 0, 255)), (0, 0))
    photo = process_photo(encode(image, "PNG"), filename="scan.png")
    assert (photo.width, photo.height) == (120, 80)
    out = reopen(photo).convert("RGB")
    assert min(out.getpixel((100, 60))) > 245  # transparent became white, not black
    red = out.getpixel((10, 10))
    assert red[0] > 200 and red[1] < 60
    assert_clean(photo)


def test_palette_and_greyscale_pngs_become_rgb():
    palette = two_halves().convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    transparent = palette.copy()
    transparent.info["transparency"] = 0
    for image in (palette, transparent, Image.new("L", (50, 40), 128), Image.new("I;16", (50, 40), 40000)):
        photo = process_photo(encode(image, "PNG"))
        assert reopen(photo).mode == "RGB"
        assert (photo.width, photo.height) == image.size
    grey = reopen(process_photo(encode(Image.new("I;16", (50, 40), 40000), "PNG"))).getpixel((10, 10))
    assert 140 < grey[0] < 170  # 40000/65535 of white, not clipped to 255


def test_cmyk_jpeg_is_converted():
    photo = process_photo(encode(Image.new("CMYK", (60, 40), (0, 255, 255, 0))))
    pixel = reopen(photo).getpixel((30, 20))
    assert pixel[0] > 200 and pixel[1] < 80 and pixel[2] < 80  # cyan 0, magenta+yellow full: red


def test_heic_is_accepted():
    pillow_heif.register_heif_opener()
    data = encode(two_halves((160, 120)), "HEIF", quality=90)
    assert data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1")
    photo = process_photo(data, filename="IMG_1234.HEIC")
    assert (photo.width, photo.height) == (160, 120)
    assert_clean(photo)


def test_heic_gps_is_read():
    pillow_heif.register_heif_opener()
    data = encode(two_halves((64, 48)), "HEIF", exif=exif_with_gps(lat=51.02, lon=3.41).tobytes())
    photo = process_photo(data)
    assert photo.gps == pytest.approx((51.02, 3.41), abs=1e-5)
    assert_clean(photo)


def test_multi_picture_jpeg_keeps_the_first_picture():
    # Many phones and cameras write MPO (a JPEG with extra pictures); refusing it would refuse their photos.
    data = encode(
        Image.new("RGB", (80, 60), (0, 200, 0)), "MPO", save_all=True, append_images=[Image.new("RGB", (80, 60), "red")]
    )
    photo = process_photo(data)
    pixel = reopen(photo).getpixel((40, 30))
    assert pixel[1] > 150 and pixel[0] < 60
    assert_clean(photo)


def test_animated_png_keeps_the_first_frame():
    frames = [Image.new("RGB", (40, 30), "blue"), Image.new("RGB", (40, 30), "red")]
    data = encode(frames[0], "PNG", save_all=True, append_images=frames[1:])
    assert Image.open(io.BytesIO(data)).n_frames == 2
    pixel = reopen(process_photo(data)).getpixel((20, 15))
    assert pixel[2] > 200 and pixel[0] < 60


def test_longest_side_is_capped(settings):
    settings.DESK_PHOTO_MAX_SIDE = 256
    photo = process_photo(encode(noise((1000, 500))))
    assert (photo.width, photo.height) == (256, 128)
    assert photo.content.startswith(JPEG_MAGIC)
    assert reopen(photo).size == (256, 128)


def test_default_cap_is_2048():
    photo = process_photo(encode(Image.new("RGB", (3000, 1500), "white")))
    assert max(photo.width, photo.height) == 2048
    assert (photo.width, photo.height) == (2048, 1024)


def test_small_photos_are_not_enlarged():
    photo = process_photo(encode(Image.new("RGB", (30, 20), "white")))
    assert (photo.width, photo.height) == (30, 20)


def test_file_objects_are_accepted_and_identical_photos_hash_alike():
    data = encode(two_halves())
    from_bytes = process_photo(data)
    from_file = process_photo(io.BytesIO(data))
    assert from_file == from_bytes


def test_process_upload_reads_a_django_upload():
    upload = SimpleUploadedFile("foto.heic", encode(two_halves()), content_type="image/heic")
    upload.read()  # as if a validator had read it already
    photo = process_upload(upload)
    assert (photo.width, photo.height) == (200, 100)


# --------------------------------------------------------------------------- refused


NOT_A_PHOTO = ("We kunnen dit bestand niet openen als foto", "JPG-, PNG- of HEIC-foto")


def test_gif_is_refused():
    data = encode(Image.new("P", (20, 20)), "GIF")
    with pytest.raises(PhotoRejected) as excinfo:
        process_photo(data, filename="photo.jpg")
    assert_rejected(excinfo, "not_a_photo", *NOT_A_PHOTO)


def test_webp_is_refused():
    with pytest.raises(PhotoRejected) as excinfo:
        process_photo(encode(Image.new("RGB", (20, 20)), "WEBP"))
    assert_rejected(excinfo, "not_a_photo", *NOT_A_PHOTO)


def test_pdf_is_refused():
    pdf = encode(Image.new("RGB", (20, 20), "white"), "PDF")
    assert pdf.startswith(b"%PDF")
    with pytest.raises(PhotoRejected) as excinfo:
        process_photo(pdf, filename="foto.jpg")
    assert_rejected(excinfo, "not_a_photo", *NOT_A_PHOTO)


def test_text_file_named_jpg_is_refused():
    upload = SimpleUploadedFile("vakantie.jpg", b"Dit is geen foto, maar tekst.\n" * 10, content_type="image/jpeg")
    with pytest.raises(PhotoRejected) as excinfo:
        process_upload(upload)
    assert_rejected(excinfo, "not_a_photo", *NOT_A_PHOTO)


def test_truncated_jpeg_is_refused():
    data = encode(noise(), quality=95)
    with pytest.raises(PhotoRejected) as excinfo:
        process_photo(data[: len(data) * 2 // 3])
    assert_rejected(excinfo, "damaged", "beschadigd", "Kies de foto opnieuw")


def test_truncated_png_is_refused():
    data = encode(noise(), "PNG")
    with pytest.raises(PhotoRejected) as excinfo:
        process_photo(data[: len(data) // 2])
    assert_rejected(excinfo, "damaged")


def test_empty_file_is_refused():
    with pytest.raises(PhotoRejected) as excinfo:
        process_photo(b"")
    assert_rejected(excinfo, "empty", "Kies een foto")


def test_oversized_file_is_refused_before_decoding(settings):
    settings.DESK_PHOTO_MAX_BYTES = 1000
    data = encode(noise((100, 100)))
    assert len(data) > 1000
    with pytest.raises(PhotoRejected) as excinfo:
        process_photo(data)
    assert_rejected(excinfo, "too_large", "Deze foto is groter dan 1 kB.", "Kies een kleinere foto.")


def test_default_size_message_says_10_mb():
    with pytest.raises(PhotoRejected) as excinfo:
        process_photo(b"\xff\xd8\xff" + b"\x00" * (10 * 1024 * 1024))
    assert excinfo.value.message == "Deze foto is groter dan 10 MB. Kies een kleinere foto."


def test_process_upload_trusts_a_large_declared_size_without_reading(settings):
    settings.DESK_PHOTO_MAX_BYTES = 1000

    class Upload:
        name = "groot.jpg"
        size = 5_000_000

        def read(self, *args):
            raise AssertionError("an oversized upload must not be read")

    with pytest.raises(PhotoRejected) as excinfo:
        process_upload(Upload())
    assert_rejected(excinfo, "too_large")


def test_process_upload_reads_at_most_the_limit_plus_one(settings):
    settings.DESK_PHOTO_MAX_BYTES = 1000
    reads = []

    class LyingUpload(io.BytesIO):
        name = "klein.jpg"
        size = 10  # a client-declared size can lie

        def read(self, size=-1):
            reads.append(size)
            return super().read(size)

    with pytest.raises(PhotoRejected) as excinfo:
        process_upload(LyingUpload(encode(noise((100, 100)))))
    assert_rejected(excinfo, "too_large")
    assert reads == [1001]


def test_decompression_bomb_is_refused():
    # 30000 x 30000 = 900 megapixels claimed by a file of a few hundred bytes: Pillow's own guard.
    with pytest.raises(PhotoRejected) as excinfo:
        process_photo(png_header_only(30_000, 30_000))
    assert_rejected(excinfo, "too_many_pixels", "te veel pixels")


def test_more_than_50_megapixels_is_refused_before_decoding():
    # 8000 x 7000 = 56 megapixels: below Pillow's limit, above ours.
    with pytest.raises(PhotoRejected) as excinfo:
        process_photo(png_header_only(8000, 7000))
    assert_rejected(excinfo, "too_many_pixels", "te veel pixels")


def test_pixel_limit_follows_settings(settings):
    settings.DESK_PHOTO_MAX_PIXELS = 100 * 100
    with pytest.raises(PhotoRejected) as excinfo:
        process_photo(encode(Image.new("RGB", (101, 100))))
    assert_rejected(excinfo, "too_many_pixels")


def test_truncated_jpeg_is_refused_even_after_weasyprint_switched_truncated_loading_on(monkeypatch):
    """WeasyPrint sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True when imported (the worker imports it)."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    for complete in (encode(noise()), encode(noise(), "PNG")):
        with pytest.raises(PhotoRejected):
            process_photo(complete[: len(complete) // 2])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored for WeasyPrint
