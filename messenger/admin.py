from django.contrib import admin

from messenger.models import TelegramLink


@admin.register(TelegramLink)
class TelegramLinkAdmin(admin.ModelAdmin):
    list_display = ("user", "linked_at", "show_details", "broken_at")
    list_filter = ("show_details",)
    search_fields = ("user__username", "user__email")
    # The chat id is how Telegram reaches the person: staff see whether a link works, not where it goes.
    exclude = ("chat_id",)
    readonly_fields = ("user", "linked_at", "broken_at", "broken_reason")

    def has_add_permission(self, request):
        return False  # only the person links, by consent
