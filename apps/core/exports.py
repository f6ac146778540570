"""CSV cells and rows that are safe to open in a spreadsheet (every CSV export uses these)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """Text that starts like a formula (= + - @) would run in a spreadsheet: prefix it with an apostrophe.
    Numbers are left as numbers."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def csv_row(values) -> list:
    return [csv_cell(value) for value in values]
