"""Articles as PDFs, for staff: rendering, storage per version, bulk exports.

    render.py      the print template to PDF bytes, with our own files only
    store.py       one stored PDF per article version; warming
    models.py      PdfExportJob, a bulk export and its progress
    exports.py     the worker's half of an export: fill the ZIP, record progress
    tasks.py       the Celery tasks (thin: they call store and exports)
    background.py  what the web process hands to the worker (start an export,
                   warm the PDFs of changed articles)
    views.py       one article's PDF, for staff
    admin.py       the bulk action and the job's progress page

The package belongs to the publications app (its model's label stays
"publications"), which names it where Django and Celery look: models.py
(PdfExportJob), admin.py (the export action), apps.py (warming listens to
articles_changed), urls.py (article_pdf); thinktank/celery.py finds tasks.py.
From the rest of publications it uses only the models and their queries.
"""
