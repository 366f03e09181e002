"""An article as a CSL-JSON item (Citation Style Language), the input of every style."""


def _name(creator):
    parts = creator.parts
    if parts.is_literal:
        return {"literal": parts.text}
    return {"family": parts.family, "given": parts.given}


def csl_item(citation):
    """The CSL-JSON object of one article: a report in the institute's series."""
    date = citation.local_date
    item = {
        "id": f"article-{citation.pk}",
        "type": "report",
        "title": citation.title,
        "author": [_name(creator) for creator in citation.authors],
        "issued": {"date-parts": [[date.year, date.month, date.day]]},
        "publisher": citation.institution,
        "collection-title": citation.series,
        "URL": citation.url,
        "language": citation.language,
    }
    if citation.number:
        item["number"] = citation.number
    if citation.doi:
        item["DOI"] = citation.doi
    if citation.summary:
        item["abstract"] = citation.summary
    if citation.keywords:
        item["keyword"] = ", ".join(citation.keywords)
    return item
