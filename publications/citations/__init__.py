"""What scholars and reference managers read about an article.

record.py gathers the facts once (title, authors, date, series, number, DOI,
PDF, translation); head.py turns them into the page head (Highwire
`citation_*`, JSON-LD, Open Graph); styles.py, bibtex.py and ris.py into the
citation texts and downloads that views.py serves. edition.py is the one
place that knows an article's language and its translation.
"""
