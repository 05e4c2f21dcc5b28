"""The day from which the seeded arguments and citations hold (issue 13, item 11), from LEGAL.md, so
that a draft against a 2021 refusal does not argue from the Constitutional Court's 2025 resolution
as if it bound the authority then.

Arguments are found by their code, citations by their argument's code and the UN document symbol
their instrument names, in every language; a row a site editor has since dated is left alone.
Left empty ("held before any refusal Ruqsat records") where LEGAL.md gives no day: Law No. 333-VI
(its date of 25 May 2020 is the day it was signed, not the day it came into force), the ICCPR for
Kazakhstan (LEGAL.md gives the ratification, 24 January 2006, not the entry into force), General
Comment No. 37 and the ODIHR Guidelines (a year only, and both precede Law No. 333-VI).

The reverse empties what this filled.
"""

import datetime as dt

from django.db import migrations

ARGUMENTS = {
    # Constitutional Court normative resolution No. 61-NP of 20 January 2025 (LEGAL.md §2): the
    # duty to propose another place or time before refusing is the argument's whole point.
    "no-alternative-offered": dt.date(2025, 1, 20),
}

CITATIONS = {
    # (argument code, what the instrument names or None for every citation of the argument): day
    ("precedent-toregozhina", "2503/2014"): dt.date(2020, 7, 23),  # Views of 23 July 2020
    ("precedent-toregozhina", "2137/2012"): dt.date(2014, 10, 21),  # Views of 21 October 2014
    # The First Optional Protocol is in force for Kazakhstan since 30 September 2009 (LEGAL.md §4).
    ("un-optional-protocol", None): dt.date(2009, 9, 30),
}


def citations_of(Citation, code, naming):
    citations = Citation.objects.filter(argument__code=code, argument__organization__isnull=True)
    return citations.filter(instrument__contains=naming) if naming else citations


def seed(apps, schema_editor):
    Argument = apps.get_model("appeals", "Argument")
    Citation = apps.get_model("appeals", "Citation")
    for code, day in ARGUMENTS.items():
        Argument.objects.filter(code=code, organization__isnull=True, in_force_from__isnull=True).update(
            in_force_from=day
        )
    for (code, naming), day in CITATIONS.items():
        citations_of(Citation, code, naming).filter(in_force_from__isnull=True).update(in_force_from=day)


def unseed(apps, schema_editor):
    Argument = apps.get_model("appeals", "Argument")
    Citation = apps.get_model("appeals", "Citation")
    for code, day in ARGUMENTS.items():
        Argument.objects.filter(code=code, organization__isnull=True, in_force_from=day).update(in_force_from=None)
    for (code, naming), day in CITATIONS.items():
        citations_of(Citation, code, naming).filter(in_force_from=day).update(in_force_from=None)


class Migration(migrations.Migration):
    dependencies = [("appeals", "0007_argument_and_citation_in_force_from")]
    operations = [migrations.RunPython(seed, unseed)]
