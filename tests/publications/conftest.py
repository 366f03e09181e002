from tests.publications.citation_support import korean_pair  # noqa: F401 (a fixture)
