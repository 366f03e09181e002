"""URL converters."""


class UnicodeSlugConverter:
    """A slug that may hold any letters (Korean included), digits, - and _.

    Django's own `slug` converter is ASCII only; `str` would let through
    characters (NUL, for one) that the database refuses with an error.
    """

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
