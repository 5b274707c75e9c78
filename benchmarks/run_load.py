"""Load and faults on loopback: gunicorn + PostgreSQL + Redis with a real corpus.

    .venv/bin/python benchmarks/run_load.py                 # 100,000 pieces
    .venv/bin/python benchmarks/run_load.py --pieces 5000 --seconds 10

Everything runs on this machine and belongs to the run: a PostgreSQL cluster of
its own (--pgdata, created with initdb on first use, on --pgport), a
redis-server of its own (--redis-port) and gunicorn in production mode
(DJANGO_DEBUG=false, a secret, allowed hosts, REDIS_URL). The corpus is made
once with COPY (benchmarks/corpus.py, readable text from load/text.py) and
rebuild_related; later runs reuse it. The URLs are a sample of real slugs,
actors and words from the database (load/locustfile.py says how they are used).

Phases, each printed as requests/s, p50, p95 and errors per surface:

1. cold: the cache flushed, every sampled URL requested once (locust FirstPass);
2. uncached article: article pages each with a unique query parameter
   (--uncached-param), which a page cache keyed on the URL cannot answer,
   beside a trivial Django view (benchmarks/load/urls.py) in the same run, so
   that the ratio of the two holds on any machine;
3. warm: one surface at a time at full speed (wrk, --connections);
4. mixed: all surfaces at once, weighted like readers (locust Reader);
5. PostgreSQL down for --outage seconds in the middle of a run (stop, then start
   the cluster), gunicorn untouched: per-second status codes; only 503s are
   allowed while it is down, and 200s must come back;
6. Redis killed in the middle of a run and started again later: every answer
   must still be a 200.

The figures are judged against the targets (cached ≥ 1,500 req/s, uncached
article ≥ 300 req/s, p95 < 50 ms). Exits non-zero when any request failed
other than by an expected 503 during the outage.
"""

import argparse
import collections
import csv
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import psycopg
import redis
from common import ROOT, django_setup
from load.text import NAMES, SECTIONS, article_text

HERE = Path(__file__).resolve().parent
LOAD = HERE / "load"
SURFACES = ["home", "article", "actor", "combined", "related", "search", "feed", "api"]
TARGET_CACHED_RPS = 1500
TARGET_UNCACHED_RPS = 300
# The trivial view's rate in the first run that measured it (2026-12-01,
# benchmarks/README.md): on any machine the article page must reach the share
# of its trivial view that the 300 req/s target is of this.
RECORDED_TRIVIAL_RPS = 790
TARGET_P95_MS = 50
DATABASE = "newsroom_load"
FAULT_USERS = 8
PHASES = ["cold", "uncached", "warm", "mixed", "postgres", "redis"]


def main() -> int:
    options = arguments()
    # A run stopped from outside still stops its servers (the finally below);
    # the processes rebuild_related forks keep the default.
    main_pid = os.getpid()

    def stopped(number, _frame):
        if os.getpid() != main_pid:
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
        sys.exit("stopped")

    signal.signal(signal.SIGTERM, stopped)
    run = Run(options)
    try:
        run.start()
        run.phases()
    finally:
        run.stop()
    return run.report()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--pieces", type=int, default=100_000, help="articles in the corpus")
    add("--generate", action="store_true", help="make the corpus even if one exists")
    add("--pgdata", type=Path, default=Path("/tmp/newsroom-load/pgdata"))
    add("--pgport", type=int, default=5440)
    add("--pgbin", type=Path, default=None, help="folder of initdb and pg_ctl")
    add("--redis-port", type=int, default=6391)
    add("--port", type=int, default=8100, help="gunicorn's port")
    add("--workers", type=int, default=4, help="gunicorn sync workers")
    add("--seconds", type=int, default=15, help="length of each timed phase")
    add("--connections", type=int, default=8, help="wrk's open connections")
    add("--users", type=int, default=16, help="locust users in the mixed phase")
    add("--sample", type=int, default=200, help="URLs sampled per surface")
    add("--outage", type=float, default=3.0, help="seconds PostgreSQL is down")
    add("--uncached-param", default="nocache", help="query parameter made unique")
    add("--out", type=Path, default=HERE / "out" / "load")
    add(
        "--phases",
        default=",".join(PHASES),
        help="comma-separated subset of the phases to run",
    )
    options = parser.parse_args()
    options.phases = options.phases.split(",")
    if unknown := set(options.phases) - set(PHASES):
        parser.error(f"unknown phases {sorted(unknown)}; known: {', '.join(PHASES)}")
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            parser.error(f"{tool} is missing: apt-get install wrk redis-server")
    options.pgbin = options.pgbin or postgres_bin()
    return options


