"""A paginator that counts the rows in the page's own query.

Django's Paginator runs `SELECT COUNT(*)` before it fetches a page; this one
asks for the total alongside the rows (`COUNT(*) OVER ()`), so a list page
costs one query for its articles whatever their number.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Window


class WindowCountPaginator(Paginator):
    def page(self, number):
        if self.orphans:
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        rows = list(
            self.object_list.annotate(total_rows=Window(Count("pk")))[
                bottom : bottom + self.per_page
            ]
        )
        if rows:
            self.count = rows[0].total_rows  # fills the cached_property
        elif number == 1 and self.allow_empty_first_page:
            self.count = 0
        else:
            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(rows, number, self)
