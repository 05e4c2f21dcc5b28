"""`python manage.py load_demo`: the demo data of DESIGN.md, idempotent.

The heart of it retraces the public 2021 Almaty case as Human Rights Watch reported it (10 December
2021, relayed by RFE/RL): three activists, on behalf of KazFem, Feminita, FemPoint, Svet and
FemAgora, applied on 16 November 2021 for a march on 8 March 2022; about a week later officials met
them and advised revising their plans, citing the "epidemiological situation", then asked them to
withdraw the application, which they refused; on 26 November the Akimat of Almaty refused, citing a
conflict with other events and "repair and installation works". The follow-up of February 2022 (a
rally approved on 9 February for at most a thousand people and held on 8 March; a second march
application refused on 17 February for repair and installation works) is from CABAR.asia and
Novastan. The organizations are those named in that reporting; every individual is fictional, and
so are times, reference numbers and the exact wording of the quoted grounds (reconstructed from the
reporting, and marked so). The legal-aid organization is fictional too.

Beside the case, a handful of fictional applications dated from today, one in each other state,
so that the dashboard and lists have something current to show, and the appeal against the 2021
refusal, in preparation, with its first draft and a legal-aid volunteer assigned.

Idempotent: users, groups and memberships are matched by name and created only when missing (an
existing user keeps its password); an application is matched by lead group and title and, when it
exists, left exactly as it is. Everything goes through the model verbs and
permits.services.application_create, as a person using the app would.
"""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from appeals.models import Appeal, AppealVolunteer
from appeals.services import appeal_open
from organizations.models import Membership, Organization
from permits.models import Authority, CoOrganizer, PermitApplication, RefusalReason, TimelineEntry
from permits.services import application_create
from permits.signals import deadlines_changed

DEMO_PASSWORD = "ruqsat-demo-8march"  # noqa: S105 -- published on purpose: demo only, refused when DEBUG is off
ALMATY = ZoneInfo("Asia/Almaty")
RECONSTRUCTED = "Demo: reconstructed from public reporting, not the letter's exact words."

ROLE = Membership.Role
KIND = Organization.Kind

ORGANIZATIONS = [
    # name, kind, city
    ("Feminita", KIND.INITIATIVE, "Almaty"),
    ("KazFem", KIND.INITIATIVE, "Almaty"),
    ("FemPoint", KIND.INITIATIVE, "Almaty"),
    ("Svet", KIND.GROUP, "Almaty"),
    ("FemAgora", KIND.INITIATIVE, "Almaty"),
    ("Almaty Legal Aid Volunteers (fictional)", KIND.LEGAL_AID, "Almaty"),
]
LEGAL_AID = ORGANIZATIONS[-1][0]
THE_FIVE = [name for name, _kind, _city in ORGANIZATIONS[:5]]


@dataclass
class DemoUser:
    username: str
    first_name: str
    last_name: str
    description: str
    # organization name -> role; every group needs a coordinator.
    memberships: dict = field(default_factory=dict)

    @property
    def signature(self) -> str:
        """The name as it stands on a filing (Cyrillic, Kazakh or Russian spelling)."""
        return f"{self.first_name} {self.last_name}"


def _in_all_five(coordinates: tuple[str, ...]) -> dict:
    return {name: ROLE.COORDINATOR if name in coordinates else ROLE.MEMBER for name in THE_FIVE}


USERS = [
    DemoUser("aizhan", "Айжан", "Төлеуқызы", "activist, coordinator of Feminita", _in_all_five(("Feminita",))),
    DemoUser(
        "svetlana", "Светлана", "Ковалёва", "activist, coordinator of KazFem and Svet", _in_all_five(("KazFem", "Svet"))
    ),
    DemoUser(
        "kamila",
        "Камила",
        "Бекова",
        "activist, coordinator of FemAgora and FemPoint",
        _in_all_five(("FemAgora", "FemPoint")),
    ),
    DemoUser(
        "gulnar",
        "Гульнар",
        "Ахметова",
        "legal volunteer (legal-aid group; legal volunteer in Feminita and KazFem)",
        {LEGAL_AID: ROLE.COORDINATOR, "Feminita": ROLE.LEGAL, "KazFem": ROLE.LEGAL},
    ),
    DemoUser(
        "dariga",
        "Дарига",
        "Сейткали",
        "lawyer of the legal-aid group only, assigned to the appeal of the 2021 march",
        {LEGAL_AID: ROLE.MEMBER},
    ),
]


def almaty_time(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ALMATY)