def postgres_bin() -> Path:
    if pg_ctl := shutil.which("pg_ctl"):
        return Path(pg_ctl).resolve().parent
    return sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]


class Run:
    def __init__(self, options):
        self.options = options
        self.out = options.out / datetime.now().strftime("%Y%m%d-%H%M%S")
        self.out.mkdir(parents=True)
        self.host = f"http://127.0.0.1:{options.port}"
        self.database_url = f"postgres://postgres@127.0.0.1:{options.pgport}/{DATABASE}"
        self.redis_url = f"redis://127.0.0.1:{options.redis_port}/0"
        self.results: dict[str, dict] = {}
        self.faults: dict[str, dict] = {}
        self.pg_started = False
        self.redis = None
        self.gunicorn = None

    # Services ---------------------------------------------------------------

    def start(self) -> None:
        for port in (self.options.port, self.options.redis_port):
            if port_open(port):
                sys.exit(f"Port {port} is in use: choose another one.")
        self.postgres_ensure()
        self.corpus_ensure()
        self.redis_start()
        env = self.server_env()
        manage = [sys.executable, "manage.py"]
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        self.gunicorn_start(env)
        self.urls = self.sample()

    def stop(self) -> None:
        for process in (self.gunicorn, self.redis):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        if self.pg_started:
            self.pg_ctl("stop", "-m", "fast")

    def as_postgres(self, command: list) -> list:
        """Commands on the cluster run as its owner: PostgreSQL refuses root."""
        command = [str(part) for part in command]
        return (
            ["runuser", "-u", "postgres", "--", *command]
            if os.geteuid() == 0
            else command
        )

    def pg_ctl(self, *args: str) -> None:
        options = self.options
        subprocess.run(
            self.as_postgres(
                [
                    options.pgbin / "pg_ctl",
                    "-D",
                    options.pgdata,
                    "-l",
                    options.pgdata / "server.log",
                    "-o",
                    f"-p {options.pgport} -k /tmp -c listen_addresses=127.0.0.1",
                    "-w",
                    *args,
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def postgres_ensure(self) -> None:
        pgdata = self.options.pgdata
        if not (pgdata / "PG_VERSION").exists():
            pgdata.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(pgdata, "postgres", "postgres")
            initdb = [self.options.pgbin / "initdb", "-D", pgdata, "-U", "postgres"]
            subprocess.run(
                self.as_postgres([*initdb, "--auth=trust", "-E", "UTF8"]),
                check=True,
                stdout=subprocess.DEVNULL,
            )
            print(f"initdb {pgdata}")
        status = subprocess.run(
            self.as_postgres([self.options.pgbin / "pg_ctl", "status", "-D", pgdata]),
            stdout=subprocess.DEVNULL,
        )
        if status.returncode != 0:
            self.pg_ctl("start")
            self.pg_started = True
        with psycopg.connect(
            f"host=127.0.0.1 port={self.options.pgport} user=postgres dbname=postgres",
            autocommit=True,
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
            ).fetchone()
            if not exists:
                connection.execute(f"CREATE DATABASE {DATABASE}")

    def corpus_ensure(self) -> None:
        # Only the run's own services, for this process and the servers it starts:
        # never a Redis or a replica the environment names.
        os.environ.pop("REDIS_URL", None)
        os.environ.pop("DATABASE_REPLICA_URL", None)
        os.environ["DATABASE_URL"] = self.database_url

        django_setup()
        from django.db import connections

        from articles.models import Article

        pieces = self.options.pieces
        ready = (
            Article.objects.count() == pieces
            and Article.objects.exclude(body="").exists()
            and not Article.objects.published()
            .filter(related_refreshed_at=None)
            .exists()
        )
        if self.options.generate or not ready:
            # Both import models: only once Django is set up.
            from corpus import corpus_generate

            from articles.related import related_rebuild

            began = time.perf_counter()
            corpus_generate(
                size=pieces,
                text=article_text,
                sections=SECTIONS,
                on_progress=lambda s: print(" ", s),
            )
            print(f"corpus of {pieces:,} pieces in {time.perf_counter() - began:.0f} s")
            began = time.perf_counter()
            related_rebuild(workers=2)
            print(f"rebuild_related in {time.perf_counter() - began:.0f} s")
        self.public = Article.objects.published().count()
        # The faults stop the database under this process too.
        connections.close_all()

    def server_env(self) -> dict:
        return os.environ | {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "DJANGO_LOG_LEVEL": "WARNING",
            # The site plus the trivial view (benchmarks/load/urls.py).
            "DJANGO_SETTINGS_MODULE": "benchmarks.load.settings",
        }

    def redis_start(self) -> None:
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.options.redis_port),
                "--bind",
                "127.0.0.1",
            ]
            + ["--save", "", "--appendonly", "no"],
            stdout=(self.out / "redis.log").open("a"),
        )
        wait_until(lambda: port_open(self.options.redis_port), "redis-server")

    def redis_flush(self) -> None:
        redis.Redis.from_url(self.redis_url).flushdb()

    def gunicorn_start(self, env: dict) -> None:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.gunicorn = subprocess.Popen(
            [gunicorn, "newsroom.wsgi", "--bind", f"127.0.0.1:{self.options.port}"]
            + ["--workers", str(self.options.workers), "--worker-class", "sync"]
            + ["--error-logfile", "-"],
            cwd=ROOT,
            env=env,
            stdout=(self.out / "gunicorn.log").open("a"),
            stderr=subprocess.STDOUT,
        )
        wait_until(
            lambda: fetch(self.options.port, "/") == 200,
            f"gunicorn (see {self.out / 'gunicorn.log'})",
        )

    # The URLs ---------------------------------------------------------------

    def sample(self) -> dict[str, list[str]]:
        """Real addresses of every surface, from the database."""
        from articles.models import Article

        rng = random.Random(11)
        public = list(Article.objects.published().values_list("pk", flat=True))
        articles = list(
            Article.objects.with_entities()
            .filter(pk__in=rng.sample(public, min(self.options.sample, len(public))))
            .order_by("pk")
        )
        # An actor of each sampled piece: common actors come up as often as
        # readers meet them.
        picked = [(a, rng.choice(a.actors)) for a in articles if len(a.actors) >= 2]
        pairs = [
            "+".join(sorted(e.slug for e in rng.sample(a.actors, 2))) for a, _ in picked
        ]
        # The made-up place names the pieces mention: a reader's search finds a few.
        words = sorted(
            {w.strip(".:") for a in articles for w in a.body.split()} & set(NAMES)
        )
        api = [
            [
                f"/api/articles/{article.slug}",
                f"/api/articles/{article.slug}/related?limit=5",
                f"/api/articles/?entity={actor.slug}",
                f"/api/entities/{actor.slug}",
            ][number % 4]
            for number, (article, actor) in enumerate(picked)
        ]
        urls = {
            "home": ["/", "/?page=2", "/?page=3"],
            "article": [f"/articles/{a.slug}/" for a in articles],
            "actor": [f"/entities/{actor.slug}/" for _, actor in picked],
            "combined": [f"/entities/{pair}/" for pair in pairs],
            "related": [f"/articles/{a.slug}/related/" for a in articles],
            "search": [
                f"/search/?q={word}"
                for word in rng.sample(words, min(self.options.sample, len(words)))
            ],
            "feed": ["/feeds/latest/", "/feeds/latest/atom/"],
            "api": api,
            "trivial": ["/_trivial/"],
        }
        (self.out / "urls.json").write_text(json.dumps(urls, indent=1))
        for surface, paths in urls.items():
            (self.out / f"{surface}.txt").write_text("\n".join(paths) + "\n")
        return urls

    def check_urls(self) -> None:
        """Every sampled URL the phases ask for once, in parallel; anything but
        200 stops the run."""
        surfaces = (
            ["article", "trivial"] if self.options.phases == ["uncached"] else self.urls
        )
        everything = [url for surface in surfaces for url in self.urls[surface]]
        with ThreadPoolExecutor(self.options.workers) as pool:
            answers = pool.map(lambda url: fetch(self.options.port, url), everything)
            wrong = [
                (url, status)
                for url, status in zip(everything, answers, strict=True)
                if status != 200
            ]
        if wrong:
            sys.exit(f"{len(wrong)} sampled URLs do not answer 200, e.g. {wrong[:5]}")

    # Phases -----------------------------------------------------------------

    def phases(self) -> None:
        wanted = self.options.phases
        self.load_before = load_average()
        print(
            f"{self.public:,} public pieces;"
            f" {sum(len(u) for u in self.urls.values())} sampled URLs;"
            f" load average {self.load_before}; output in {self.out}"
        )
        self.check_urls()
        if "cold" in wanted:
            self.redis_flush()
            self.results["cold"] = self.locust(
                "cold", "FirstPass", users=self.options.workers * 2
            )
        if "uncached" in wanted:
            param = self.options.uncached_param
            self.results["uncached"] = {
                "trivial": self.wrk("trivial", param=param),
                "article": self.wrk("article", param=param),
            }
        if "warm" in wanted:
            self.results["warm"] = {surface: self.wrk(surface) for surface in SURFACES}
        if "mixed" in wanted:
            self.results["mixed"] = self.locust(
                "mixed", "Reader", users=self.options.users
            )
        if "postgres" in wanted:
            self.faults["postgres"] = self.fault("postgres", self.postgres_outage)
        if "redis" in wanted:
            self.faults["redis"] = self.fault("redis", self.redis_outage)

    def wrk(self, surface: str, param: str | None = None) -> dict:
        options = self.options
        command = ["wrk", "-t2", f"-c{options.connections}", f"-d{options.seconds}s"]
        # A reader who waited 5 s has given up: wrk counts it as a failure.
        command += ["--timeout", "5s"]
        command += [
            "-s",
            LOAD / "paths.lua",
            self.host,
            "--",
            self.out / f"{surface}.txt",
        ]
        output = subprocess.run(
            [str(part) for part in command] + ([param] if param else []),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        summary = json.loads(output.strip().splitlines()[-1])
        seconds = summary["duration_us"] / 1e6
        return {
            "rps": summary["requests"] / seconds,
            "p50": summary["p50_us"] / 1000,
            "p95": summary["p95_us"] / 1000,
            "requests": summary["requests"],
            "failures": summary["status_errors"] + summary["socket_errors"],
        }

    def locust(
        self,
        name: str,
        user: str,
        users: int,
        seconds: int | None = None,
        env: dict | None = None,
    ) -> dict:
        prefix = self.out / name
        locust = Path(sys.executable).parent / "locust"
        limit = seconds or (self.options.seconds if user == "Reader" else 600)
        command = [
            locust,
            "-f",
            LOAD / "locustfile.py",
            "--host",
            self.host,
            "--headless",
        ]
        # All users at once: a first pass can be over before a slower ramp ends.
        command += ["-u", users, "-r", 1000, "-t", f"{limit}s", "--csv", prefix]
        command += [
            "--only-summary",
            "--exit-code-on-error",
            "0",
            "--loglevel",
            "WARNING",
            user,
        ]
        subprocess.run(
            [str(part) for part in command],
            env=os.environ | {"LOAD_URLS": str(self.out / "urls.json")} | (env or {}),
            check=True,
            stdout=(self.out / f"{name}.locust.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        return read_locust_csv(Path(f"{prefix}_stats.csv"))

    def fault(self, name: str, outage) -> dict:
        """Readers, half of them missing the page cache, with an outage a quarter
        of the way in: the answers of each second, by status."""
        seconds = max(20, int(4 * self.options.outage) + 8)
        env = {
            "LOAD_STATUS_LOG": str(self.out / f"{name}.statuses"),
            "LOAD_UNCACHED_PARAM": self.options.uncached_param,
            "LOAD_WAIT": "0.05",
        }
        # Whole seconds, as locust's tallies are.
        began = int(time.time())
        with ThreadPoolExecutor(1) as pool:
            run = pool.submit(self.locust, name, "Reader", FAULT_USERS, seconds, env)
            time.sleep(seconds / 4)
            down, up = outage()
            run.result()
        answers = collections.Counter()
        for path in self.out.glob(f"{name}.statuses.*"):
            for second, kind, status, n in json.loads(path.read_text()):
                answers[(second - began, kind, status)] += n
        seconds = collections.defaultdict(list)
        for (second, kind, status), n in sorted(answers.items()):
            seconds[second].append((kind, status, n))
        return {"down": down - began, "up": up - began, "seconds": dict(seconds)}

    def postgres_outage(self) -> tuple[float, float]:
        down = time.time()
        self.pg_ctl("stop", "-m", "fast")
        time.sleep(self.options.outage)
        self.pg_ctl("start")
        return down, time.time()

    def redis_outage(self) -> tuple[float, float]:
        down = time.time()
        self.redis.send_signal(signal.SIGKILL)
        self.redis.wait()
        time.sleep(self.options.outage * 2)
        up = time.time()
        self.redis_start()
        return down, up

    # Report -----------------------------------------------------------------

    def report(self) -> int:
        options = self.options
        lines = [
            "",
            f"{self.public:,} public pieces, {options.workers} gunicorn sync workers,"
            f" load average {self.load_before} before, {load_average()} after",
        ]
        errors = 0
        for phase, rows in self.results.items():
            lines += ["", TITLES[phase].format(options=options), HEADER]
            for surface, row in rows.items():
                errors += 0 if surface == "all" else row["failures"]
                lines.append(table_row(phase, surface, row))
            if phase == "uncached":
                lines.append(uncached_share(rows))
        for name, fault in self.faults.items():
            unexpected, fault_lines = judge_fault(name, fault)
            errors += unexpected
            lines += ["", *fault_lines]
        lines += ["", f"errors other than 503s while PostgreSQL was down: {errors}"]
        text = "\n".join(lines)
        print(text)
        (self.out / "report.txt").write_text(text + "\n")
        (self.out / "results.json").write_text(
            json.dumps({"results": self.results, "faults": self.faults}, indent=1)
        )
        return 1 if errors else 0


TITLES = {
    "cold": "cold cache: every sampled URL once after FLUSHDB (locust)",
    "uncached": "uncached article page beside a trivial view:"
    " ?{options.uncached_param}=<unique> (wrk, {options.connections} conns)",
    "warm": "warm cache: one surface at a time (wrk, {options.connections} conns)",
    "mixed": "mixed readers, all surfaces at once (locust, {options.users} users)",
}
HEADER = (
    f"{'surface':<10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'failed':>8}"
    "  against the targets"
)


def load_average() -> str:
    return " ".join(f"{figure:.1f}" for figure in os.getloadavg())


def table_row(phase: str, surface: str, row: dict) -> str:
    verdicts = []
    if phase == "warm":
        verdicts.append(
            verdict(row["rps"] >= TARGET_CACHED_RPS, f"≥ {TARGET_CACHED_RPS} req/s")
        )
    if phase == "uncached" and surface == "article":
        verdicts.append(
            verdict(row["rps"] >= TARGET_UNCACHED_RPS, f"≥ {TARGET_UNCACHED_RPS} req/s")
        )
    if phase in {"warm", "uncached", "mixed"} and surface not in {"all", "trivial"}:
        verdicts.append(
            verdict(row["p95"] < TARGET_P95_MS, f"p95 < {TARGET_P95_MS} ms")
        )
    # A first pass asks each surface for a few URLs spread over the whole run:
    # only the rate of all of them together means something.
    rate = "-" if phase == "cold" and surface != "all" else f"{row['rps']:.0f}"
    return (
        f"{surface:<10}{rate:>9}{row['p50']:>9.1f}{row['p95']:>9.1f}"
        f"{row['failures']:>8}  {', '.join(verdicts)}"
    )


def uncached_share(rows: dict) -> str:
    """The article page's rate as a share of the trivial view's, judged against
    the share the target is of the recorded trivial rate."""
    share = rows["article"]["rps"] / rows["trivial"]["rps"]
    wanted = TARGET_UNCACHED_RPS / RECORDED_TRIVIAL_RPS
    return (
        f"article / trivial view: {share:.1%},"
        f" {verdict(share >= wanted, f'≥ {wanted:.1%}')} ({TARGET_UNCACHED_RPS}"
        f" of the recorded trivial {RECORDED_TRIVIAL_RPS} req/s)"
    )


def verdict(met: bool, target: str) -> str:
    return f"{target} {'met' if met else 'NOT met'}"


def judge_fault(name: str, fault: dict) -> tuple[int, list[str]]:
    """Unexpected answers, and the per-second lines of a fault run.

    Only 200 is expected, and 503 too while PostgreSQL is down (give or take a
    second for requests in flight). The last 3 seconds must be all 200.
    """
    down, up = fault["down"], fault["up"]
    what = "PostgreSQL stopped" if name == "postgres" else "Redis killed"
    lines = [
        f"{what} at {down:.1f} s, back at {up:.1f} s; answers per second"
        f" (locust, {FAULT_USERS} users, every other request missing the page cache):"
    ]
    unexpected = 0
    for second, answers in fault["seconds"].items():
        allowed = {200}
        if name == "postgres" and down - 1 <= second <= up + 1:
            allowed.add(503)
        bad = sum(n for _, status, n in answers if status not in allowed)
        unexpected += bad
        shown = "  ".join(f"{kind} {status}×{n}" for kind, status, n in answers)
        lines.append(f"  {second:>4} s  {shown}{'  <- unexpected' if bad else ''}")
    last = list(fault["seconds"].values())[-3:]
    recovered = all({status for _, status, _ in answers} == {200} for answers in last)
    lines.append(
        f"  {'recovered: the last 3 s all 200' if recovered else 'NOT recovered'};"
        f" unexpected answers: {unexpected}"
    )
    return unexpected + (0 if recovered else 1), lines


def read_locust_csv(path: Path) -> dict:
    rows = {}
    with path.open() as stats:
        for row in csv.DictReader(stats):
            if row["Request Count"] == "0":
                continue  # no percentiles ("N/A") to read
            rows["all" if row["Name"] == "Aggregated" else row["Name"]] = {
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
            }
    return {name: rows[name] for name in [*SURFACES, "all"] if name in rows}


def fetch(port: int, path: str) -> int:
    """The status of one GET, redirects not followed; 0 when nothing answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_until(ready, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            sys.exit(f"{what} did not start in {seconds:.0f} s")
        time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
