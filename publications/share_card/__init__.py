"""The picture an article shows where it is shared: a 1200x630 PNG card.

render.py draws it (Pillow, Nanum fonts for Korean); store.py keeps one PNG
per article version in the private storage, as the PDFs are kept; the worker
makes it after each change (background.py, tasks.py); views.py serves it at a
versioned address with a long cache lifetime. An editor's cover image
replaces it (links.py says which one a page names).
"""
