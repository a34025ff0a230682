"""Search benchmark (``make bench``): p50/p95 latency of /buscar/ on the current database.

It never touches the development database: it creates a throwaway database next to the one
``DATABASE_URL`` names (SQLite: a temporary file; PostgreSQL: ``ogp_bench_<pid>`` on the same
server), migrates it, loads the real plan, generates 10,000 pages and 2,000 snippets with
Spanish text, builds the index, then times the search view (HTML and JSON, through Django's
test client: routing, query, excerpts and template) and the engine alone. The database is
dropped at the end.

    DJANGO_SETTINGS_MODULE=ogp_site.settings.test python -m benchmarks.search_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench

Options (environment): BENCH_PAGES (10000), BENCH_SNIPPETS (2000), BENCH_ROUNDS (5),
BENCH_SEED (2023), BENCH_KEEP_DB=1 (keep the throwaway database, to profile it).

Latencies are wall-clock, in-process, on whatever else the machine is doing: the load
average is printed with them.
"""

import os
import random
import shutil
import sys
import tempfile
import time
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_site.settings.test")

PAGES = int(os.environ.get("BENCH_PAGES", "10000"))
SNIPPETS = int(os.environ.get("BENCH_SNIPPETS", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SEED = int(os.environ.get("BENCH_SEED", "2023"))
SECTIONS = 10
TARGET_P95_MS = 50

# What citizens type: the acceptance queries, plurals, missing accents, names, several
# words, frequent words that match thousands of documents, and words that match nothing.
QUERIES = [
    "compromisos",
    "comite ciudadano",
    "universidad de los andes",
    "codigos qr",
    "participacion",
    "participación ciudadana",
    "Odelys Salcedo",
    "secretaria de planeacion",
    "informes del monitor",
    "iniciativas",
    "transparencia",
    "rendicion de cuentas",
    "juntas de accion comunal",
    "contratacion abierta",
    "consulta virtual",
    "denuncias de corrupcion",
    "plan de accion 2023",
    "gobierno abierto cartagena",
    "escuela de gobierno",
    "COCDI0001",
    "acceso a la informacion publica",
    "ciudadanos",
    "monitoreo independiente",
    "feria de la transparencia",
    "xilofono ornitorrinco",
]


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def configure_throwaway_database():
    """Point the default connection's test database at a new, throwaway database."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = database["ENGINE"]
    if "sqlite" in engine:
        directory = tempfile.mkdtemp(prefix="ogp-bench-")
        database.setdefault("TEST", {})["NAME"] = os.path.join(directory, "bench.sqlite3")
    elif "postgresql" in engine:
        database.setdefault("TEST", {})["NAME"] = f"ogp_bench_{os.getpid()}"
    else:
        sys.exit(f"Unsupported database engine for the benchmark: {engine}")
    return engine


def vocabulary():
    """Spanish words of the real plan, to write generated text with."""
    from home.seed import content
    from search.text import words

    text = []
    for value in vars(content).values():
        if isinstance(value, str):
            text.append(value)
        elif isinstance(value, (list, tuple, dict)):
            text.append(repr(value))
    found = [w for w in words(" ".join(text)) if len(w) > 2 and not w.isdigit()]
    return sorted({w.lower() for w in found if w.isalpha()})


def sentence(rng, vocab, n_min=8, n_max=20):
    chosen = rng.choices(vocab, k=rng.randint(n_min, n_max))
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def paragraph(rng, vocab, sentences):
    return " ".join(sentence(rng, vocab) for _ in range(sentences))


def generate_pages(home, count, rng, vocab):
    """``count`` live ContentPages in SECTIONS sections, written in bulk (treebeard paths
    computed here; the child rows inserted raw)."""
    import json

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page

    from home.models import ContentPage

    content_type_id = ContentType.objects.get_for_model(ContentPage).pk
    now = timezone.now()
    per_section = -(-count // SECTIONS)
    made = 0
    for s in range(SECTIONS):
        section = ContentPage(title=f"Sección de prueba {s + 1}", slug=f"seccion-prueba-{s + 1}")
        home.add_child(instance=section)
        section.refresh_from_db()
        n = min(per_section, count - made)
        pages = []
        for i in range(n):
            title = sentence(rng, vocab, 3, 8).rstrip(".")
            slug = f"pagina-{s + 1}-{i + 1}"
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=Page._get_path(section.path, section.depth + 1, i + 1),
                    depth=section.depth + 1,
                    numchild=0,
                    url_path=f"{section.url_path}{slug}/",
                    content_type_id=content_type_id,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=section.locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
        Page.objects.bulk_create(pages, batch_size=500)
        created = Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
        for page in created.order_by("path"):
            body = [
                {
                    "type": "heading",
                    "value": {"text": sentence(rng, vocab, 3, 6), "level": "h2"},
                    "id": str(uuid.uuid4()),
                },
                {
                    "type": "paragraph",
                    "value": "".join(
                        f"<p>{paragraph(rng, vocab, rng.randint(2, 5))}</p>"
                        for _ in range(rng.randint(1, 4))
                    ),
                    "id": str(uuid.uuid4()),
                },
            ]
            child = ContentPage(
                page_ptr_id=page.pk, intro=sentence(rng, vocab, 10, 25), body=json.dumps(body)
            )
            child.save_base(raw=True, force_insert=True)  # the child row only
        Page.objects.filter(pk=section.pk).update(numchild=n)
        made += n
    return made


def generate_snippets(count, rng, vocab):
    """Commitments, monitor reports, committee members and initiatives, published.

    Built (unsaved) with the test factories (tests/factories) and written in bulk: thousands of
    rows, without a revision each."""
    from cms_blocks.models import (
        Axis,
        Commitment,
        Committee,
        CommitteeMember,
        Initiative,
        Institution,
        MonitorReport,
    )
    from tests.factories import (
        CommitmentFactory,
        CommitteeMemberFactory,
        InitiativeFactory,
        MonitorReportFactory,
    )

    axes = list(Axis.objects.all())
    institutions = list(Institution.objects.all())
    committee = Committee.objects.first()
    first_names = ["Ana", "Luis", "María", "José", "Carmen", "Andrés", "Lucía", "Jorge", "Sofía"]
    last_names = ["Pérez", "Gómez", "Rodríguez", "Martínez", "Díaz", "Castro", "Vásquez", "Ávila"]
    quarter = count // 4
    commitments = Commitment.objects.bulk_create(
        [
            CommitmentFactory.build(
                code=f"BENCH{i:04d}",
                title=sentence(rng, vocab, 6, 14).rstrip("."),
                slug=f"bench-compromiso-{i}",
                summary=sentence(rng, vocab, 15, 30),
                problem=f"<p>{paragraph(rng, vocab, 4)}</p>",
                status_quo=f"<p>{paragraph(rng, vocab, 3)}</p>",
                description=f"<p>{paragraph(rng, vocab, 3)}</p>",
                solution=f"<p>{paragraph(rng, vocab, 2)}</p>",
                axis=rng.choice(axes) if axes else None,
                lead_institution=rng.choice(institutions) if institutions else None,
                milestones=[],
            )
            for i in range(quarter)
        ],
        batch_size=500,
    )
    monitor = Institution.objects.filter(role=Institution.Role.MONITOR).first()
    MonitorReport.objects.bulk_create(
        [
            MonitorReportFactory.build(
                title=f"Informe {sentence(rng, vocab, 4, 9).rstrip('.')}",
                slug=f"bench-informe-{i}",
                moment=rng.choice(["cocreation", "results", "learning"]),
                monitor=monitor,
                commitment=rng.choice(commitments),
                summary=f"<p>{paragraph(rng, vocab, 4)}</p>",
            )
            for i in range(quarter)
        ],
        batch_size=500,
    )
    CommitteeMember.objects.bulk_create(
        [
            CommitteeMemberFactory.build(
                committee=committee,
                name=f"{rng.choice(first_names)} {rng.choice(last_names)} {i}",
                sector=rng.choice(["Academia", "Sociedad civil", "Comunales", "Jóvenes"]),
                sort_order=100 + i,
            )
            for i in range(quarter)
        ],
        batch_size=500,
    )
    rest = count - 3 * quarter
    Initiative.objects.bulk_create(
        [
            InitiativeFactory.build(
                title=sentence(rng, vocab, 3, 7).rstrip("."),
                slug=f"bench-iniciativa-{i}",
                kind=rng.choice(["initiative", "channel", "platform"]),
                summary=sentence(rng, vocab, 12, 25),
                body=f"<p>{paragraph(rng, vocab, 3)}</p>",
            )
            for i in range(rest)
        ],
        batch_size=500,
    )
    return count


def time_requests(client, params_list, rounds):
    """[(wall ms, this process's CPU ms)] per request."""
    latencies = []
    for _ in range(rounds):
        for params in params_list:
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get("/buscar/", params)
            latencies.append(
                ((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000)
            )
            if response.status_code != 200:
                raise SystemExit(f"/buscar/ {params} → {response.status_code}")
    return latencies


def time_engine(queries, rounds):
    from search.engine import get_engine
    from search.text import ParsedQuery

    engine = get_engine()
    parsed = [ParsedQuery(q) for q in queries]
    latencies = []
    for _ in range(rounds):
        for query in parsed:
            start, cpu = time.perf_counter(), time.process_time()
            engine.search(query.terms, limit=10)
            latencies.append(
                ((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000)
            )
    return latencies


def server_times(queries):
    """PostgreSQL: the engine's statements re-run under EXPLAIN ANALYZE, best of 3 each,
    summed per query (planning + execution on the server, without the client's waits)."""
    import json

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from search.engine import get_engine
    from search.text import ParsedQuery

    engine = get_engine()
    times = []
    for query in queries:
        with CaptureQueriesContext(connection) as context:
            engine.search(ParsedQuery(query).terms, limit=10)
        total = 0.0
        for captured in context.captured_queries:
            # search.engine sends "SET LOCAL enable_seqscan = off; SELECT d.…; SET LOCAL …
            # DEFAULT" in one call: replay only the SELECT.
            sql = next(
                (part.strip() for part in captured["sql"].split(";") if "SELECT d." in part), None
            )
            if sql is None or not sql.startswith("SELECT d."):
                continue
            best = float("inf")
            for _ in range(3):
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_seqscan = off")
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                    plan = cursor.fetchone()[0]
                    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
                    best = min(best, plan["Planning Time"] + plan["Execution Time"])
            total += best
        times.append((total, 0.0))
    return times


def report(label, latencies):
    wall = [w for w, _c in latencies]
    cpu = [c for _w, c in latencies]
    p50, p95 = percentile(wall, 0.50), percentile(wall, 0.95)
    cpu_column = (
        f"  │ CPU p50={percentile(cpu, 0.5):5.1f} p95={percentile(cpu, 0.95):5.1f} ms"
        if any(cpu)
        else ""
    )
    print(
        f"  {label:<36} n={len(wall):>4}  p50={p50:6.1f} ms  p95={p95:6.1f} ms  "
        f"max={max(wall):6.1f} ms{cpu_column}"
    )
    return p95


def main():
    import django

    django.setup()
    engine_name = configure_throwaway_database()

    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    rng = random.Random(SEED)
    print(f"Search benchmark · {engine_name} · {PAGES} pages + {SNIPPETS} snippets")
    old_name = settings.DATABASES["default"]["NAME"]
    started = time.perf_counter()
    # Wagtail's own index (admin search) is not what we measure: skip it while generating.
    backends = {k: {**v, "AUTO_UPDATE": False} for k, v in settings.WAGTAILSEARCH_BACKENDS.items()}
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        test_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            migrated = time.perf_counter() - started
            print(f"  throwaway database: {test_name} (migrated in {migrated:.0f} s)")
            run(rng, connection)
        finally:
            if os.environ.get("BENCH_KEEP_DB") == "1":
                print(f"  throwaway database kept: {test_name}")
            else:
                connection.creation.destroy_test_db(old_name, verbosity=0)
                if connection.vendor == "sqlite":
                    shutil.rmtree(os.path.dirname(test_name), ignore_errors=True)
                print(
                    f"  throwaway database dropped ({time.perf_counter() - started:.0f} s in all)"
                )


def run(rng, connection):
    from django.db import transaction
    from django.test import Client

    from home.seed.loader import SeedLoader
    from search import indexing
    from search.engine import get_engine
    from search.models import SearchDocument
    from search.text import ParsedQuery

    _ensure_root()
    step = time.perf_counter()
    SeedLoader(log=lambda message: None).run()
    from home.models import HomePage

    home = HomePage.objects.get()
    vocab = vocabulary()
    from search import signals

    signals_off = _disconnect(signals)
    try:
        with transaction.atomic():
            pages = generate_pages(home, PAGES, rng, vocab)
            snippets = generate_snippets(SNIPPETS, rng, vocab)
    finally:
        signals.connect()
    print(
        f"  generated {pages} pages + {snippets} snippets in {time.perf_counter() - step:.0f} s"
        f" ({signals_off} signal receivers paused)"
    )
    step = time.perf_counter()
    documents = indexing.rebuild()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
    print(
        f"  index rebuilt: {documents} documents in {time.perf_counter() - step:.1f} s "
        f"(engine: {get_engine().name})"
    )
    assert SearchDocument.objects.count() == documents

    client = Client()
    html = [{"q": q} for q in QUERIES]
    as_json = [{"q": q, "format": "json"} for q in QUERIES]
    filtered = [{"q": q, "tipo": "compromiso", "page": 2} for q in QUERIES[:10]]
    time_requests(client, html + as_json, 1)  # warm-up
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"  {len(QUERIES)} queries × {ROUNDS} rounds (load average {load}, {os.cpu_count()} CPUs):"
    )
    p95 = report("GET /buscar/?q= (HTML)", time_requests(client, html, ROUNDS))
    report("GET /buscar/?q=&format=json", time_requests(client, as_json, ROUNDS))
    report("GET /buscar/ with filters, page 2", time_requests(client, filtered, ROUNDS))
    report("engine only (query + ranking)", time_engine(QUERIES, ROUNDS))
    if connection.vendor == "postgresql":
        report("engine SQL on the server (EXPLAIN)", server_times(QUERIES))
    empty = [{}] * len(QUERIES)
    report("baseline: GET /buscar/ without q", time_requests(client, empty, ROUNDS))
    print(
        "  (wall: elapsed time, includes the database server and other processes; CPU: this\n"
        "   process only, i.e. all the work on SQLite, the Python side on PostgreSQL. The\n"
        "   baseline is the page frame every page shares: header, menu, footer.)"
    )
    counts = {
        q: get_engine().search(ParsedQuery(q).terms).total
        for q in ("compromisos", "transparencia", "codigos qr")
    }
    print(f"  documents matched: {counts}")
    verdict = "OK" if p95 <= TARGET_P95_MS else "ABOVE TARGET"
    print(f"  target p95 ≤ {TARGET_P95_MS} ms (HTML): {verdict}")


def _ensure_root():
    from django.conf import settings
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))


def _disconnect(signals):
    """Pause the search index's receivers while generating (the index is rebuilt after)."""
    from django.db.models.signals import post_delete, post_save

    paused = 0
    for model in signals.indexed_models():
        paused += post_save.disconnect(
            sender=model, dispatch_uid=f"search-index-save-{model._meta.label_lower}"
        )
        paused += post_delete.disconnect(
            sender=model, dispatch_uid=f"search-index-delete-{model._meta.label_lower}"
        )
    return paused


if __name__ == "__main__":
    main()
