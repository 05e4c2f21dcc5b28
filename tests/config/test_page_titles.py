"""The browser tab (and a screen reader's first words) name the page, then the site."""

import re
from pathlib import Path

from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_a_page_title_names_the_page_then_ruqsat(world, login):
    page = login(world.member).get(reverse("reminders:notifications")).content.decode()

    assert re.search(r"<title>\s*Notifications · Ruqsat</title>", page)


def test_the_login_page_title_has_its_own_name_too(client):
    page = client.get(reverse("account_login")).content.decode()

    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
    assert title.endswith(" · Ruqsat") and len(title) > len(" · Ruqsat")


def test_every_page_template_names_itself():
    # base.html always writes " · Ruqsat" after the title block: a page without one would read " · Ruqsat".
    extends_base = re.compile(r"""\{% extends ["']base\.html["'] %\}""")
    pages = [p for p in TEMPLATES.rglob("*.html") if extends_base.search(p.read_text())]
    untitled = [str(p.relative_to(TEMPLATES)) for p in pages if "{% block title %}" not in p.read_text()]

    assert pages and untitled == []