class Command(BaseCommand):
    help = "Load the demo (the 2021 Almaty case and a few current applications). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when DEBUG is off. The demo users share a published password: never on a real server.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a real server, and the demo users share a published password. "
                "Run with DEBUG=1, or pass --force on a throw-away installation."
            )
        validate_password(DEMO_PASSWORD)
        with transaction.atomic():
            loader = DemoLoader()
            loader.load()
        self.report(loader)

    def report(self, loader):
        write = self.stdout.write
        write(
            f"Demo ready: {len(loader.users)} people, {len(loader.organizations)} groups, "
            f"{len(loader.applications)} applications, {loader.created} of them new."
        )
        write(f"Demo logins for {settings.SITE_URL}/accounts/login/ — password for all: {DEMO_PASSWORD}")
        for person in USERS:
            write(f"  {person.username:<9} {person.signature} — {person.description}")


class DemoLoader:
    def __init__(self):
        self.users = {}
        self.organizations = {}
        self.applications = {}
        self.created = 0
        self.today = timezone.localdate()
        self.akimat_almaty = self.authority("KZ-ALA", "Akimat of Almaty city")
        self.akimat_astana = self.authority("KZ-AST", "Akimat of Astana city")

    # --- people and groups ------------------------------------------------------------------

    @staticmethod
    def authority(jurisdiction_code, name):
        try:
            return Authority.objects.shared().get(jurisdiction__code=jurisdiction_code, name=name)
        except Authority.DoesNotExist:
            raise CommandError(f"{name} ({jurisdiction_code}) is missing: run `manage.py migrate` first.") from None

    def load(self):
        for name, kind, city in ORGANIZATIONS:
            organization = Organization.objects.filter(name=name).order_by("pk").first()
            if organization is None:
                # The demo's groups share their statistics, so that the appeal workspace's evidence
                # panel and the reports have a record to show, and the five publish them, so that the
                # public statistics page has one too (a real group decides for itself, off by default).
                organization = Organization.objects.create(
                    name=name, kind=kind, city=city, share_statistics=True, publish_statistics=name in THE_FIVE
                )
            self.organizations[name] = organization
        for person in USERS:
            self.users[person.username] = user = self.user(person)
            for organization_name, role in person.memberships.items():
                Membership.objects.get_or_create(
                    user=user, organization=self.organizations[organization_name], defaults={"role": role}
                )
        self.almaty_case_2021()
        self.almaty_appeal()
        self.february_2022()
        self.current_applications()

    @staticmethod
    def user(person: DemoUser):
        User = get_user_model()
        user = User.objects.filter(username=person.username).first()
        if user is None:
            user = User.objects.create_user(
                username=person.username,
                email=f"{person.username}@demo.example.org",
                password=DEMO_PASSWORD,
                first_name=person.first_name,
                last_name=person.last_name,
            )
        # Log-in needs a verified address (ACCOUNT_EMAIL_VERIFICATION = "mandatory"); the demo's
        # addresses receive no mail, so they are verified here.
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"primary": True, "verified": True})
        return user

    # --- applications ----------------------------------------------------------------------

    def application(self, *, by, lead, co=(), title, applicants, **fields):
        """Create through the service unless an application of that lead group and title exists.

        Returns None when it existed: the caller then adds nothing to it."""
        organization = self.organizations[lead]
        existing = PermitApplication.objects.filter(organization=organization, title=title).first()
        if existing is not None:
            self.applications[title] = existing
            return None
        application = application_create(
            by=self.users[by],
            organization=organization,
            applicant_names=[self.users[username].get_full_name() for username in applicants],
            title=title,
            **fields,
        )
        # Directly, not as requests to each group's coordinators: the loader speaks for every group
        # (in the story, each of them agreed to co-organize).
        for name in co:
            CoOrganizer.objects.get_or_create(application=application, organization=self.organizations[name])
        if co:  # their members get the reminders too
            deadlines_changed.send(sender=CoOrganizer, application_id=application.pk)
        self.applications[title] = application
        self.created += 1
        return application

    def note(self, application, *, kind, on, summary, details="", by):
        entry = TimelineEntry(
            application=application, kind=kind, happened_on=on, summary=summary, details=details, created_by=by
        )
        entry.full_clean()
        entry.save()

    @staticmethod
    def ground(code, quote, note=RECONSTRUCTED):
        return {"reason": RefusalReason.objects.get(code=code), "quote": quote, "note": note}

    def almaty_case_2021(self):
        aizhan = self.users["aizhan"]
        march = self.application(
            by="aizhan",
            lead="Feminita",
            co=["KazFem", "FemPoint", "Svet", "FemAgora"],
            title="Women's march on 8 March 2022",
            applicants=["aizhan", "svetlana", "kamila"],
            event_type="march",
            purpose="For women's rights: against gender-based violence and for equality.",
            starts_at=almaty_time(dt.date(2022, 3, 8), 12),
            ends_at=almaty_time(dt.date(2022, 3, 8), 15),
            location="Shokan Valikhanov square, Almaty",
            route="From Valikhanov square along Shevchenko street, the route of the 8 March 2021 march.",
            expected_participants=1000,
            authority=self.akimat_almaty,
            channel="in_person",
            filed_on=dt.date(2021, 11, 16),
        )
        if march is None:
            return
        self.note(
            march,
            kind=TimelineEntry.Kind.REVISION_REQUESTED,
            on=dt.date(2021, 11, 18),
            summary="The akimat asked us to make adjustments to the application",
            by=aizhan,
        )
        self.note(
            march,
            kind=TimelineEntry.Kind.MEETING,
            on=dt.date(2021, 11, 23),
            summary="Meeting at the akimat: officials advised revising our plans",
            details='They cited the "epidemiological situation" in Almaty and strongly advised revising the plans.',
            by=aizhan,
        )
        self.note(
            march,
            kind=TimelineEntry.Kind.PRESSURE,
            on=dt.date(2021, 11, 23),
            summary="Officials asked us to withdraw the application; we refused",
            details="The five groups decided together to keep the application.",
            by=aizhan,
        )
        march.record_decision(
            outcome="refused",
            decided_on=dt.date(2021, 11, 26),
            received_on=dt.date(2021, 11, 26),
            grounds=[
                self.ground(
                    "conflicting_event",
                    "…в связи с проведением других мероприятий, запланированных ранее в указанном месте и время.",
                ),
                self.ground(
                    "repair_works",
                    "…в сквере им. Ш. Уалиханова и по ул. Шевченко с 09:00 до 20:00 запланированы "
                    "ремонтно-монтажные работы.",
                ),
            ],
            by=aizhan,
        )
        self.note(
            march,
            kind=TimelineEntry.Kind.NOTE,
            on=dt.date(2021, 11, 29),
            summary="We will appeal the refusal",
            details="No other place or time was offered. Legal volunteers are preparing the complaint.",
            by=aizhan,
        )

    def almaty_appeal(self):
        """The appeal in preparation against the 26 November 2021 refusal: a pre-trial complaint to
        the higher body, in Russian, its deadline from АППК Art. 92 and its first draft assembled by
        Ruqsat; Dariga, of the legal-aid group, assigned by Aizhan. Added to an existing demo too."""

        march = self.applications.get("Women's march on 8 March 2022")
        decision = march.latest_decision if march is not None else None
        if decision is None or not decision.is_refusal:
            return
        aizhan = self.users["aizhan"]
        appeal = Appeal.objects.filter(decision=decision, venue=Appeal.Venue.HIGHER_AUTHORITY).first()
        if appeal is None:
            appeal = appeal_open(
                decision=decision,
                venue=Appeal.Venue.HIGHER_AUTHORITY,
                by=aizhan,
                language="ru",
                opened_on=dt.date(2021, 11, 29),
            )
        # Directly, not through an invitation: the loader acts for Dariga too, who (in the story)
        # accepted Aizhan's emailed invitation.
        _assignment, created = AppealVolunteer.objects.get_or_create(
            appeal=appeal, user=self.users["dariga"], defaults={"assigned_by": aizhan}
        )
        if created:
            appeal.deadlines_changed()

    def february_2022(self):
        svetlana = self.users["svetlana"]
        rally = self.application(
            by="svetlana",
            lead="KazFem",
            co=["Feminita", "FemPoint", "Svet", "FemAgora"],
            title="Rally on 8 March 2022: women in public affairs",
            applicants=["svetlana", "kamila"],
            event_type="rally",
            purpose="Women's participation in running the affairs of the state.",
            starts_at=almaty_time(dt.date(2022, 3, 8), 12),
            ends_at=almaty_time(dt.date(2022, 3, 8), 14),
            location="Almaty, the place approved by the akimat",
            expected_participants=1000,
            authority=self.akimat_almaty,
            channel="in_person",
            filed_on=dt.date(2022, 2, 7),
        )
        if rally is not None:
            rally.record_decision(
                outcome="approved_with_conditions",
                decided_on=dt.date(2022, 2, 9),
                received_on=dt.date(2022, 2, 9),
                conditions="No more than 1,000 participants.",
                by=svetlana,
            )
            rally.mark_held(on=dt.date(2022, 3, 8), note="The rally took place; the march was still refused.")

        second_march = self.application(
            by="svetlana",
            lead="KazFem",
            co=["Feminita", "FemPoint", "Svet", "FemAgora"],
            title="Women's march on 8 March 2022 (second application)",
            applicants=["svetlana", "aizhan"],
            event_type="march",
            purpose="For women's rights: against gender-based violence and for equality.",
            starts_at=almaty_time(dt.date(2022, 3, 8), 14),
            ends_at=almaty_time(dt.date(2022, 3, 8), 16),
            location="Shokan Valikhanov square, Almaty",
            route="Along Shevchenko street.",
            expected_participants=1000,
            authority=self.akimat_almaty,
            channel="in_person",
            filed_on=dt.date(2022, 2, 7),
        )
        if second_march is not None:
            second_march.record_decision(
                outcome="refused",
                decided_on=dt.date(2022, 2, 17),
                received_on=dt.date(2022, 2, 17),
                grounds=[self.ground("repair_works", "…на улицах проводятся ремонтно-монтажные работы.")],
                by=svetlana,
            )

    def current_applications(self):
        """Fictional applications around today, one per remaining state."""
        day = self.today
        kamila, aizhan = self.users["kamila"], self.users["aizhan"]

        self.application(
            by="svetlana",
            lead="KazFem",
            title="Picket for shelters for survivors of domestic violence",
            applicants=["svetlana"],
            event_type="picket",
            purpose="More shelter places for survivors of domestic violence in Almaty.",
            starts_at=almaty_time(day + dt.timedelta(days=25), 11),
            ends_at=almaty_time(day + dt.timedelta(days=25), 12),
            location="Mahatma Gandhi park, Almaty",
            expected_participants=1,
            authority=self.akimat_almaty,
        )

        self.application(
            by="kamila",
            lead="FemAgora",
            co=["Feminita"],
            title="Rally: women in public office",
            applicants=["kamila", "aizhan"],
            event_type="rally",
            purpose="Half of all seats in the maslikhat for women.",
            starts_at=almaty_time(day + dt.timedelta(days=21), 12),
            ends_at=almaty_time(day + dt.timedelta(days=21), 14),
            location="Mahatma Gandhi park, Almaty",
            expected_participants=300,
            authority=self.akimat_almaty,
            channel="online",
            filed_on=day - dt.timedelta(days=1),
        )

        approved = self.application(
            by="kamila",
            lead="FemPoint",
            title="Meeting: sixteen days of activism against gender-based violence",
            applicants=["kamila"],
            event_type="meeting",
            purpose="Talks and an open microphone on gender-based violence.",
            starts_at=almaty_time(day + dt.timedelta(days=12), 18),
            ends_at=almaty_time(day + dt.timedelta(days=12), 20),
            location="Mahatma Gandhi park, Almaty",
            expected_participants=80,
            authority=self.akimat_almaty,
            channel="online",
            filed_on=day - dt.timedelta(days=10),
        )
        if approved is not None:
            approved.record_decision(
                outcome="approved",
                decided_on=day - dt.timedelta(days=6),
                received_on=day - dt.timedelta(days=5),
                by=kamila,
            )

        conditional = self.application(
            by="aizhan",
            lead="Feminita",
            co=["KazFem"],
            title="March: safe streets for women",
            applicants=["aizhan", "svetlana"],
            event_type="march",
            purpose="Street lighting and safe public transport at night.",
            starts_at=almaty_time(day + dt.timedelta(days=40), 12),
            ends_at=almaty_time(day + dt.timedelta(days=40), 14),
            location="Shokan Valikhanov square, Almaty",
            route="Valikhanov square to Mahatma Gandhi park along Shevchenko street.",
            expected_participants=500,
            authority=self.akimat_almaty,
            channel="in_person",
            filed_on=day - dt.timedelta(days=20),
        )
        if conditional is not None:
            self.note(
                conditional,
                kind=TimelineEntry.Kind.CALL,
                on=day - dt.timedelta(days=15),
                summary="Call from the akimat's department of public development",
                details="They asked whether we would use loudspeakers.",
                by=aizhan,
            )
            conditional.record_decision(
                outcome="approved_with_conditions",
                decided_on=day - dt.timedelta(days=12),
                received_on=day - dt.timedelta(days=11),
                conditions="Without sound-amplifying equipment or vehicles.",
                by=aizhan,
            )

        withdrawn = self.application(
            by="kamila",
            lead="FemAgora",
            title="Picket for equal pay",
            applicants=["kamila"],
            event_type="picket",
            purpose="Equal pay for equal work.",
            starts_at=almaty_time(day + dt.timedelta(days=5), 10),
            ends_at=almaty_time(day + dt.timedelta(days=5), 11),
            location="In front of the akimat, Astana",
            expected_participants=1,
            authority=self.akimat_astana,
            channel="post",
            filed_on=day - dt.timedelta(days=15),
        )
        if withdrawn is not None:
            withdrawn.withdraw(on=day - dt.timedelta(days=9), note="We chose another date.", by=kamila)
