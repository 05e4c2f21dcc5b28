"""Realistic data for the benchmark, written fast: PostgreSQL's COPY from a stream of CSV text
(bulk_create in big batches on any other database, for the tiny run in `make test`).

The shape, at full scale: 1,000 groups (one big coalition leading 10 % of everything), three people
in each, a monitor who is a legal volunteer in every group, 100,000 applications from 2019 to 2026
with their applicants and co-organizers, one decision each (55 % refusals with 1–3 quoted grounds),
and 1,000,000 deadlines (ten per application) each with the reminder row the sweep works on. The
first phase writes the deadlines of the first `deadlines_small // 10` applications, among them the
`due` deadlines whose reminders are due now; the second phase adds the rest, none of them due."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from organizations.models import Membership, Organization
from permits.models import (
    Applicant,
    Authority,
    CoOrganizer,
    Deadline,
    Decision,
    Jurisdiction,
    PermitApplication,
    RefusalGround,
    RefusalReason,
)
from reminders.models import Reminder

DEADLINES_PER_APPLICATION = 10


@dataclass(frozen=True)
class Scale:
    applications: int
    organizations: int
    deadlines_small: int  # the first sweep measurement: the due rows among this many deadlines
    deadlines_large: int  # the second: the same due rows among this many
    due: int
    big_group_share: float = 0.10  # the coalition's part of all applications

    def __post_init__(self):
        assert self.deadlines_small % DEADLINES_PER_APPLICATION == 0
        assert self.deadlines_large <= self.applications * DEADLINES_PER_APPLICATION
        assert self.due <= self.deadlines_small // DEADLINES_PER_APPLICATION


FULL = Scale(applications=100_000, organizations=1_000, deadlines_small=10_000, deadlines_large=1_000_000, due=1_000)
SMALL = Scale(applications=10_000, organizations=100, deadlines_small=10_000, deadlines_large=100_000, due=1_000)
TINY = Scale(applications=200, organizations=10, deadlines_small=100, deadlines_large=2_000, due=10)


# --- Writing rows fast --------------------------------------------------------------------------


class _TextStream(io.TextIOBase):
    """A read()-able file over an iterator of text pieces, for COPY … FROM STDIN."""

    def __init__(self, pieces: Iterator[str]):
        self._pieces, self._buffer = pieces, ""

    def readable(self):
        return True

    def read(self, size=-1):
        while size < 0 or len(self._buffer) < size:
            piece = next(self._pieces, None)
            if piece is None:
                break
            self._buffer += piece
        if size < 0:
            chunk, self._buffer = self._buffer, ""
        else:
            chunk, self._buffer = self._buffer[:size], self._buffer[size:]
        return chunk


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dt.date):  # dates and aware datetimes alike
        return value.isoformat()
    return str(value)


class Table:
    """Rows for one model given as tuples in `columns` order; every other column gets its default
    (computed once), so a row carries only what varies."""

    def __init__(self, model: type[models.Model], columns: list[str]):
        self.model, self.columns = model, columns
        now = timezone.now()
        self.constants = {}
        for f in model._meta.concrete_fields:
            if f.attname in columns or (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField)):
                continue  # given, or the database numbers it
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif f.blank and isinstance(f, models.CharField | models.TextField):
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{f.attname} needs a value: add it to the columns")
            self.constants[f.attname] = value
        self.json_columns = {f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)}

    def insert(self, rows: Iterable[tuple]) -> int:
        if connection.vendor == "postgresql":
            return self._copy(rows)
        return self._bulk_create(rows)

    def _copy(self, rows) -> int:
        import json

        names = [*self.columns, *self.constants]
        tail = [json.dumps(v) if k in self.json_columns else _copy_text(v) for k, v in self.constants.items()]
        count = 0

        def lines():
            nonlocal count
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            for row in rows:
                writer.writerow([_copy_text(v) for v in row] + tail)
                count += 1
                if out.tell() > 1 << 20:
                    yield out.getvalue()
                    out.seek(0)
                    out.truncate()
            yield out.getvalue()

        table = connection.ops.quote_name(self.model._meta.db_table)
        column_list = ", ".join(connection.ops.quote_name(self._column(n)) for n in names)
        sql = f"COPY {table} ({column_list}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        with connection.cursor() as cursor:
            cursor.copy_expert(sql, _TextStream(lines()), size=1 << 20)
        return count

    def _column(self, attname: str) -> str:
        return next(f.column for f in self.model._meta.concrete_fields if f.attname == attname)

    def _bulk_create(self, rows) -> int:
        batch, count = [], 0
        for row in rows:
            batch.append(self.model(**self.constants, **dict(zip(self.columns, row, strict=True))))
            if len(batch) >= 5000:
                count += len(self.model.objects.bulk_create(batch))
                batch = []
        if batch:
            count += len(self.model.objects.bulk_create(batch))
        return count


@contextlib.contextmanager
def bulk_load(*big_models):
    """On PostgreSQL, load the way one restores a dump: without per-row foreign-key triggers (the
    data is made consistent; needs a superuser, else they stay on), with the secondary indexes of
    `big_models` dropped and built again once at the end (indexes backing a constraint stay)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # Inside a transaction (the tiny run in `make test`) an index cannot be rebuilt while
        # deferred trigger events are pending: load plainly.
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        superuser = cursor.fetchone()[0]
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        if superuser:
            cursor.execute("SET session_replication_role = replica")
        definitions = []
        for model in big_models:
            cursor.execute(
                """SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
                   JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                   WHERE t.relname = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)""",
                [model._meta.db_table],
            )
            definitions += cursor.fetchall()
        for name, _definition in definitions:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, definition in definitions:
                cursor.execute(definition)
            cursor.execute("RESET session_replication_role")
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute("RESET synchronous_commit")


