"""The lifecycle machinery shared by the models whose status only verbs change (PermitApplication,
Appeal): which verbs each status allows, and the check each verb makes before it changes anything."""

from django.core.exceptions import ValidationError


class TransitionNotAllowed(ValidationError):
    """A status change that the lifecycle of DESIGN.md does not allow."""


class StatusTransitions:
    """Mixed into a model with a `status` field. `ALLOWED` maps each verb to the statuses it may
    start from; `can(verb)` answers the page (show the button or not), `_require(verb, message)`
    guards the verb itself."""

    ALLOWED: dict[str, set] = {}

    def can(self, verb: str) -> bool:
        return self.status in self.ALLOWED[verb]

    def _require(self, verb: str, message):
        # Every verb runs in a transaction; locking the row and re-reading the status here means
        # two people changing it at the same moment cannot both get through, and a stale copy of
        # the object cannot undo a newer status.
        if self.pk is not None:
            self.status = (
                type(self)._default_manager.select_for_update().values_list("status", flat=True).get(pk=self.pk)
            )
        if not self.can(verb):
            raise TransitionNotAllowed(message % {"status": self.get_status_display()}, code="transition")
