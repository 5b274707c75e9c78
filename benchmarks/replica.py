"""The site on a real streaming replica: who reads where, the lag, freshness, outage.

    .venv/bin/python benchmarks/replica.py                # 5,000 pieces, 20 s a phase
    .venv/bin/python benchmarks/replica.py --pieces 20000 --seconds 30 --keep

Everything belongs to the run and is removed at the end (unless --keep): two
PostgreSQL clusters made with Debian's tools (pg_createcluster, pg_ctlcluster),
a primary on --primary-port set up for streaming replication and a standby on
--standby-port cloned from it with `pg_basebackup -R` (it streams from the
primary from then on), a redis-server and gunicorn in production mode with
DATABASE_URL on the primary and DATABASE_REPLICA_URL on the standby
(newsroom.routers). Must run as root (the clusters belong to the postgres user).

Phases, under the same load (--readers threads: article, actor and home pages,
every other one missing the page cache, plus one poller per reader):

1. steady: an editor publishes a piece every --publish-every seconds through
   the workflow (article_publish); for each, the standby's replay of the
   commit is timed (its WAL position against the primary's), and the pollers
   ask for the newest published piece and the home page: a request begun after
   the publish returned that answers 404 or a home page without the piece is a
   *miss*. Statements the site ran on each server (pg_stat_statements, the
   site's own role) give the share the replica served.
2. outage: the standby is stopped (fast shutdown) --outage seconds into the
   phase and started again --outage seconds later; the answers of every second
   by status, and the statements the replica served after it came back.

Exits non-zero on a miss, on a 5xx beyond --max-5xx, or when the replica does
not serve reads again after its return.
"""

import argparse
import collections
import http.client
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
from common import ROOT, django_setup
from load.text import SECTIONS, article_text

VERSION = "15"
DATABASE = "newsroom_replica"
SITE_ROLE = "newsroom_site"
PRIMARY = "newsroom_primary"
STANDBY = "newsroom_standby"
HBA = """\
local   all             postgres                                peer
host    all             all             127.0.0.1/32            trust
host    replication     all             127.0.0.1/32            trust
"""
# Both clusters (conf.d/newsroom.conf): the primary streams to the standby,
# which answers reads, and each counts the statements it ran.
SETTINGS = """\
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 5
hot_standby = on
shared_preload_libraries = 'pg_stat_statements'
"""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--pieces", type=int, default=5000)
    add("--primary-port", type=int, default=5447)
    add("--standby-port", type=int, default=5448)
    add("--redis-port", type=int, default=6397)
    add("--port", type=int, default=8106, help="gunicorn's port")
    add("--workers", type=int, default=4)
    add("--readers", type=int, default=6, help="reader threads (and pollers)")
    add("--seconds", type=int, default=20, help="length of each phase")
    add("--publish-every", type=float, default=3.0)
    add("--outage", type=float, default=5.0, help="seconds the standby is down")
    add(
        "--lag-window",
        type=float,
        default=1.0,
        help="NEWSROOM_REPLICA_LAG_SECONDS: readers read the primary this long"
        " after a change",
    )
    add("--max-5xx", type=int, default=0, help="5xx answers allowed in the outage")
    add("--keep", action="store_true", help="leave the clusters for another run")
    options = parser.parse_args()
    if os.geteuid() != 0:
        parser.error("run as root: the clusters are made for the postgres user")
    for tool in ("pg_createcluster", "pg_basebackup", "redis-server"):
        if not shutil.which(tool):
            parser.error(f"{tool} is missing: apt-get install postgresql redis-server")
    return options


def main() -> int:
    options = arguments()
    run = Run(options)
    try:
        run.start()
        run.steady()
        run.outage()
    finally:
        run.stop()
    return run.report()


def postgres(*command, check=True) -> subprocess.CompletedProcess:
    """A PostgreSQL tool: Debian's cluster tools as root (they switch to the
    clusters' owner themselves), the others as that owner."""
    command = list(map(str, command))
    if not command[0].endswith("cluster"):
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=check, stdout=subprocess.DEVNULL)


def connect(port: int, dbname: str = DATABASE) -> psycopg.Connection:
    return psycopg.connect(
        f"host=127.0.0.1 port={port} user=postgres dbname={dbname}", autocommit=True
    )


