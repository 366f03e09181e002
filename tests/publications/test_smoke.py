def test_article_page_renders(client, article):
    response = client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0")
    assert response.status_code == 200
    assert (
        b'<h1 class="article-title">An Analysis of the Biden-Putin Summit</h1>' in response.content
    )
