"""Small hostile PDFs for the verification tests, written byte by byte (with a correct cross-reference)."""


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF whose object n (from 1) is ``objects[n - 1]``; object 1 is the catalogue."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def field_tree_bomb(levels: int = 6, kids: int = 10) -> bytes:
    """About 1 KB whose form-field tree a reader walks kids**levels times: each level's field lists the
    next level's one field ``kids`` times."""
    first_field = 4
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [%d 0 R] >> >>" % first_field,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    for level in range(levels):
        child = first_field + level + 1
        objects.append(b"<< /T (v%d) /Kids [%s] >>" % (level, b" ".join([b"%d 0 R" % child] * kids)))
    objects.append(b"<< /T (zegel) /FT /Sig >>")
    return pdf_from_objects(objects)


def field_loop() -> bytes:
    """A form field that is its own child."""
    return pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /T (lus) /Kids [4 0 R] >>",
    ])
