from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

FORMER_MEMBER = _("former member")


class AuthorField(serializers.CharField):
    """Who wrote a record, by username; "former member" once that account is deleted (the
    record stays with the group, its author FK set to NULL)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        user = super().get_attribute(instance)
        return user.username if user is not None else str(FORMER_MEMBER)
