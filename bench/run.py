"""`make bench`: Ruqsat at a national coalition's scale, on PostgreSQL.

    python -m bench.run [--scale full|small|tiny] [--runs 9] [--sweep-runs 3] [--load-seconds 60]
                        [--keep] [--readme] [--only sweep]

Creates a dedicated database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/ruqsat_bench; dropped and re-created, dropped again at the end
unless --keep), migrates it, loads the data of bench.data, measures (bench.measure), prints a table
and writes var/bench.json. --readme also replaces the table in README.md. The goals are checked
and printed, never asserted: the benchmark reports, it does not fail a build. `--scale small`
(10,000 applications, the same 1,000 due reminders) is for trying a change in a few minutes.
`--only sweep` loads what the first sweep measurement needs and measures only it and its floor
(each run printed, then the p50s and the ratio): for working on the sweep; it writes nothing."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ruqsat_bench"
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"

GOALS = [
    # metric, what it is compared with, the goal as text, the check
    ("list_p50_ms", "≤ 0.8 × admin changelist", lambda m: m["list_p50_ms"] <= 0.8 * m["admin_changelist_p50_ms"]),
    ("list_queries", "≤ 12", lambda m: m["list_queries"] <= 12),
    ("sweep_1m_ms", "≤ 1.5 × sweep_10k_ms", lambda m: m["sweep_1m_ms"] <= 1.5 * m["sweep_10k_ms"]),
    ("export_peak_mb", "≤ 50 MB", lambda m: m["export_peak_mb"] <= 50),
    ("export_xlsx_peak_mb", "≤ 50 MB", lambda m: m["export_xlsx_peak_mb"] <= 50),
    ("report_ms", "≤ 300 ms", lambda m: m["report_ms"] <= 300),
    # The floors, measured in the same run: what the work itself costs without Ruqsat around it.
    ("sweep_floor_ratio", "sweep_10k_ms ≤ 3 × sweep_floor_ms", lambda m: m["sweep_floor_ratio"] <= 3),
    ("export_floor_ratio", "export_ms ≤ 3 × export_floor_ms", lambda m: m["export_floor_ratio"] <= 3),
    ("load_errors", "= 0", lambda m: m["load_errors"] == 0),
    ("load_p95_ms", "≤ 4 × single_p50_ms", lambda m: m["load_p95_ms"] <= 4 * m["single_p50_ms"]),
]
REQUIRED = (
    "list_p50_ms",
    "admin_changelist_p50_ms",
    "list_queries",
    "sweep_10k_ms",
    "sweep_1m_ms",
    "export_peak_mb",
    "export_xlsx_peak_mb",
    "report_ms",
    "sweep_floor_ms",
    "sweep_floor_ratio",
    "export_ms",
    "export_floor_ms",
    "export_floor_ratio",
    "single_p50_ms",
    "load_rps",
    "load_p50_ms",
    "load_p95_ms",
    "load_errors",
)


def run_benchmark(
    scale,
    *,
    runs: int = 9,
    sweep_runs: int = 3,
    load_seconds: float = 60,
    load_think: tuple[float, float] | None = None,
    database_url: str | None = None,
    log=print,
) -> dict:
    """Load `scale` into the current database and measure. Works on any database Django supports
    (the tiny run in `make test` uses the test database); the numbers mean something on PostgreSQL.
    The load test runs gunicorn on `database_url`; without one (the test database, which no other
    process can see) it serves the same application from a thread (bench.load.in_process)."""
    from accounts.models import User
    from bench import data, load, measure
    from permits.models import Deadline
    from reminders.models import Reminder

    phases, metrics = {}, {}
    load_think = load_think or load.THINK_SECONDS

    def phase(name):
        phases[name] = time.perf_counter()
        log(f"· {name}")

    generator = data.Generator(scale)
    due_ids = load_first_phase(generator, phase)
    ids = generator.generated()

    phase(f"sweep of {scale.due:,} due reminders among {scale.deadlines_small:,} deadlines, and its floor")
    # Each sweep is followed by its floor: the same emails rendered and sent without the database.
    metrics["sweep_10k_ms"], sent_small, metrics["sweep_floor_ms"] = measure.measure_sweep(
        due_ids, sweep_runs, with_floor=True
    )
    metrics["sweep_floor_ratio"] = _ratio(metrics["sweep_10k_ms"], metrics["sweep_floor_ms"])

    phase(f"{scale.deadlines_large - scale.deadlines_small:,} more deadlines with their reminders")
    with data.bulk_load(Deadline, Reminder):
        generator.deadlines(generator.large_deadline_apps(), due=0)
    data.analyze()
    phase(f"sweep of the same {scale.due:,} due reminders among {scale.deadlines_large:,} deadlines")
    metrics["sweep_1m_ms"], sent_large, _floor = measure.measure_sweep(due_ids, sweep_runs)

    coordinator = measure.client_for(User.objects.get(pk=ids.big_coordinator_id))
    superuser = measure.client_for(User.objects.get(pk=ids.admin_id))
    monitor = measure.client_for(User.objects.get(pk=ids.monitor_id))
    phase("applications list and admin changelist")
    metrics.update(measure.measure_list_and_admin(coordinator, superuser, runs))
    phase("CSV export of every application")
    metrics.update(measure.measure_export(monitor))
    phase("XLSX export of every application")
    metrics.update(measure.measure_export_xlsx(monitor))
    phase("the export's floor: COPY (the same query) TO STDOUT WITH CSV")
    metrics.update(measure.measure_export_floor(User.objects.get(pk=ids.monitor_id)))
    metrics["export_floor_ratio"] = _ratio(metrics["export_ms"], metrics["export_floor_ms"])
    phase("refusal report")
    metrics.update(measure.measure_report(monitor, runs))
    phase(f"load: one client, then {load.CLIENTS} clients for {load_seconds:g} s")
    persons = load.people()
    server = load.gunicorn(database_url, log=log) if database_url else load.in_process()
    with server as port:
        load_metrics, load_errors = load.measure_load(port, persons, seconds=load_seconds, think=load_think)
    metrics.update(load_metrics)
    phase("done")

    names = list(phases)
    seconds = {names[i]: round(phases[names[i + 1]] - phases[names[i]], 1) for i in range(len(names) - 1)}
    return {
        "metrics": metrics,
        "goals": {name: {"goal": text, "met": check(metrics)} for name, text, check in GOALS},
        "checks": {
            "sweep_sent_small": sent_small,
            "sweep_sent_large": sent_large,
            "due": scale.due,
            "export_floor_rows": metrics["export_floor_rows"],
            "load_errors": load_errors,  # the first few kinds, if any
            "load_server": f"gunicorn, {load.workers()} workers" if database_url else "in-process (tests)",
        },
        "scale": {
            "applications": scale.applications,
            "organizations": scale.organizations,
            "deadlines_small": scale.deadlines_small,
            "deadlines_large": scale.deadlines_large,
            "due": scale.due,
            "runs": runs,
            "sweep_runs": sweep_runs,
            "load_clients": load.CLIENTS,
            "load_seconds": load_seconds,
            "load_think_seconds": list(load_think),
        },
        "seconds": seconds,
        "machine": machine(),
    }


def load_first_phase(generator, phase) -> list[int]:
    """The people, the applications and the first `deadlines_small` deadlines; the due reminders' ids."""
    from bench import data
    from permits.models import Applicant, Decision, PermitApplication, RefusalGround

    scale = generator.scale
    phase("people and groups")
    generator.people()
    phase("applications, decisions and grounds")
    with data.bulk_load(PermitApplication, Applicant, Decision, RefusalGround):
        generator.applications()
    phase(f"{scale.deadlines_small:,} deadlines with their reminders")
    due_ids = generator.deadlines(generator.small_deadline_apps(), due=scale.due)
    data.analyze()
    return due_ids