class Run:
    def __init__(self, options):
        self.options = options
        self.base = f"http://127.0.0.1:{options.port}"
        self.redis = self.gunicorn = None
        self.made: list[str] = []
        self.lags_ms: list[float] = []
        self.published: list[tuple[str, float]] = []  # slug, when it returned
        self.checks = collections.Counter()
        self.misses: list[str] = []
        self.statuses = collections.Counter()  # (second, status) in the outage
        self.figures: dict[str, object] = {}
        self.stop_readers = threading.Event()
        self.lock = threading.Lock()

    # The clusters -----------------------------------------------------------

    def start(self) -> None:
        options = self.options
        self.redis_start()
        self.cluster_make(PRIMARY, options.primary_port)
        self.database_ready()
        self.standby_clone()
        self.gunicorn_start()

    def cluster_make(self, name: str, port: int) -> bool:
        """Make cluster `name` unless a kept run left it; True when made."""
        made = not Path(f"/etc/postgresql/{VERSION}/{name}/postgresql.conf").exists()
        if made:
            postgres(
                "pg_createcluster", VERSION, name, "-p", port, "--start-conf=manual"
            )
            config = Path(f"/etc/postgresql/{VERSION}/{name}")
            (config / "pg_hba.conf").write_text(HBA)
            (config / "conf.d" / "newsroom.conf").write_text(SETTINGS)
        self.made.append(name)
        return made

    def database_ready(self) -> None:
        options = self.options
        postgres("pg_ctlcluster", VERSION, PRIMARY, "start", check=False)
        with connect(options.primary_port, "postgres") as connection:
            if not connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
            ).fetchone():
                connection.execute(f"CREATE DATABASE {DATABASE}")
            if not connection.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", [SITE_ROLE]
            ).fetchone():
                # The site's own role, so its statements are told from this script's.
                connection.execute(f"CREATE ROLE {SITE_ROLE} LOGIN SUPERUSER")
        with connect(options.primary_port) as connection:
            connection.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        # The site's Redis: this process's publishes must tell the site's
        # processes at once, as the admin's do.
        os.environ["REDIS_URL"] = self.redis_url
        os.environ.pop("DATABASE_REPLICA_URL", None)
        os.environ["DATABASE_URL"] = (
            f"postgres://postgres@127.0.0.1:{options.primary_port}/{DATABASE}"
        )
        django_setup()
        from django.contrib.auth import get_user_model

        from articles.models import Article

        if Article.objects.count() < options.pieces:
            from corpus import corpus_generate

            from articles.related import related_rebuild

            corpus_generate(
                size=options.pieces,
                text=article_text,
                sections=SECTIONS,
                on_progress=print,
            )
            related_rebuild(workers=2)
        self.editor = get_user_model().objects.filter(username="replica-editor").first()
        if self.editor is None:
            self.editor = get_user_model().objects.create_superuser(
                "replica-editor", "editor@example.org", secrets.token_urlsafe(16)
            )

    def standby_clone(self) -> None:
        port = self.options.standby_port
        if self.cluster_make(STANDBY, port):
            # Emptied, not removed: its parent is root's.
            data = Path(f"/var/lib/postgresql/{VERSION}/{STANDBY}")
            for child in data.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
            # -R writes standby.signal and primary_conninfo: it streams from now on.
            postgres(
                "pg_basebackup",
                "-h",
                "127.0.0.1",
                "-p",
                self.options.primary_port,
                "-U",
                "postgres",
                "-D",
                data,
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            )
        postgres("pg_ctlcluster", VERSION, STANDBY, "start", check=False)
        with connect(port) as connection:
            recovering = connection.execute("SELECT pg_is_in_recovery()").fetchone()[0]
        with connect(self.options.primary_port) as connection:
            state = connection.execute(
                "SELECT state FROM pg_stat_replication"
            ).fetchone()
        if not recovering or not state or state[0] != "streaming":
            sys.exit(f"the standby is not streaming (recovery {recovering}, {state})")
        print(f"standby on {port}: in recovery, streaming from the primary")

    def redis_start(self) -> None:
        self.redis_url = f"redis://127.0.0.1:{self.options.redis_port}/0"
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.options.redis_port)]
            + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )

    def gunicorn_start(self) -> None:
        options = self.options
        site = f"postgres://{SITE_ROLE}@127.0.0.1"
        env = os.environ | {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"{site}:{options.primary_port}/{DATABASE}",
            "DATABASE_REPLICA_URL": f"{site}:{options.standby_port}/{DATABASE}",
            "REDIS_URL": self.redis_url,
            "NEWSROOM_REPLICA_LAG_SECONDS": str(options.lag_window),
            "NEWSROOM_REPLICA_RETRY_SECONDS": "1",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.log = Path(f"/tmp/newsroom-replica-gunicorn-{options.port}.log")
        self.gunicorn = subprocess.Popen(
            [gunicorn, "newsroom.wsgi", "--bind", f"127.0.0.1:{options.port}"]
            + ["--workers", str(options.workers), "--error-logfile", "-"],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while get(self.options.port, "/")[0] != 200:
            if time.monotonic() > deadline:
                sys.exit(f"gunicorn did not start: see {self.log}")
            time.sleep(0.3)
        from articles.models import Article

        rng = random.Random(3)
        pieces = list(Article.objects.published().with_entities().order_by("?")[:200])
        self.urls = [f"/articles/{a.slug}/" for a in pieces]
        self.urls += [f"/entities/{rng.choice(a.actors).slug}/" for a in pieces[:60]]
        self.urls += ["/", "/?page=2"]

    def stop(self) -> None:
        self.stop_readers.set()
        for process in (self.gunicorn, self.redis):
            if process and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        for name in reversed(self.made):
            if self.options.keep:
                postgres("pg_ctlcluster", VERSION, name, "stop", check=False)
            else:
                postgres("pg_dropcluster", "--stop", VERSION, name, check=False)
                # What pg_dropcluster does not know of: conf.d/newsroom.conf.
                shutil.rmtree(f"/etc/postgresql/{VERSION}/{name}", ignore_errors=True)

    # Load -------------------------------------------------------------------

    def readers(self, on_answer) -> list[threading.Thread]:
        self.stop_readers.clear()
        threads = [
            threading.Thread(target=self.read, args=(number, on_answer), daemon=True)
            for number in range(self.options.readers)
        ] + [
            threading.Thread(target=self.poll, args=(on_answer,), daemon=True)
            for _ in range(self.options.readers)
        ]
        for thread in threads:
            thread.start()
        return threads

    def read(self, number: int, on_answer) -> None:
        rng = random.Random(number)
        count = 0
        while not self.stop_readers.is_set():
            path = rng.choice(self.urls)
            count += 1
            if count % 2:
                joiner = "&" if "?" in path else "?"
                path += f"{joiner}nocache={number}-{count}"
            on_answer(get(self.options.port, path)[0])

    def poll(self, on_answer) -> None:
        """The newest published piece and the home page, as a reader refreshing."""
        while not self.stop_readers.is_set():
            with self.lock:
                latest = self.published[-1] if self.published else None
            if latest is None:
                time.sleep(0.05)
                continue
            slug, returned = latest
            for path in (f"/articles/{slug}/", "/"):
                began = time.time()
                status, body = get(self.options.port, path)
                on_answer(status)
                if began <= returned:
                    continue
                with self.lock:
                    self.checks[path == "/"] += 1
                    if status != 200 or (
                        path == "/" and f"/articles/{slug}/" not in body
                    ):
                        self.misses.append(f"{path} for {slug}: {status}")

    def publish(self) -> None:
        """Publish a draft as an editor would, and time the standby's replay."""
        from articles.models import Article, Status
        from articles.workflow import article_publish

        article = Article.objects.filter(status=Status.DRAFT).order_by("-id").first()
        article_publish(article=article, by=self.editor)
        returned = time.time()
        with connect(self.options.primary_port) as primary:
            lsn = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        with connect(self.options.standby_port) as standby:
            while True:
                replayed = standby.execute(
                    "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]
                ).fetchone()[0]
                if replayed:
                    break
                time.sleep(0.001)
        self.lags_ms.append((time.time() - returned) * 1000)
        with self.lock:
            self.published.append((article.slug, returned))

    def statements(self) -> dict[str, int]:
        """Statements the site has run on each server."""
        counts = {}
        for name, port in (
            ("primary", self.options.primary_port),
            ("replica", self.options.standby_port),
        ):
            with connect(port) as connection:
                counts[name] = connection.execute(
                    "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s "
                    "JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = %s",
                    [SITE_ROLE],
                ).fetchone()[0]
        return counts

    # Phases -----------------------------------------------------------------

    def steady(self) -> None:
        options = self.options
        answers = collections.Counter()
        before = self.statements()
        threads = self.readers(lambda status: answers.update([status]))
        end = time.monotonic() + options.seconds
        while time.monotonic() < end:
            self.publish()
            time.sleep(options.publish_every)
        self.stop_readers.set()
        for thread in threads:
            thread.join()
        after = self.statements()
        served = {name: after[name] - before[name] for name in after}
        self.figures["steady"] = {"answers": dict(answers), "statements": served}

    def outage(self) -> None:
        options = self.options
        began = time.time()

        def on_answer(status):
            with self.lock:
                self.statuses[(int(time.time() - began), status)] += 1

        threads = self.readers(on_answer)
        time.sleep(options.outage)
        down = time.time() - began
        postgres("pg_ctlcluster", VERSION, STANDBY, "stop", "-m", "fast")
        time.sleep(options.outage)
        postgres("pg_ctlcluster", VERSION, STANDBY, "start")
        up = time.time() - began
        back = self.statements()
        time.sleep(max(options.seconds - 2 * options.outage, options.outage))
        self.stop_readers.set()
        for thread in threads:
            thread.join()
        served = self.statements()["replica"] - back["replica"]
        self.figures["outage"] = {"down": down, "up": up, "replica_after": served}

    # Report -----------------------------------------------------------------

    def report(self) -> int:
        options = self.options
        steady = self.figures["steady"]
        served = steady["statements"]
        share = served["replica"] / max(1, served["primary"] + served["replica"])
        lags = sorted(self.lags_ms)
        answers = steady["answers"]
        lines = [
            "",
            f"{options.pieces:,} pieces; {options.workers} gunicorn workers,"
            f" {options.readers} readers + {options.readers} pollers;"
            f" lag window {options.lag_window:g} s; load average"
            f" {' '.join(f'{x:.1f}' for x in os.getloadavg())}",
            "",
            f"steady, {options.seconds} s, a piece published every"
            f" {options.publish_every:g} s ({len(lags)} in all):",
            f"  answers: {dict(sorted(answers.items()))}",
            f"  statements of the site: replica {served['replica']:,},"
            f" primary {served['primary']:,}: the replica served {share:.0%}",
            f"  replay lag after a publish: p50 {statistics.median(lags):.1f} ms,"
            f" p95 {lags[int(0.95 * (len(lags) - 1))]:.1f} ms, max {lags[-1]:.1f} ms"
            f" (lag window {options.lag_window * 1000:.0f} ms)",
            f"  freshness checks after a publish: {self.checks[False]} article"
            f" pages, {self.checks[True]} home pages; missing: {len(self.misses)}",
            *(f"    {miss}" for miss in self.misses[:10]),
        ]
        outage = self.figures["outage"]
        lines += [
            "",
            f"outage: the standby stopped at {outage['down']:.1f} s, started at"
            f" {outage['up']:.1f} s; answers per second:",
        ]
        by_second = collections.defaultdict(dict)
        for (second, status), count in sorted(self.statuses.items()):
            by_second[second][status] = count
        errors = 0
        for second, counts in sorted(by_second.items()):
            bad = sum(n for status, n in counts.items() if status >= 500 or not status)
            errors += bad
            shown = "  ".join(f"{status}×{n}" for status, n in sorted(counts.items()))
            lines.append(f"  {second:>4} s  {shown}")
        recovered = outage["replica_after"] > 0
        lines += [
            f"  5xx or no answer: {errors} (allowed {options.max_5xx});"
            f" statements the replica served after its return:"
            f" {outage['replica_after']:,}"
            f" ({'recovered' if recovered else 'NOT recovered'})",
        ]
        print("\n".join(lines))
        failed = bool(self.misses) or errors > options.max_5xx or not recovered
        return 1 if failed else 0


def get(port: int, path: str) -> tuple[int, str]:
    """Status and body of one GET; 0 when nothing answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    except OSError:
        return 0, ""
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
