"""The site editors' queue of the authorities groups added ("My authority is missing"): publish
one for every group, merge it into a shared one, or leave it private to its group. Anyone who is
not a site editor gets a 404: the queue names groups and what they are planning around."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from permits.authority_forms import AuthorityReviewForm
from permits.models import Authority, is_site_editor

DONE = {
    AuthorityReviewForm.PUBLISH: _("“%(name)s” is published for every group."),
    AuthorityReviewForm.MERGE: _("“%(name)s” is merged; its group's applications name the shared authority now."),
    AuthorityReviewForm.DECLINE: _("“%(name)s” stays private to its group."),
}


def _require_site_editor(request, method: str):
    """A 404 for anyone but a site editor, whatever the method (a 405 would tell the page exists)."""
    if not is_site_editor(request.user):
        raise Http404
    if request.method != method:
        return HttpResponseNotAllowed([method])
    return None


def _queue_page(request, *, bound_form=None):
    pending = Authority.objects.awaiting_review().select_related("jurisdiction", "organization", "created_by")
    rows = [
        (
            authority,
            bound_form
            if bound_form and bound_form.authority.pk == authority.pk
            else AuthorityReviewForm(authority=authority),
        )
        for authority in pending.order_by("pk")
    ]
    return render(request, "permits/authority_queue.html", {"rows": rows}, status=400 if bound_form else 200)


@login_required
def authority_queue(request):
    return _require_site_editor(request, "GET") or _queue_page(request)


@login_required
def authority_review(request, pk):
    if refused := _require_site_editor(request, "POST"):
        return refused
    authority = get_object_or_404(Authority.objects.awaiting_review(), pk=pk)
    form = AuthorityReviewForm(request.POST, authority=authority)
    if form.is_valid():
        name = authority.name
        try:
            form.apply(by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, DONE[form.cleaned_data["action"]] % {"name": name})
            return redirect("permits:authority_queue")
    return _queue_page(request, bound_form=form)
