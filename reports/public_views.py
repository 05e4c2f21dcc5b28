"""The public statistics: the page and its open data, for anyone, without logging in. What they
show and why it cannot expose a group is reports.public; consent is each group's
(Organization.publish_statistics, switched on the group's sharing page)."""

import csv
import hashlib
import json

from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from reports.exports import BOM, cell
from reports.public import (
    CSV_COLUMNS,
    LICENCE_NAME,
    LICENCE_URL,
    MIN_GROUPS,
    MIN_REFUSALS,
    open_data,
    open_data_rows,
    public_statistics,
)


def _how_to_cite(request) -> str:
    return _(
        "Ruqsat, “Refusals of public assemblies in Kazakhstan, counted over the groups that publish their "
        "statistics”, %(url)s, retrieved %(date)s. Licence: %(licence)s."
    ) % {
        "url": request.build_absolute_uri(reverse("public:refusals")),
        "date": timezone.localdate().isoformat(),
        "licence": LICENCE_NAME,
    }


def _notes() -> str:
    return _(
        "Only combinations of authority, reason, year and event type that count at least %(groups)s groups and "
        "%(refusals)s refusals are shown; smaller ones are left out altogether. Every total is added up from the "
        "shown combinations only, so that none left out can be worked out by subtraction: the totals are lower "
        "bounds. A refusal counts once under each reason it cites. No person and no group is named."
    ) % {"groups": MIN_GROUPS, "refusals": MIN_REFUSALS}


@require_safe
def refusals_page(request):
    """The page a journalist cites. Not cached by shared caches: a logged-in reader's page carries
    their own menu (the no-store default, config.cache_control)."""
    context = {
        "statistics": public_statistics(),
        "how_to_cite": _how_to_cite(request),
        "notes": _notes(),
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "min_groups": MIN_GROUPS,
        "min_refusals": MIN_REFUSALS,
    }
    return render(request, "reports/public_refusals.html", context)


def _open_data_response(request, body: bytes, content_type: str, filename: str) -> HttpResponse:
    """Public and cacheable, but revalidated every time (no-cache + ETag): a group that withdraws
    its consent is gone from the next answer, and an unchanged answer costs a 304."""
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    patch_cache_control(response, public=True, no_cache=True, max_age=0)
    patch_vary_headers(response, ["Accept-Language"])
    return response


@require_safe
def refusals_json(request):
    document = open_data(
        public_statistics(),
        source=request.build_absolute_uri(reverse("public:refusals")),
        how_to_cite=_how_to_cite(request),
        notes=_notes(),
    )
    body = json.dumps(document, ensure_ascii=False, indent=1).encode()
    return _open_data_response(request, body, "application/json; charset=utf-8", "ruqsat-refusals.json")


class _Line:
    def write(self, line: str) -> str:
        return line


@require_safe
def refusals_csv(request):
    """The cells, text defused against spreadsheet formulas (reports.exports.cell); the licence and
    how to cite on the first lines, marked with `#` (read_csv(comment="#") skips them)."""
    writer = csv.writer(_Line(), quoting=csv.QUOTE_ALL)
    licence = _("Licence: %(licence)s %(url)s") % {"licence": LICENCE_NAME, "url": LICENCE_URL}
    lines = [
        BOM,
        writer.writerow([cell("# " + licence)]),
        writer.writerow([cell("# " + _("How to cite: %(citation)s") % {"citation": _how_to_cite(request)})]),
        writer.writerow([cell("# " + _notes())]),
        writer.writerow(list(CSV_COLUMNS)),
    ]
    lines += [writer.writerow([cell(value) for value in row]) for row in open_data_rows(public_statistics())]
    return _open_data_response(request, "".join(lines).encode(), "text/csv; charset=utf-8", "ruqsat-refusals.csv")
