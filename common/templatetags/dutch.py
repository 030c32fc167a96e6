"""`{{ value|getal }}`: a number as the forms show it (common.numbers.format_decimal), so a
page and its edit form agree: 52,0116 rather than 52,011600, 7,1 rather than 7,1000."""

from django import template

from common.numbers import format_decimal

register = template.Library()


@register.filter
def getal(value):
    try:
        return format_decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        return value