def next_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def reset_sequences(models_):
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# --- What the data looks like -------------------------------------------------------------------

FIRST_NAMES = ["Айгерим", "Асель", "Дана", "Жанар", "Гульнара", "Әсем", "Құралай", "Ұлжан", "Маржан", "Инкар"]
LAST_NAMES = ["Нурланова", "Сейткали", "Төлеуқызы", "Ахметова", "Бекова", "Оспанова", "Жұмабаева", "Исаева"]
TITLES = [
    "Марш за равные права",
    "Әйелдер құқығы үшін шеру",
    "Пикет против домашнего насилия",
    "Митинг за честные выборы",
    "Экологиялық пикет: ағаштарды сақтаңыз",
    "Women's march on 8 March",
    "Собрание жителей микрорайона",
    "Шествие памяти",
]
PLACES = [
    "Сквер им. Ш. Уалиханова, Алматы",
    "Парк им. Махатмы Ганди, Алматы",
    "Площадь Республики, Алматы",
    "Astana, Kazakh Eli square",
    "Шымкент, Әл-Фараби алаңы",
    "Возле здания акимата",
]
QUOTES = {
    "conflicting_event": "…в связи с проведением других мероприятий, запланированных ранее в указанном месте и время.",
    "repair_works": "…в сквере запланированы ремонтно-монтажные работы с 09:00 до 20:00.",
    "public_health": "…в связи с неблагоприятной эпидемиологической ситуацией.",
    "public_order": "…в целях обеспечения общественного порядка.",
    "late_filing": "Өтініш заңда белгіленген мерзім өткеннен кейін берілді.",
    "incomplete_application": "…не указана цель мероприятия; отсутствует подпись.",
    "prohibited_location": "…место не входит в перечень специализированных мест.",
}
DISTRICTS = {
    "KZ-ALA": ["Almaly", "Auezov", "Bostandyk", "Medeu", "Nauryzbay", "Turksib", "Zhetysu", "Alatau"],
    "KZ-AST": ["Almaty", "Baikonur", "Yesil", "Saryarka", "Nura"],
    "KZ-SHY": ["Abay", "Al-Farabi", "Enbekshi", "Karatau", "Turan"],
}
EVENT_TYPES = ["march", "rally", "picket", "meeting", "demonstration", "other"]
EVENT_WEIGHTS = [25, 20, 30, 15, 5, 5]
FIRST_DAY, LAST_DAY = dt.date(2019, 1, 1), dt.date(2026, 12, 31)


