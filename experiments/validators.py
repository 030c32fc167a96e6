"""Checks on uploaded agreement documents: a real PDF (by content, not by name), not too big."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def max_pdf_bytes() -> int:
    """The size limit for agreement PDFs: settings.AGREEMENT_PDF_MAX_BYTES, 10 MB by default."""
    return getattr(settings, "AGREEMENT_PDF_MAX_BYTES", DEFAULT_MAX_BYTES)


def validate_pdf(upload) -> None:
    """Refuse anything that is not a readable PDF within the size limit (Dutch messages).

    Checks, cheapest first: the size, the `%PDF-` signature at the start of the content, then
    whether pypdf can read the page tree. The file name and the browser's content type are
    ignored: both are chosen by the uploader.
    """
    limit = max_pdf_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("Het bestand is te groot (%(size)s). Een pdf mag hoogstens %(max)s zijn.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    # The PDF specification allows some bytes before the signature, within the first 1024.
    if PDF_MAGIC not in head:
        raise ValidationError(
            _("Dit bestand is geen pdf. Kies het document als pdf-bestand."), code="not_pdf"
        )
    try:
        from pypdf import PdfReader

        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("Deze pdf is met een wachtwoord beveiligd. Upload een versie zonder wachtwoord."),
                code="encrypted",
            )
        if len(reader.pages) < 1:
            raise ValueError("no pages")
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on broken files
        raise ValidationError(
            _("Deze pdf is beschadigd of onleesbaar. Sla het document opnieuw op als pdf."),
            code="unreadable",
        ) from exc
    finally:
        upload.seek(0)
