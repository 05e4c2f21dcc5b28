"""Django's JSON serialization, but with times to the microsecond: its encoder cuts them to
milliseconds, so a backup restored every timestamp slightly changed (and ordering by creation time
could swap two rows made in the same millisecond). Registered as the "exact_json" format
(SERIALIZATION_MODULES); backup and restore use it."""

import datetime as dt

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = JSONDeserializer
