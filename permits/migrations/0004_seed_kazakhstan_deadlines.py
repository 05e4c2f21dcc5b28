"""Kazakhstan's deadline rules (LEGAL.md §1 and §3), attached to the country; the cities inherit them.

Re-runnable: rules are matched by their natural key (jurisdiction, code, valid_from) and updated in
place; the cities' parent is set each time. Statuses follow LEGAL.md: a period read in the text is
"confirmed"; how days are counted (start the next day, working days, roll to a working day) has not
been read in a counting article yet, so it is "likely" everywhere; Art. 100 is "unconfirmed".
No paragraph number is given that LEGAL.md does not give.
"""

import datetime as dt

from django.db import migrations

LAW_333 = "Law No. 333-VI of 25 May 2020 on peaceful assemblies"
LAW_333_URL = "https://adilet.zan.kz/rus/docs/Z2000000333"
APPK = "Administrative Procedural and Process-Related Code (АППК) No. 350-VI of 29 June 2020"
APPK_URL = "https://adilet.zan.kz/rus/docs/K2000000350"
APPK_IN_FORCE = dt.date(2021, 7, 1)

NOTIFICATION = ["meeting", "picket", "rally"]
APPROVAL = ["demonstration", "march"]

WORKING_DAYS_NOTE = (
    "A period counted from registration is taken to start the next day; working days exclude weekends "
    "and public holidays (with their observed days) and include weekend days made working days by "
    "government decree. Standard practice, but no counting article has been read yet: verify."
)
BEFORE_EVENT_NOTE = (
    "Taken as: the filing must be registered no later than the last of these working days before the "
    "day of the assembly, the day itself not counted. No counting article has been read yet: verify."
)
MONTHS_NOTE = (
    "A month ends on the same day number of the last month, or that month's last day; a last day that "
    "is not a working day moves to the next working day. Standard in Kazakh codes; verify in the Civil "
    "Procedure Code, which АППК Art. 1 p. 3 applies to court proceedings."
)

