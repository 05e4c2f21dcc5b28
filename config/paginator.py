"""A paginator for long lists whose full COUNT(*) would be the slowest part of the page.

It counts no further than it needs: up to `cap` rows, or far enough to show the page asked for and
to know whether another follows. Past that the page says "more than N" instead of an exact total,
and the next page is still one click away (bench/: the applications list of a coalition with
100,000 applications)."""

import inspect
from functools import cached_property

from django.core.paginator import Paginator
from django.utils.inspect import method_has_no_args

# Page numbers beyond this are treated as this one (a typed page=10**30 must not become a huge LIMIT).
LARGEST_PAGE = 100_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int = 1000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.limit = cap + 1

    def get_page(self, number):
        try:
            wanted = min(max(int(number), 1), LARGEST_PAGE)
        except (TypeError, ValueError):
            wanted = 1
        # One row past the page asked for tells whether a next page exists.
        self.limit = max(self.cap, wanted * self.per_page) + 1
        return super().get_page(number)

    @cached_property
    def count(self) -> int:
        """The number of rows, counted up to `limit` (SELECT COUNT(*) FROM (… LIMIT n))."""
        rows = self.object_list[: self.limit]
        count = getattr(rows, "count", None)
        if callable(count) and not inspect.isbuiltin(count) and method_has_no_args(count):
            return count()  # a queryset
        return len(rows)

    @property
    def exact(self) -> bool:
        """False when there are more rows than were counted."""
        return self.count < self.limit

    @property
    def counted(self) -> int:
        """What can be said for sure: the exact count, or "more than" this many."""
        return self.count if self.exact else self.limit - 1
