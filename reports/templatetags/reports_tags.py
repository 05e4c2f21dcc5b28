from django import template

register = template.Library()


@register.filter
def bar_width(count, largest) -> str:
    """A bar's length in the chart's 0–100 viewBox units; a count above zero is always visible."""
    if not largest or not count:
        return "0"
    return f"{max(count * 100 / largest, 1):.1f}"
