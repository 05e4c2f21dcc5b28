"""The search page (/search/): the authorities' words, timelines and drafts the user may see."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from appeals.forms import SearchForm
from appeals.search import MAX_RESULTS, search_authorities_words


@require_safe
@login_required
def search(request):
    # Unbound until something is asked: opening the page shows the box, not an error.
    form = SearchForm(request.GET if "q" in request.GET else None)
    results = search_authorities_words(request.user, form.cleaned_data["q"]) if form.is_valid() else None
    return render(
        request,
        "appeals/search.html",
        {"form": form, "results": results, "at_limit": results is not None and len(results) >= MAX_RESULTS},
    )
