"""Numbers the Dutch way: one parser and one display format for every form, admin and import.

"7,1", "7.1" and " 7,10 " all mean 7.1: one decimal separator, comma or point. What a reader
cannot tell apart is refused with a Dutch message instead of guessed: "1.234,5" (a thousands
separator: 1234,5 or a typo?), "7,1,2", "7 1", and anything Python's Decimal would also take
but a person never means ("1e5", "NaN", "Infinity"). A browser's `type=number` input drops the
comma under some locales (Chromium turned "7,1" into 71), so forms use a text input with
`inputmode="decimal"` (common.forms) and send what was typed to `parse_decimal`.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# An optional sign, digits, and at most one separator (comma or point) with decimals.
NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")


def parse_decimal(value, *, example: str = "7,1") -> Decimal | None:
    """A typed or imported number as Decimal; empty -> None.

    Spreadsheet cells that already are numbers pass unchanged. Raises ValueError with a Dutch
    message (naming `example`) for anything else.
    """
    if isinstance(value, bool):
        raise ValueError(_("‘%(value)s’ is geen getal.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value if value is not None else "").strip().replace("\u00a0", "")
        if not text:
            return None
        if not NUMBER.match(text):
            if "," in text and "." in text or text.count(",") > 1 or text.count(".") > 1:
                raise ValueError(
                    _(
                        "‘%(value)s’ is geen eenduidig getal: gebruik één komma (of punt) voor "
                        "de decimalen en geen scheidingsteken voor duizendtallen, bijvoorbeeld "
                        "%(example)s."
                    )
                    % {"value": text, "example": example}
                )
            raise ValueError(
                _("‘%(value)s’ is geen getal; schrijf bijvoorbeeld %(example)s.")
                % {"value": text, "example": example}
            )
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
            raise ValueError(_("‘%(value)s’ is geen getal.") % {"value": text}) from None
    if not number.is_finite():
        raise ValueError(_("‘%(value)s’ is geen getal.") % {"value": value})
    return number


def format_decimal(value) -> str:
    """A number as a Dutch reader writes it: decimal comma, no trailing zeros, no exponent
    (52.011600 -> "52,0116", 100 -> "100", 7.1000 -> "7,1"); None -> ""."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    text = format(number.normalize(), "f") if number != 0 else "0"
    return text.replace(".", ",")
