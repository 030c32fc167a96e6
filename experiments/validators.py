"""Checks on uploaded agreement documents: a real PDF (by content, not by name), not too big,
without scripts or embedded files."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"

# Keys that carry JavaScript: a JavaScript action's /JS, the document's /JavaScript name tree
# (run on opening), and /XFA forms, whose XML may hold scripts.
SCRIPT_KEYS = {"/JS", "/JavaScript", "/XFA"}
# Action types that run code or start a program, wherever the action hangs: /OpenAction,
# /AA (additional actions of the document, a page, a form field), a link's /A.
SCRIPT_ACTIONS = {"/JavaScript", "/Launch"}
# A file specification with an embedded file (/EF), or the document's list of them.
EMBEDDED_KEYS = {"/EF", "/EmbeddedFiles"}


def max_pdf_bytes() -> int:
    """The size limit for agreement PDFs: settings.AGREEMENT_PDF_MAX_BYTES, 10 MB by default."""
    return getattr(settings, "AGREEMENT_PDF_MAX_BYTES", DEFAULT_MAX_BYTES)


def validate_pdf(upload) -> None:
    """Refuse anything that is not a readable PDF within the size limit (Dutch messages).

    Checks, cheapest first: the size, the `%PDF-` signature at the start of the content,
    whether pypdf can read the page tree, then active content (see `find_active_content`).
    The file name and the browser's content type are ignored: both are chosen by the uploader.
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
        found = find_active_content(reader)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on broken files
        raise ValidationError(
            _("Deze pdf is beschadigd of onleesbaar. Sla het document opnieuw op als pdf."),
            code="unreadable",
        ) from exc
    finally:
        upload.seek(0)
    if found == "script":
        # Members and Pharos open these documents from the workspace: a script or a launch
        # action in them runs on their machine with their rights.
        raise ValidationError(
            _(
                "Deze pdf bevat JavaScript of een actie die een programma start; zulke pdf's "
                "nemen we niet aan. Sla het document opnieuw op als pdf (bijvoorbeeld met "
                "‘Afdrukken naar pdf’) en upload die versie."
            ),
            code="script",
        )
    if found == "embedded":
        raise ValidationError(
            _(
                "Deze pdf bevat ingesloten bestanden (bijlagen); zulke pdf's nemen we niet aan. "
                "Sla het document opnieuw op als pdf zonder bijlagen (bijvoorbeeld met "
                "‘Afdrukken naar pdf’) en upload die versie."
            ),
            code="embedded_files",
        )


def find_active_content(reader) -> str | None:
    """ "script" or "embedded" for the first script, launch action or embedded file in the
    PDF, None for a plain document.

    Walks every object reachable from the trailer (each indirect object once), so a script
    hidden in a page's or form field's actions, in an object stream or behind a name written
    with #-escapes (pypdf decodes those) is found as well as the document's own /OpenAction.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen = set()
    stack = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # streams are dictionaries too
            keys = set(obj.keys())
            action = obj.get("/S")
            if isinstance(action, IndirectObject):
                action = action.get_object()
            if keys & SCRIPT_KEYS or (isinstance(action, str) and action in SCRIPT_ACTIONS):
                return "script"
            if keys & EMBEDDED_KEYS:
                return "embedded"
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return None