@dataclass
class Generated:
    """Ids the measurements need."""

    big_coordinator_id: int
    monitor_id: int
    admin_id: int
    big_group_id: int
    application_ids: tuple[int, int]  # first, last
    due_reminder_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


class Generator:
    def __init__(self, scale: Scale, seed: int = 9):
        self.scale = scale
        self.random = random.Random(seed)  # noqa: S311 — reproducible made-up data, not secrets
        self.now = timezone.now()
        self.today = timezone.localdate()

    # The people and groups ---------------------------------------------------------------------

    def people(self) -> None:
        s, r = self.scale, self.random
        almaty = Jurisdiction.objects.get(code="KZ-ALA")
        for code, districts in DISTRICTS.items():
            jurisdiction = Jurisdiction.objects.get(code=code)
            for district in districts:
                Authority.objects.get_or_create(jurisdiction=jurisdiction, name=f"Akimat of {district} district")
        self.authority_ids = list(Authority.objects.values_list("pk", flat=True))
        self.almaty_id = almaty.pk

        self.first_org = next_id(Organization)
        orgs = range(self.first_org, self.first_org + s.organizations)
        Table(Organization, ["id", "name", "kind", "city"]).insert(
            (i, f"Bench group {i - self.first_org + 1}", "group", r.choice(["Almaty", "Astana", "Shymkent"]))
            for i in orgs
        )
        self.big_group = self.first_org

        first_user = next_id(User)
        password = make_password(None)  # unusable: the benchmark logs people in with force_login
        # Three people per group (coordinator, member, legal volunteer), then the monitor and an admin.
        roles = ["coordinator", "member", "legal"]
        self.coordinator_of = {}
        users, memberships = [], []
        user_id = first_user
        for org in orgs:
            for role in roles:
                users.append((user_id, f"b{user_id}", f"b{user_id}@bench.example", self._name(), False, False))
                memberships.append((org, user_id, role))
                if role == "coordinator":
                    self.coordinator_of[org] = user_id
                user_id += 1
        self.monitor_id, self.admin_id = user_id, user_id + 1
        users.append((self.monitor_id, "bench-monitor", "monitor@bench.example", "Monitor", False, False))
        users.append((self.admin_id, "bench-admin", "admin@bench.example", "Admin", True, True))
        memberships += [(org, self.monitor_id, "legal") for org in orgs]

        # People read Ruqsat (and their reminders) in Russian, Kazakh or English.
        languages = ["ru", "kk", "en"]
        columns = ["id", "username", "email", "first_name", "is_staff", "is_superuser", "password", "calendar_token"]
        rows = ((*u, password, f"bench-calendar-{u[0]}", languages[u[0] % 3]) for u in users)
        Table(User, [*columns, "language"]).insert(rows)
        Table(Membership, ["organization_id", "user_id", "role"]).insert(memberships)
        reset_sequences([Organization, User, Membership, Authority])

    def _name(self) -> str:
        return f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_NAMES)}"

    def _lead_group(self) -> int:
        s, r = self.scale, self.random
        if r.random() < s.big_group_share:
            return self.big_group
        return self.first_org + r.randrange(s.organizations)

    # Applications and decisions --------------------------------------------------------------

    def applications(self) -> None:
        s, r = self.scale, self.random
        self.first_app = next_id(PermitApplication)
        span = (LAST_DAY - FIRST_DAY).days
        self.apps = []  # (id, lead org, event day, status, filed_on) for the deadlines
        app_rows, applicant_rows, co_rows, decision_rows, ground_rows = [], [], [], [], []
        reasons = dict(RefusalReason.objects.filter(code__in=QUOTES).values_list("code", "pk"))
        reason_codes = list(reasons)
        first_decision = next_id(Decision)
        for n in range(s.applications):
            app_id = self.first_app + n
            org = self._lead_group()
            day = FIRST_DAY + dt.timedelta(days=r.randrange(span))
            starts_at = dt.datetime.combine(day, dt.time(r.choice([10, 11, 12, 14, 18])), tzinfo=dt.UTC)
            filed_on = day - dt.timedelta(days=r.randint(10, 20))
            decided_on = filed_on + dt.timedelta(days=r.randint(2, 7))
            event_type = r.choices(EVENT_TYPES, EVENT_WEIGHTS)[0]
            roll = r.random()
            outcome = "refused" if roll < 0.55 else "approved" if roll < 0.9 else "approved_with_conditions"
            status = "held" if outcome == "approved" and day < self.today and r.random() < 0.5 else outcome
            title = f"{r.choice(TITLES)} №{n + 1}"
            app_rows.append(
                (
                    app_id,
                    title,
                    event_type,
                    "",
                    org,
                    starts_at,
                    starts_at + dt.timedelta(hours=2),
                    r.choice(PLACES),
                    r.choice([50, 100, 300, 1000]),
                    r.choice(self.authority_ids),
                    filed_on,
                    r.choice(["in_person", "online", "post", "email"]),
                    f"ЗТ-{n:06d}",
                    status,
                )
            )
            for position in range(r.choice([1, 1, 2, 3])):
                applicant_rows.append((app_id, self._name(), position))
            if r.random() < 0.2:
                other = self.first_org + r.randrange(s.organizations)
                if other != org:
                    co_rows.append((app_id, other))
            decision_id = first_decision + n
            decision_rows.append(
                (
                    decision_id,
                    app_id,
                    outcome,
                    decided_on,
                    decided_on + dt.timedelta(days=1),
                    f"№ {n}/ОБ",
                    "Без звукоусиливающей аппаратуры" if outcome == "approved_with_conditions" else "",
                )
            )
            if outcome == "refused":
                for position, code in enumerate(r.sample(reason_codes, r.choice([1, 1, 2, 3]))):
                    ground_rows.append((decision_id, reasons[code], QUOTES[code], position))
            self.apps.append((app_id, org, day, status, filed_on))
        self.last_app = self.first_app + s.applications - 1
        Table(
            PermitApplication,
            [
                "id",
                "title",
                "event_type",
                "purpose",
                "organization_id",
                "starts_at",
                "ends_at",
                "location",
                "expected_participants",
                "authority_id",
                "filed_on",
                "channel",
                "reference_number",
                "status",
            ],
        ).insert(app_rows)
        Table(Applicant, ["application_id", "name", "position"]).insert(applicant_rows)
        Table(CoOrganizer, ["application_id", "organization_id"]).insert(co_rows)
        Table(
            Decision,
            ["id", "application_id", "outcome", "decided_on", "received_on", "reference_number", "conditions"],
        ).insert(decision_rows)
        Table(RefusalGround, ["decision_id", "reason_id", "quote", "position"]).insert(ground_rows)
        reset_sequences([PermitApplication, Applicant, CoOrganizer, Decision, RefusalGround])

    # Deadlines and their reminders -------------------------------------------------------------

    def deadlines(self, apps: list[tuple], *, due: int) -> list[int]:
        """Ten deadlines per application in `apps`, each with one reminder row for the lead group's
        coordinator. The first `due` applications get an open deadline three days ahead whose reminder
        is due now. Returns the due reminders' ids."""
        r = self.random
        first_deadline, first_reminder = next_id(Deadline), next_id(Reminder)
        deadline_rows, reminder_rows, due_ids = [], [], []
        deadline_id, reminder_id = first_deadline, first_reminder
        for index, (app_id, org, event_day, status, filed_on) in enumerate(apps):
            plan = [
                ("authority_response", "", filed_on + dt.timedelta(days=7), True),
                ("latest_filing", "", event_day - dt.timedelta(days=10), True),
                ("event", "", event_day, event_day < self.today),
            ]
            if status == "refused":
                plan.append(("appeal_filing", "", filed_on + dt.timedelta(days=100), None))
            while len(plan) < DEADLINES_PER_APPLICATION:
                day = event_day + dt.timedelta(days=r.randint(-30, 60))
                plan.append(("custom", r.choice(["Забрать ответ", "Баннерлер дайындау", "Call the akimat"]), day, None))
            if index < due:
                plan[-1] = ("custom", "Подать документы", self.today + dt.timedelta(days=3), False)
            for kind, title, due_on, done in plan:
                if done is None:
                    done = due_on < self.today
                due_at = dt.datetime.combine(due_on, dt.time(18, 59), tzinfo=dt.UTC)  # 23:59 in Almaty
                deadline_rows.append(
                    (deadline_id, app_id, kind, title, due_on, due_at, due_on, (due_at if done else None))
                )
                send_at = due_at - dt.timedelta(days=3, hours=10)
                if index < due and kind == "custom" and title == "Подать документы":
                    send_at = self.now - dt.timedelta(minutes=30)
                    reminder = ("pending", send_at)
                    due_ids.append(reminder_id)
                elif done:
                    reminder = ("sent", None)
                elif due_at < self.now:
                    reminder = ("skipped", None)
                else:
                    send_at = max(send_at, self.now + dt.timedelta(days=1))
                    reminder = ("pending", send_at)
                reminder_rows.append(
                    (reminder_id, deadline_id, self.coordinator_of[org], 3, due_on, send_at, reminder[0], reminder[1])
                )
                deadline_id += 1
                reminder_id += 1
        Table(
            Deadline, ["id", "application_id", "kind", "title", "due_on", "due_at", "computed_due_on", "done_at"]
        ).insert(deadline_rows)
        Table(
            Reminder,
            [
                "id",
                "deadline_id",
                "recipient_id",
                "offset_days",
                "deadline_due_on",
                "send_at",
                "status",
                "next_attempt_at",
            ],
        ).insert(reminder_rows)
        reset_sequences([Deadline, Reminder])
        return due_ids

    def small_deadline_apps(self) -> list[tuple]:
        return self.apps[: self.scale.deadlines_small // DEADLINES_PER_APPLICATION]

    def large_deadline_apps(self) -> list[tuple]:
        start = self.scale.deadlines_small // DEADLINES_PER_APPLICATION
        return self.apps[start : self.scale.deadlines_large // DEADLINES_PER_APPLICATION]

    def generated(self) -> Generated:
        return Generated(
            big_coordinator_id=self.coordinator_of[self.big_group],
            monitor_id=self.monitor_id,
            admin_id=self.admin_id,
            big_group_id=self.big_group,
            application_ids=(self.first_app, self.last_app),
        )


def analyze() -> None:
    """Fresh planner statistics and visibility maps after the bulk load, and its pages written out
    (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # VACUUM cannot run inside a transaction (the tiny run in `make test` is inside one).
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        if not connection.in_atomic_block:
            # Write the bulk load's pages out now, not during the measurements that follow: a
            # checkpoint in progress slows every commit's fsync (the sweep commits once per email).
            cursor.execute("SELECT pg_has_role('pg_checkpoint', 'MEMBER') OR current_setting('is_superuser') = 'on'")
            if cursor.fetchone()[0]:
                cursor.execute("CHECKPOINT")
