"""An article as a BibTeX @techreport entry (UTF-8, for biber and modern BibTeX).

Values are wrapped in braces; the title in a second pair, so styles keep its
capitalisation ("Biden-Putin", "IFANS") instead of lowercasing it. Korean
names are one literal name in braces (never split into initials);
romanised ones are "Family, Given".
"""

import re

_SPECIAL = re.compile(r"([\\{}&%$#_^~])")
_ESCAPES = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def escape(text):
    """`text` safe inside a braced BibTeX value: TeX's special characters escaped."""
    return _SPECIAL.sub(lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def _name(creator):
    parts = creator.parts
    if parts.is_literal:
        return "{" + escape(parts.text) + "}"
    return f"{escape(parts.family)}, {escape(parts.given)}"


def entry_key(citation):
    """A citation key that is ASCII and unique per article: ifans2021-17."""
    return f"ifans{citation.year}-{citation.pk}"


def bibtex(citation):
    fields = [
        ("title", "{" + escape(citation.title) + "}"),
        ("author", " and ".join(_name(c) for c in citation.authors)),
        ("institution", escape(citation.institution)),
        ("type", escape(citation.series)),
        ("number", escape(citation.number)),
        ("year", str(citation.year)),
        ("month", str(citation.local_date.month)),
        ("date", citation.local_date.isoformat()),
        ("url", citation.url),
        ("doi", citation.doi),
        ("language", citation.language),
        ("keywords", escape(", ".join(citation.keywords))),
        ("abstract", escape(citation.summary)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@techreport{{{entry_key(citation)},\n{body}\n}}\n"