def run_sweep_only(scale, *, sweep_runs: int = 3, log=print) -> dict:
    """Only the first sweep measurement and its floor (`--only sweep`): the people, the applications
    and the first `deadlines_small` deadlines are loaded as for the whole run, nothing more."""
    from bench import data, measure

    due_ids = load_first_phase(data.Generator(scale), lambda name: log(f"· {name}"))
    log(f"· sweep of {scale.due:,} due reminders among {scale.deadlines_small:,} deadlines, and its floor")

    def each_run(sweep_ms: float, floor_ms: float | None) -> None:
        log(f"  sweep {sweep_ms:.0f} ms, floor {floor_ms:.0f} ms, ratio {_ratio(sweep_ms, floor_ms)}")

    sweep_ms, sent, floor_ms = measure.measure_sweep(due_ids, sweep_runs, with_floor=True, each_run=each_run)
    return {
        "sweep_10k_ms": sweep_ms,
        "sweep_floor_ms": floor_ms,
        "sweep_floor_ratio": _ratio(sweep_ms, floor_ms),
        "sweep_sent": sent,
        "load_average": [round(load, 1) for load in os.getloadavg()],
    }


def _ratio(value: float, floor: float) -> float:
    return round(value / floor, 2) if floor else 0.0


def machine() -> dict:
    from django.db import connection

    info = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "database": connection.vendor,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        # Other work on the machine meanwhile (1, 5 and 15 minutes): numbers from a busy machine are slower.
        "load_average": [round(load, 1) for load in os.getloadavg()],
    }
    try:
        with open("/proc/meminfo") as meminfo:
            kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        info["memory_gb"] = round(kb / 1024 / 1024, 1)
        with open("/proc/cpuinfo") as cpuinfo:
            info["cpu"] = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    except (OSError, StopIteration, ValueError):
        pass
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
    return info