RULES = [
    {
        "code": "notification-response",
        "kind": "authority_response",
        "event_types": NOTIFICATION,
        "count": 3,
        "unit": "working_days",
        "counted_from": "filed_on",
        "valid_from": None,
        "law": LAW_333,
        "article": "Art. 11",
        "paragraph": "p. 1",
        "url": LAW_333_URL,
        "status": "confirmed",
        "counting_status": "likely",
        "counting_note": WORKING_DAYS_NOTE,
        "description": (
            "The local executive body answers a notification of a picket, meeting or rally within 3 working "
            "days from its registration: hold it (without yurts, tents, other structures or sound equipment), "
            "a refusal on Art. 14 grounds, or a proposal to change the place and/or time."
        ),
        "when_missed": (
            "If the authority does not answer within this period, the organizer holds the assembly as "
            "notified (Art. 11 p. 1, last sentence)."
        ),
    },
    {
        "code": "approval-response",
        "kind": "authority_response",
        "event_types": APPROVAL,
        "count": 7,
        "unit": "working_days",
        "counted_from": "filed_on",
        "valid_from": None,
        "law": LAW_333,
        "article": "Art. 13",
        "paragraph": "p. 1",
        "url": LAW_333_URL,
        "status": "confirmed",
        "counting_status": "likely",
        "counting_note": WORKING_DAYS_NOTE,
        "description": (
            "The local executive body answers an application for approval of a march or demonstration within "
            "7 working days from its registration: approval, approval without sound equipment or vehicles, a "
            "refusal on Art. 14 grounds, or a proposal to change the place, route and/or time."
        ),
        "when_missed": (
            "Silence is no go-ahead for a march or demonstration. Under АППК Art. 91 p. 2 a body's failure to "
            "act within its deadline counts as a refusal that can be appealed (applying it here is an "
            "inference: likely, verify)."
        ),
    },
    {
        "code": "notification-latest-filing",
        "kind": "latest_filing",
        "event_types": NOTIFICATION,
        "count": 5,
        "unit": "working_days",
        "counted_from": "event_day",
        "valid_from": None,
        "law": LAW_333,
        "article": "Art. 10",
        "paragraph": "",
        "url": LAW_333_URL,
        "status": "confirmed",
        "counting_status": "likely",
        "counting_note": BEFORE_EVENT_NOTE,
        "description": (
            "A notification of a picket, meeting or rally is filed no later than 5 working days before the "
            "day of the assembly. Filing later is a refusal ground (Art. 14 p. 1 sub. 4)."
        ),
        "when_missed": "",
    },
    {
        "code": "approval-latest-filing",
        "kind": "latest_filing",
        "event_types": APPROVAL,
        "count": 10,
        "unit": "working_days",
        "counted_from": "event_day",
        "valid_from": None,
        "law": LAW_333,
        "article": "Art. 12",
        "paragraph": "p. 1",
        "url": LAW_333_URL,
        "status": "confirmed",
        "counting_status": "likely",
        "counting_note": BEFORE_EVENT_NOTE,
        "description": (
            "An application for approval of a march or demonstration is filed no later than 10 working days "
            "before the day of the assembly; the day of submission is the day of registration. Filing later "
            "is a refusal ground (Art. 14 p. 1 sub. 4)."
        ),
        "when_missed": "",
    },
    {
        "code": "pre-trial-complaint",
        "kind": "appeal_filing",
        "event_types": [],
        "count": 3,
        "unit": "months",
        "counted_from": "decision_received_on",
        "valid_from": APPK_IN_FORCE,
        "law": APPK,
        "article": "Art. 92",
        "paragraph": "p. 1",
        "url": APPK_URL,
        "status": "confirmed",
        "counting_status": "likely",
        "counting_note": MONTHS_NOTE,
        "description": (
            "A pre-trial complaint against the refusal, filed through the body that refused, which forwards it "
            "to the higher body (Art. 91 p. 4), within 3 months from the day the organizer learnt of the "
            "decision. A missed deadline may be restored for a good reason and is not a ground to refuse to "
            "accept the complaint (Art. 92 pp. 2–3)."
        ),
        "when_missed": (
            "A missed complaint deadline may be restored for a good reason; missing it is not a ground to "
            "refuse to accept the complaint (АППК Art. 92 pp. 2–3)."
        ),
    },
    {
        "code": "complaint-decision",
        "kind": "complaint_decision",
        "event_types": [],
        "count": 20,
        "unit": "working_days",
        "counted_from": "complaint_filed_on",
        "valid_from": APPK_IN_FORCE,
        "law": APPK,
        "article": "Art. 100",
        "paragraph": "",
        "url": APPK_URL,
        "status": "unconfirmed",
        "counting_status": "likely",
        "counting_note": WORKING_DAYS_NOTE,
        "description": (
            "The higher body decides on the complaint within 20 working days from its registration. Not yet "
            "read in Art. 100: verify before relying on it."
        ),
        "when_missed": "",
    },
    {
        "code": "court-claim",
        "kind": "court_claim",
        "event_types": [],
        "count": 1,
        "unit": "months",
        "counted_from": "complaint_decision_received_on",
        "valid_from": APPK_IN_FORCE,
        "law": APPK,
        "article": "Art. 136",
        "paragraph": "",
        "url": APPK_URL,
        "status": "confirmed",
        "counting_status": "likely",
        "counting_note": MONTHS_NOTE,
        "description": (
            "A claim contesting the act is filed in court within 1 month from delivery of the decision on the "
            "complaint (without a pre-trial step: from delivery of the act itself). The pre-trial complaint is "
            "mandatory unless a law provides otherwise (Art. 91 p. 5). Confirmed by secondary sources."
        ),
        "when_missed": "",
    },
]

CITIES = ["KZ-ALA", "KZ-AST", "KZ-SHY"]


def seed(apps, schema_editor):
    Jurisdiction = apps.get_model("permits", "Jurisdiction")
    DeadlineRule = apps.get_model("permits", "DeadlineRule")
    country = Jurisdiction.objects.get(code="KZ")
    Jurisdiction.objects.filter(code__in=CITIES).update(parent=country)
    for rule in RULES:
        fields = dict(rule)
        code, valid_from = fields.pop("code"), fields.pop("valid_from")
        DeadlineRule.objects.update_or_create(
            jurisdiction=country, code=code, valid_from=valid_from, defaults={**fields, "roll_forward": True}
        )


class Migration(migrations.Migration):
    dependencies = [("permits", "0003_deadlines")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
