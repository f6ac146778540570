"""The kinds of file people may upload, and the check that an upload really is one of them.

One list serves two purposes: the models' validators refuse anything else (an HTML page or an SVG
image would run as the portal's own page and could read the admin), and the media view
(`apps.core.views.media`) serves only these types, with the content type chosen here and never guessed
from the file.

The content check reads the first few bytes ("magic numbers"): cheap, and enough to catch a web page
renamed to `.pdf` or `.jpg`. It is not a virus scanner.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

PDF_SIGNATURES = (b"%PDF-",)
ZIP_SIGNATURES = (b"PK\x03\x04",)  # Office Open XML and OpenDocument files are zip archives
OLE_SIGNATURES = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # older Word, Excel and PowerPoint files
RTF_SIGNATURES = (b"{\\rtf",)
JPEG_SIGNATURES = (b"\xff\xd8\xff",)
PNG_SIGNATURES = (b"\x89PNG\r\n\x1a\n",)


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str
    # How such a file begins; empty for the types `_looks_like` checks in its own way (WebP, plain text).
    signatures: tuple[bytes, ...] = ()
    is_image: bool = False


# Every type the portal accepts and serves, by extension (lower case, no dot).
FILE_TYPES = {
    "pdf": FileType("application/pdf", "PDF", PDF_SIGNATURES),
    "doc": FileType("application/msword", "Word", OLE_SIGNATURES),
    "docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word", ZIP_SIGNATURES
    ),
    "xls": FileType("application/vnd.ms-excel", "Excel", OLE_SIGNATURES),
    "xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", ZIP_SIGNATURES
    ),
    "ppt": FileType("application/vnd.ms-powerpoint", "PowerPoint", OLE_SIGNATURES),
    "pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint",
        ZIP_SIGNATURES,
    ),
    "odt": FileType("application/vnd.oasis.opendocument.text", "OpenDocument", ZIP_SIGNATURES),
    "ods": FileType("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument", ZIP_SIGNATURES),
    "odp": FileType("application/vnd.oasis.opendocument.presentation", "OpenDocument", ZIP_SIGNATURES),
    "rtf": FileType("application/rtf", "RTF", RTF_SIGNATURES),
    "txt": FileType("text/plain; charset=utf-8", "plain text"),
    "jpg": FileType("image/jpeg", "JPEG", JPEG_SIGNATURES, is_image=True),
    "jpeg": FileType("image/jpeg", "JPEG", JPEG_SIGNATURES, is_image=True),
    "png": FileType("image/png", "PNG", PNG_SIGNATURES, is_image=True),
    "webp": FileType("image/webp", "WebP", is_image=True),
}

IMAGE_EXTENSIONS = [extension for extension, file_type in FILE_TYPES.items() if file_type.is_image]
DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "rtf", "txt"]
OFFICE_EXTENSIONS = ["pdf", "doc", "docx", "odt", "ppt", "pptx", "odp", "xls", "xlsx", "ods", "rtf", "txt"]


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def file_type_for(name: str) -> FileType | None:
    """The allowed type of a file by its name, or None when the portal neither accepts nor serves it."""
    return FILE_TYPES.get(_extension(name))


def _looks_like(extension: str, head: bytes) -> bool:
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension == "txt":
        # Plain text: no NUL bytes (a binary file) and nothing a browser could take for a web page.
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return b"\x00" not in head and not stripped.startswith((b"<", b"%3c"))
    return head.startswith(FILE_TYPES[extension].signatures)


def _is_new_upload(value) -> bool:
    # A file already stored was checked when it was uploaded; reading it again on every save would fail
    # for a file moved by hand and cost a disk read for nothing.
    return getattr(value, "_committed", False) is False


def _read_head(value, size: int = 2048) -> bytes:
    value.seek(0)
    head = value.read(size)
    value.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _describe(extensions) -> str:
    labels = []
    for extension in extensions:
        label = FILE_TYPES[extension].label
        if label not in labels:
            labels.append(label)
    text = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + f" or {labels[-1]}"
    article = "an" if text[0] in "AEIOU" else "a"
    return f"{article} {text} file"


@deconstructible
class UploadTypeValidator:
    """Accepts only files whose extension is in `extensions` (all from FILE_TYPES) and whose first bytes
    match that extension. The message says, in plain words, what to upload instead."""

    def __init__(self, extensions):
        unknown = set(extensions) - set(FILE_TYPES)
        if unknown:
            raise ValueError(f"Not an allowed upload type: {sorted(unknown)}")
        self.extensions = list(extensions)

    def __call__(self, value):
        extension = _extension(getattr(value, "name", "") or "")
        wanted = _describe(self.extensions)
        if extension not in self.extensions:
            shown = f".{extension} files" if extension else "Files without an extension"
            raise ValidationError(
                f"{shown} cannot be uploaded here. Choose {wanted}.", code="file_type_not_allowed"
            )
        if _is_new_upload(value) and not _looks_like(extension, _read_head(value)):
            raise ValidationError(
                f"This file is named .{extension} but its contents are not {_describe([extension])}. "
                f"Save it again as {wanted} and upload that.",
                code="file_content_mismatch",
            )

    def __eq__(self, other):
        return isinstance(other, UploadTypeValidator) and self.extensions == other.extensions