def table(results: dict) -> str:
    """The results as a Markdown table, with the machine under it."""
    m, goals = results["metrics"], results["goals"]
    rows = [("metric", "value", "goal", "met"), ("---", "---:", "---", "---")]
    extra = (
        "admin_changelist_queries",
        "list_deep_page_ms",
        "export_ms",
        "export_rows",
        "export_xlsx_ms",
        "report_api_ms",
    )
    for name in (*REQUIRED, *extra):
        if name not in m:
            continue
        goal = goals.get(name)
        rows.append((f"`{name}`", f"{m[name]:,}", goal["goal"] if goal else "", _met(goal)))
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    info = results["machine"]
    scale = results["scale"]
    think = scale.get("load_think_seconds", [0, 0])
    lines.append("")
    lines.append(
        f"{scale['applications']:,} applications over {scale['organizations']:,} groups, "
        f"{scale['applications']:,} decisions, {scale['deadlines_large']:,} deadlines ({scale['due']:,} due); "
        f"p50 of {scale['runs']} runs (sweeps: {scale['sweep_runs']}). Load: {scale['load_clients']} clients for "
        f"{scale['load_seconds']:g} s, each reading a page for {think[0]:g}–{think[1]:g} s before the next click "
        f"({results['checks']['load_server']}, production settings) over the dashboard, "
        f"the applications list, an application, an appeal's workspace and the API's list, as the members of the "
        f"biggest groups; `single_p50_ms` is the same mix with one client just before."
    )
    lines.append(
        f"Machine: {info.get('nproc')} CPUs ({info.get('cpu', '?')}), {info.get('memory_gb', '?')} GB memory, "
        f"PostgreSQL {info.get('postgresql', '—')}, Python {info.get('python')}; {info.get('date')}. "
        f"Load average at the end: {', '.join(map(str, info.get('load_average', [])))}. "
        f"Whole run: {sum(results['seconds'].values()):.0f} s."
    )
    return "\n".join(lines)


def _met(goal) -> str:
    if goal is None:
        return ""
    return "yes" if goal["met"] else "**no**"


def write_results(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    flat = {**results["metrics"], "results": results}
    path.write_text(json.dumps(flat, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def update_readme(markdown: str, readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    readme.write_text(text[:start] + "\n" + markdown + "\n" + text[end:], encoding="utf-8")


# --- The dedicated database -------------------------------------------------------------------


def _admin_connection(url: str):
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    connection.autocommit = True
    return connection, config["NAME"]


def recreate_database(url: str) -> None:
    from psycopg2 import sql

    connection, name = _admin_connection(url)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def drop_database(url: str) -> None:
    from psycopg2 import sql

    connection, name = _admin_connection(url)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    connection.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Ruqsat's benchmark on PostgreSQL.")
    parser.add_argument("--scale", choices=["full", "small", "tiny"], default="full")
    parser.add_argument("--runs", type=int, default=9, help="requests per page measurement (p50 reported)")
    parser.add_argument("--sweep-runs", type=int, default=3, help="sweeps per sweep measurement")
    parser.add_argument("--load-seconds", type=float, default=60, help="how long the 16 clients of the load test run")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--readme", action="store_true", help="replace the table in README.md")
    parser.add_argument(
        "--only",
        choices=["sweep"],
        help="measure only this (the sweep of the due reminders among the first deadlines, and its floor); "
        "prints the numbers, writes neither var/bench.json nor README.md",
    )
    args = parser.parse_args(argv)

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        parser.error("BENCH_DATABASE_URL must be a PostgreSQL URL")
    # The test settings: no SECRET_KEY needed, mail to the locmem backend, a fast password hasher.
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    # Tasks queued on commit (the appeals the load test opens) run here, not in a broker's files.
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"

    started = time.perf_counter()
    print(f"Creating {url.rsplit('/', 1)[-1]} …", flush=True)
    recreate_database(url)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        from bench import data

        call_command("migrate", verbosity=0)
        scale = {"full": data.FULL, "small": data.SMALL, "tiny": data.TINY}[args.scale]
        if args.only == "sweep":
            metrics = run_sweep_only(scale, sweep_runs=args.sweep_runs, log=lambda s: print(s, flush=True))
            print()
            for name, value in metrics.items():
                print(f"{name}: {value}")
            print(f"\n{time.perf_counter() - started:.0f} s.")
            connections.close_all()
            return 0
        results = run_benchmark(
            scale,
            runs=args.runs,
            sweep_runs=args.sweep_runs,
            load_seconds=args.load_seconds,
            database_url=url,
            log=lambda s: print(s, flush=True),
        )
        markdown = table(results)
        print()
        print(markdown)
        path = Path(settings.VAR_DIR) / "bench.json"
        write_results(results, path)
        print(f"\nWrote {path} in {time.perf_counter() - started:.0f} s.")
        if args.readme:
            update_readme(markdown, Path(settings.BASE_DIR) / "README.md")
            print("Updated README.md.")
        connections.close_all()
    finally:
        if not args.keep:
            drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
