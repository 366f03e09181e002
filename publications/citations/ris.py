"""An article as an RIS record (RPRT), UTF-8, for EndNote, Zotero, Mendeley and the rest."""


def _line(tag, value):
    value = " ".join(str(value).split())  # RIS is one line per value
    return f"{tag}  - {value}" if value else None


def _name(creator):
    parts = creator.parts
    return parts.text if parts.is_literal else f"{parts.family}, {parts.given}"


def ris(citation):
    date = citation.local_date
    lines = [
        _line("TY", "RPRT"),
        _line("TI", citation.title),
        *(_line("AU", _name(creator)) for creator in citation.authors),
        _line("PY", date.year),
        _line("DA", date.strftime("%Y/%m/%d")),
        _line("T3", citation.series),
        _line("M1", citation.number),  # the report number (Zotero, EndNote)
        _line("PB", citation.institution),
        _line("UR", citation.url),
        _line("DO", citation.doi),
        _line("LA", citation.language),
        *(_line("KW", keyword) for keyword in citation.keywords),
        _line("AB", citation.summary),
    ]
    return "\n".join(line for line in lines if line is not None) + "\nER  - \n"
