"""The ``govkg`` command line: parses options and calls library functions, nothing more.

Heavy libraries are imported inside the commands that need them, so ``govkg --help`` and
``govkg extract`` start fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .cli_common import (
    ALIASES_OPTION,
    CORRECTIONS_OPTION,
    FROM_OPTION,
    KEEP_DUPLICATES_OPTION,
    LEAD_POLICY_OPTION,
    LeadPolicy,
    fail as _fail,
    finish as _finish,
    TableFormat,
    console,
    err_console,
    guard as _guard,
    warn_if_stale,
    load_documents as _load_documents,
    print_records as _print_records,
    print_table as _print_table,
    progress_bar as _progress_bar,
    report_errors as _report_errors,
    report_notes as _report_notes,
    report_warnings as _report_warnings,
)
from .eval_cli import eval_command
from .query_cli import query_app
from queries.registry import page_measures as _page_measures  # the table of queries (light: no networkx, igraph …)

app = typer.Typer(
    help="Turn Chinese government task-assignment documents into a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help: rich help formatting costs ~0.15 s of start-up (issue 14)
)
app.add_typer(query_app, name="query")
app.command("eval")(eval_command)

from .report_cli import report_command  # noqa: E402

app.command("report")(report_command)

from .review_cli import review_command  # noqa: E402

app.command("review")(review_command)


from graph_builder.emit import RDF_WRITERS  # noqa: E402  (the RDF formats: one writer module each)

RdfFormat = Enum("RdfFormat", {name: name for name in RDF_WRITERS}, type=str)


UNION_OPTION = typer.Option(
    False, "--union-default-graph",
    help="TriG, N-Quads, JSON-LD: put every statement in the default graph too (each stays in its document's graph), "
    "so a SPARQL portal that loads the file answers plain queries without GRAPH.",
)

export_app = typer.Typer(help="Write the graph in other formats.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(export_app, name="export")

from .export_cli import register as _register_network_exports  # noqa: E402  (gexf, graphml, pajek, ucinet, edges)

_register_network_exports(export_app)


class ExtractFormat(str, Enum):
    json = "json"
    table = "table"


@app.command()
def extract(
    paths: List[Path] = typer.Argument(..., help="Documents to read: text (UTF-8, GB18030, Big5, UTF-16), HTML, DOCX, XLSX, or PDF with a text layer."),
    format: ExtractFormat = typer.Option(ExtractFormat.json, "--format", "-f", help="json or table."),
    layout: Optional[str] = typer.Option(None, help="Use this one reader (pipe_table, cell_per_line, prose, numbered_list) instead of the engine's choice."),
    aliases: Optional[Path] = ALIASES_OPTION,
    lead_policy: LeadPolicy = LEAD_POLICY_OPTION,
    report: bool = typer.Option(False, "--report", help="Also print the coverage report (to stderr): what became of each document's lines."),
    keep_duplicates: bool = KEEP_DUPLICATES_OPTION,
    corrections: Optional[Path] = CORRECTIONS_OPTION,
) -> None:
    """Extract tasks and their lead/cooperating agencies (with their canonical agency_id)."""
    from graph_builder.memory import gc_paused
    from graph_builder.pipeline import assemble, extraction_json_bytes

    # Every object the command makes lives to its end: the collector, paused, would only walk
    # them (once the pause ended, seconds on a 50 MB document).
    with gc_paused():
        with _progress_bar("reading", documents=False) as progress:  # a bar only for a long document
            result = _guard(lambda: assemble(paths, aliases=aliases, layout=layout, lead_policy=lead_policy.value,
                                             document_progress=getattr(progress, "document", None), keep_duplicates=keep_duplicates, corrections=corrections))
        if format is ExtractFormat.json:
            sys.stdout.flush()
            sys.stdout.buffer.write(extraction_json_bytes(result.extractions))
            sys.stdout.buffer.write(b"\n")
            sys.stdout.buffer.flush()
        else:
            for extraction in result.extractions:
                _print_extraction_table(extraction)
        if report:
            _print_coverage(result.extractions, err_console, reasons=True)
        _report_notes(result.notes)
        _report_warnings(result.warnings)
        _report_errors(result.errors)
    if result.errors:
        raise typer.Exit(1)


def _print_coverage(extractions, target, reasons: bool = False, most: int = 0) -> None:
    """The coverage report as a table (the documents with most skipped lines first when only
    ``most`` rows are shown), and the reasons lines were skipped."""
    from rich.table import Table

    from graph_builder.coverage import HEADERS, TABLE_COLUMNS, coverage_report

    rows = coverage_report(extractions)
    shown = sorted(rows, key=lambda r: (-r.skipped, r.document))[:most] if most and len(rows) > most else rows
    title = "coverage" + (f" (the {len(shown)} of {len(rows)} documents with most skipped lines)" if shown is not rows else "")
    from rich import box

    table = Table(title=title, box=box.SIMPLE, pad_edge=False)  # no vertical rules: fits 80 columns
    for column, header in zip(TABLE_COLUMNS, HEADERS):
        # One line a document: a long file name is cut with … (its full path is in the JSON).
        table.add_column(header, justify="left" if column in ("document", "readers", "convention") else "right",
                         no_wrap=True, overflow="ellipsis", max_width={"document": 18, "readers": 12}.get(column),
                         min_width={"document": None, "convention": 7}.get(column, len(header)))
    for row in shown:
        values = {**row.to_dict(), "other": row.other, "document": Path(row.document).name, "readers": "+".join(row.readers)}
        table.add_row(*[str(values[c]) for c in TABLE_COLUMNS])
    target.print(table)
    if reasons:
        for row in rows:
            for reason, count in row.skipped_reasons.items():
                target.print(f"{row.document}: {count} skipped: {reason}", highlight=False, soft_wrap=True)


def _print_extraction_table(extraction) -> None:
    document = extraction.document
    title = f"{document.title or document.path}  ({document.doc_number or 'no number'}, {document.year or '?'}, {document.layout})"
    from rich.table import Table

    from rich import box

    table = Table(title=title, show_lines=False, expand=False, box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("#", "program", "task", "lead", "cooperating", "deadline/category", "lines"):
        table.add_column(column, overflow="fold", min_width=len(column.split("/")[0]))
    programs = {p.id: p for p in extraction.programs}
    for task in extraction.tasks:
        program = programs.get(task.program_id)
        table.add_row(
            task.seq or "",
            (program.label if program else "")[:16],
            task.text[:40] + ("…" if len(task.text) > 40 else ""),
            "、".join(m.mention for m in task.lead),
            "、".join(m.mention for m in task.cooperating)[:60],
            " ".join(filter(None, [task.deadline, task.category])),
            f"{task.span.line_start}-{task.span.line_end}",
        )
    _print_table(table)
    for skipped in extraction.skipped:
        console.print(f"  skipped {skipped.path}:{skipped.line}: {skipped.reason}", highlight=False)


@app.command()
def build(
    paths: List[Path] = typer.Argument(None, help="Documents to read; the bundled example corpus when none."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output directory."),
    aliases: Optional[Path] = ALIASES_OPTION,
    rdf_format: List[RdfFormat] = typer.Option([RdfFormat.ttl], "--rdf-format", help="RDF files to write (repeatable)."),
    base_iri: Optional[str] = typer.Option(None, "--base-iri", help="Base IRI of minted instances."),
    union_default_graph: bool = UNION_OPTION,
    lead_policy: LeadPolicy = LEAD_POLICY_OPTION,
    force: bool = typer.Option(False, "--force", help="Overwrite files in DIR that govkg did not write (not in its .govkg-manifest.json)."),
    allow_errors: bool = typer.Option(False, "--allow-errors", help="Write the outputs even when some files could not be read (exit status still 1)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes that parse documents (default: one per core); the outputs are the same whatever N is.", show_default=False),
    keep_duplicates: bool = KEEP_DUPLICATES_OPTION,
    corrections: Optional[Path] = CORRECTIONS_OPTION,
) -> None:
    """Run the whole job: extract, resolve and write the outputs to DIR.

    DIR changes only when the whole build succeeds; govkg replaces only the files it wrote there.
    """
    from graph_builder.build import build as run_build

    formats = tuple(dict.fromkeys(f.value for f in rdf_format))
    if jobs is not None and jobs < 1:
        _fail("--jobs must be 1 or more")
    with _progress_bar("parsing") as progress:
        result, written = _guard(
            lambda: run_build(paths, out, aliases=aliases, rdf_formats=formats, base_iri=base_iri, lead_policy=lead_policy.value,
                              union_default_graph=union_default_graph,
                              force=force, allow_errors=allow_errors, jobs=jobs or 0, progress=progress,
                              document_progress=getattr(progress, "document", None), keep_duplicates=keep_duplicates, corrections=corrections)
        )
    from rich.table import Table

    table = Table(title="govkg build", show_header=False)
    for key, value in result.summary().items():
        table.add_row(key, str(value))
    console.print(table)
    if result.extractions:
        _print_coverage(result.extractions, console, most=10)
    for path in written:
        console.print(f"wrote {path}", highlight=False)
    _report_notes(result.notes)
    _report_warnings(result.warnings)
    _report_errors(result.errors)
    if result.errors:
        if not written:
            err_console.print(f"nothing written: {out} is as it was (pass --allow-errors to write the outputs of the files that were read)", highlight=False, soft_wrap=True)
        raise typer.Exit(1)


@app.command()
def agencies(
    paths: List[Path] = typer.Argument(None, help="Documents; the bundled corpus when none."),
    format: TableFormat = typer.Option(TableFormat.table, "--format", "-f"),
    merges: bool = typer.Option(False, "--merges", help="List every merge, split and alias decision with its evidence."),
    successors: bool = typer.Option(
        False, "--successors", help="Count reorganised agencies under their successors (and show the mapping)."
    ),
    aliases: Optional[Path] = ALIASES_OPTION,
    from_: Optional[Path] = FROM_OPTION,
    keep_duplicates: bool = KEEP_DUPLICATES_OPTION,
    corrections: Optional[Path] = CORRECTIONS_OPTION,
) -> None:
    """List canonical agencies and groups with jurisdiction, type, aliases and role counts."""
    from graph_builder.resolve.report import agency_records, decision_records

    corpus, errors = _load_documents(paths, aliases, from_, keep_duplicates=keep_duplicates, corrections=corrections)
    if merges:
        records = decision_records(corpus)
        _print_records(records, format, ["action", "mention", "result", "score", "evidence"], "resolution decisions")
    else:
        records = agency_records(corpus, map_successors=successors)
        columns = ["name", "type", "lead_count", "cooperating_count", "aliases"]
        if successors:
            columns.append("predecessors")
        if format is not TableFormat.table:
            columns = ["id", "name", "kind", "jurisdiction", "type", "level", "lead_count", "cooperating_count", "aliases", "years"]
            if successors:
                columns.append("predecessors")
        _print_records(records, format, columns, "agencies")
    _finish(errors)


@export_app.command("rdf")
def export_rdf(
    paths: List[Path] = typer.Argument(None, help="Documents; the bundled corpus when none."),
    format: RdfFormat = typer.Option(RdfFormat.ttl, "--format", "-f"),
    base_iri: Optional[str] = typer.Option(None, "--base-iri", help="Base IRI of minted instances (ends in / or #)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write; standard output when absent."),
    engine: str = typer.Option("oxigraph", help="oxigraph (fast, default) or rdflib (small graphs)."),
    union_default_graph: bool = UNION_OPTION,
    aliases: Optional[Path] = ALIASES_OPTION,
    from_: Optional[Path] = FROM_OPTION,
    keep_duplicates: bool = KEEP_DUPLICATES_OPTION,
    corrections: Optional[Path] = CORRECTIONS_OPTION,
) -> None:
    """The graph as Turtle, N-Triples, TriG, N-Quads or JSON-LD (one named graph per document)."""
    from graph_builder.emit import rdf
    from graph_builder.writers import find_writer
    from ontology.namespaces import DEFAULT_BASE_IRI

    base = base_iri or DEFAULT_BASE_IRI
    writer = find_writer(format.value)
    corpus, errors = _load_documents(paths, aliases, from_, keep_duplicates=keep_duplicates, corrections=corrections)
    all_quads = _guard(lambda: rdf.quads(corpus, base, named_graphs=writer.NAMED_GRAPHS, union_default_graph=union_default_graph))
    target = output or sys.stdout.buffer
    _guard(lambda: writer.write(corpus, target, base_iri=base, engine=engine, statements=all_quads))
    if output:
        err_console.print(f"wrote {output} ({len(all_quads)} quads)", highlight=False)
    _finish(errors)


@app.command()
def samples(
    gold: bool = typer.Option(False, "--gold", help="Print the folder of their hand-annotated gold files instead."),
) -> None:
    """Print the paths of the bundled sample documents, wherever govkg is installed.

    `govkg extract $(govkg samples | head -1)` reads the first; `govkg eval $(govkg samples --gold)` scores them.
    """
    from graph_builder.pipeline import bundled_corpus

    paths = bundled_corpus()
    if gold:
        typer.echo(str(paths[0].parent / "gold"))
        return
    for path in paths:
        typer.echo(str(path))


@app.command()
def validate(
    file: Optional[Path] = typer.Argument(None, help="A Turtle/N-Triples/TriG/N-Quads/JSON-LD graph; the bundled corpus's graph when absent."),
    format: TableFormat = typer.Option(TableFormat.table, "--format", "-f"),
) -> None:
    """Check a graph against the SHACL shapes; exit 1 when it does not conform."""
    from graph_builder.stores.rdf_files import corpus_graph, read_graph
    from ontology.validation import validate as run_validate

    graph = corpus_graph() if file is None else _guard(lambda: read_graph(file))
    name = "bundled corpus" if file is None else str(file)
    conforms, violations = run_validate(graph)
    if violations:
        columns = ["severity", "label", "path", "message"] + (["focus"] if format is not TableFormat.table else [])
        _print_records([v.to_dict() for v in violations], format, columns, "SHACL results")
    console.print(f"{name}: {len(graph)} triples, {'conforms' if conforms else f'does not conform ({len(violations)} results)'}", highlight=False)
    if not conforms:
        raise typer.Exit(1)


@app.command()
def sparql(
    query: Optional[str] = typer.Argument(None, help="A SPARQL query, a .rq file, or the name of a cookbook query."),
    graph: Optional[Path] = typer.Option(None, "--graph", help="A built graph file (graph.ttl …); the bundled corpus when absent."),
    param: List[str] = typer.Option([], "--param", help="name=value for a $name placeholder; repeatable."),
    format: TableFormat = typer.Option(TableFormat.table, "--format", "-f"),
    top: int = typer.Option(0, "--top", "-n", help="Rows to show (0 = all)."),
    list_queries: bool = typer.Option(False, "--list", help="List the cookbook queries."),
    from_: Optional[Path] = FROM_OPTION,
) -> None:
    """Run SPARQL over the built graph (pyoxigraph); cookbook queries live in queries/sparql/."""
    from queries import sparql as sparql_lib

    book = sparql_lib.cookbook()
    if list_queries or not query:
        for name, text in book.items():
            console.print(f"[bold]{name}[/]  {sparql_lib.describe(text)}", highlight=False)
        return
    text = sparql_lib.resolve_query(query, book)
    parameters = _guard(lambda: sparql_lib.parse_params(param))
    store, info = _guard(lambda: sparql_lib.open_store(graph, from_))
    if info is not None:
        warn_if_stale(info)
    rows = _guard(lambda: sparql_lib.run(store, text, parameters))
    columns = list(rows[0]) if rows else []
    rows = rows[:top] if top else rows
    _print_records(rows, format, columns, "")


@app.command()
def viz(
    paths: List[Path] = typer.Argument(None, help="Documents; the bundled corpus when none."),
    view: str = typer.Option("agencies", "--view", help="agencies, two-mode or ego."),
    agency: Optional[str] = typer.Option(None, "--agency", help="The agency at the centre of the ego view."),
    measure: str = typer.Option("tasks", "--measure", help=f"Node size: tasks (led + co-operated on: an agency's whole involvement), {', '.join(_page_measures())}; the page has a switch too."),
    color_by: str = typer.Option("jurisdiction", "--color-by", help="jurisdiction or type."),
    directed: bool = typer.Option(False, "--directed", help="Arrows lead → cooperating on the agencies view."),
    doc: List[str] = typer.Option([], "--doc", help="Only this document (id or path); repeatable."),
    year: List[int] = typer.Option([], "--year", help="Only this year; repeatable."),
    jurisdiction: List[str] = typer.Option([], "--jurisdiction", help="Only this jurisdiction id and below."),
    category: List[str] = typer.Option([], "--category", help="Only this target category (A类 …)."),
    collective: str = typer.Option("node", "--collective", help="Collective units: node (shown), expand (to members) or drop (hidden)."),
    successors: bool = typer.Option(False, "--successors", help="Reorganised agencies under their successors."),
    output: Path = typer.Option(Path("network.html"), "-o", "--output", help="The page to write."),
    aliases: Optional[Path] = ALIASES_OPTION,
    from_: Optional[Path] = FROM_OPTION,
    keep_duplicates: bool = KEEP_DUPLICATES_OPTION,
    corrections: Optional[Path] = CORRECTIONS_OPTION,
) -> None:
    """Write an interactive network page (works offline); open it in a browser."""
    from queries import Filters
    from visualizations import PageOptions, write_page

    corpus, errors = _load_documents(paths, aliases, from_, keep_duplicates=keep_duplicates, corrections=corrections)
    filters = _guard(lambda: Filters(documents=tuple(doc), years=tuple(year), jurisdictions=tuple(jurisdiction),
                                     categories=tuple(category), collective=collective, map_successors=successors))
    options = PageOptions(view=view, measure=measure, color_by=color_by, agency=agency, directed=directed)
    path = _guard(lambda: write_page(corpus, output, filters, options))
    console.print(f"wrote {path}\nopen it in a browser: {path.resolve().as_uri()}", highlight=False, soft_wrap=True)
    _finish(errors)


def _connection(uri, user, password, database):
    from graph_builder.stores.neo4j_loader import Connection

    return Connection.from_env(uri=uri, username=user, password=password, database=database)


URI_OPTION = typer.Option(None, "--uri", help="Bolt URI (default: $NEO4J_URI or bolt://localhost:7687).")
USER_OPTION = typer.Option(None, "--user", help="User (default: $NEO4J_USERNAME or neo4j).")
PASSWORD_OPTION = typer.Option(None, "--password", help="Password (default: $NEO4J_PASSWORD).")
DATABASE_OPTION = typer.Option(None, "--database", help="Database name (default: $NEO4J_DATABASE or the server's default).")


@export_app.command("neo4j")
def export_neo4j(
    paths: List[Path] = typer.Argument(None, help="Documents; the bundled corpus when none."),
    uri: Optional[str] = URI_OPTION,
    user: Optional[str] = USER_OPTION,
    password: Optional[str] = PASSWORD_OPTION,
    database: Optional[str] = DATABASE_OPTION,
    batch_size: int = typer.Option(1000, "--batch-size", help="Rows per UNWIND transaction."),
    aliases: Optional[Path] = ALIASES_OPTION,
    from_: Optional[Path] = FROM_OPTION,
    keep_duplicates: bool = KEEP_DUPLICATES_OPTION,
    corrections: Optional[Path] = CORRECTIONS_OPTION,
) -> None:
    """Load the graph into a Neo4j (or other Bolt) server; idempotent, counts checked."""
    from graph_builder.stores.neo4j_loader import DatabaseError, load

    corpus, errors = _load_documents(paths, aliases, from_, keep_duplicates=keep_duplicates, corrections=corrections)
    connection = _connection(uri, user, password, database)
    try:
        report = load(corpus, connection, batch_size=batch_size)
    except DatabaseError as error:
        _fail(str(error), 1)
    console.print(
        f"loaded into {connection.uri}: {sum(report.nodes.values())} nodes, {sum(report.relationships.values())} relationships "
        f"in {report.seconds:.1f} s ({report.relationships_per_second:,.0f} relationships/s); "
        f"removed {report.removed_nodes} stale nodes, {report.removed_relationships} stale relationships",
        highlight=False,
    )
    _finish(errors)


@export_app.command("neo4j-csv")
def export_neo4j_csv(
    paths: List[Path] = typer.Argument(None, help="Documents; the bundled corpus when none."),
    out: Path = typer.Option(Path("neo4j-import"), "--out", "-o", help="Folder for the CSV files."),
    database: str = typer.Option("neo4j", "--database", help="Database name for the import command."),
    aliases: Optional[Path] = ALIASES_OPTION,
    from_: Optional[Path] = FROM_OPTION,
    keep_duplicates: bool = KEEP_DUPLICATES_OPTION,
    corrections: Optional[Path] = CORRECTIONS_OPTION,
) -> None:
    """CSV files for `neo4j-admin database import`, and the exact command to run."""
    from graph_builder.emit.neo4j_csv import import_command
    from graph_builder.writers import find_writer

    corpus, errors = _load_documents(paths, aliases, from_, keep_duplicates=keep_duplicates, corrections=corrections)
    if errors and not corpus.documents:
        _finish(errors)  # nothing was read: write nothing
    written = _guard(lambda: find_writer("neo4j-csv").write(corpus, out))
    command = import_command(out, written, database)
    console.print(f"wrote {len(written)} files into {out}; import them into a stopped Neo4j with:\n{command}", highlight=False, soft_wrap=True)
    _finish(errors)


@app.command()
def cypher(
    query: Optional[str] = typer.Argument(None, help="Cypher, a .cypher file, or a cookbook query name; none opens a prompt."),
    param: List[str] = typer.Option([], "--param", help="name=value for $name; repeatable (numbers stay numbers)."),
    format: TableFormat = typer.Option(TableFormat.table, "--format", "-f"),
    db: Optional[Path] = typer.Option(None, "--db", help="An embedded LadybugDB database (out/graph.lbug); built in memory from the bundled corpus when absent."),
    uri: Optional[str] = typer.Option(None, "--uri", help="Run on a Bolt server instead (Neo4j, or `govkg serve`)."),
    user: Optional[str] = USER_OPTION,
    password: Optional[str] = PASSWORD_OPTION,
    database: Optional[str] = DATABASE_OPTION,
    list_queries: bool = typer.Option(False, "--list", help="List the cookbook queries."),
    top: int = typer.Option(0, "--top", "-n", help="Rows to show (0 = all)."),
    from_: Optional[Path] = typer.Option(None, "--from", help="A folder written by `govkg build`: use its graph.lbug (same as --db DIR/graph.lbug, with a warning when the build is stale)."),
) -> None:
    """Run Cypher on the embedded graph (LadybugDB) or, with --uri, on a Bolt server."""
    from queries import cypher as cypher_lib

    if from_ is not None:
        if db is not None or uri is not None:
            _fail("give --from DIR, --db FILE or --uri, not several")
        from graph_builder.store import read_info

        warn_if_stale(_guard(lambda: read_info(from_)))
        db = from_ / "graph.lbug"

    book = cypher_lib.cookbook()
    if list_queries:
        for name, text in book.items():
            console.print(f"[bold]{name}[/]  {cypher_lib.describe(text)}", highlight=False)
        return
    parameters = _guard(lambda: cypher_lib.parse_params(param))
    runner_ = _guard(lambda: cypher_lib.Runner(db=db, uri=uri, connection=_connection(uri, user, password, database) if uri else None))

    def execute(text: str) -> None:
        text = cypher_lib.resolve_query(text, book)
        rows = _guard(lambda: runner_.run(text, parameters))
        _print_records(rows[:top] if top else rows, format, list(rows[0]) if rows else [], "")

    if query:
        execute(query)
        return
    console.print(f"govkg cypher on {runner_.describe()}; end a query with ;  (empty line or Ctrl-D to quit)", highlight=False)
    for text in cypher_lib.statements(input):
        try:
            execute(text)
        except typer.Exit:
            pass  # the error was printed; keep the prompt open


@app.command()
def serve(
    paths: List[Path] = typer.Argument(None, help="Documents; the bundled corpus when none."),
    bolt_port: int = typer.Option(7687, "--bolt-port", help="Bolt port on 127.0.0.1."),
    http: bool = typer.Option(False, "--http", help="Also start ArcadeDB's HTTP API (127.0.0.1:--http-port, root's password)."),
    http_port: int = typer.Option(2480, "--http-port", help="Port of the HTTP API with --http."),
    password: Optional[str] = typer.Option(
        None, "--password", envvar="NEO4J_PASSWORD", help="Password of the server's `root` user (8+ characters); a new random one per run when absent."
    ),
    root: Path = typer.Option(Path(".govkg-server"), "--root", help="Where the server keeps its files (owner-only)."),
    aliases: Optional[Path] = ALIASES_OPTION,
    corrections: Optional[Path] = CORRECTIONS_OPTION,
    verbose: bool = typer.Option(False, "--verbose", help="Show the server's log on stderr as it is written (it always goes to ROOT/log)."),
    keep_duplicates: bool = KEEP_DUPLICATES_OPTION,
) -> None:
    """Start a loopback Bolt server (ArcadeDB, Neo4j-compatible) with the graph loaded."""
    import signal
    import time

    from graph_builder.stores.bolt_server import DEFAULT_DATABASE, DEFAULT_USER, new_password, start_server
    from graph_builder.stores.neo4j_loader import Connection, DatabaseError, load
    corpus, errors = _load_documents(paths, aliases, None, keep_duplicates=keep_duplicates, corrections=corrections)
    _report_errors(errors)
    secret = password or new_password()
    server = _guard(lambda: start_server(root, bolt_port, http_port if http else None, secret))
    if verbose:
        import threading

        from graph_builder.stores.bolt_server import follow_logs

        stop_following = threading.Event()
        threading.Thread(target=follow_logs, args=(server.log, lambda text: (sys.stderr.write(text), sys.stderr.flush()), stop_following),
                         daemon=True).start()
    connection = Connection(f"bolt://127.0.0.1:{bolt_port}", DEFAULT_USER, secret, DEFAULT_DATABASE)
    try:
        report = load(corpus, connection)
    except DatabaseError as error:
        server.stop()
        _fail(str(error), 1)
    shown = "as given (--password / NEO4J_PASSWORD)" if password else f"{secret}  (new for this run; --password or NEO4J_PASSWORD sets one)"
    http_line = f"HTTP API on http://127.0.0.1:{http_port} (user {DEFAULT_USER})" if http else "HTTP API off (--http starts it)"
    def stop_on_term(*_):
        raise KeyboardInterrupt  # kill -TERM (a service manager) stops the server as Ctrl-C does

    signal.signal(signal.SIGTERM, stop_on_term)
    try:
        console.print(
            f"serving {sum(report.nodes.values())} nodes and {sum(report.relationships.values())} relationships "
            f"on bolt://127.0.0.1:{bolt_port} (this machine only), database {DEFAULT_DATABASE}\n"
            f"  user {DEFAULT_USER}, password {shown}\n"
            f"  {http_line}; files and logs in {root} (owner-only)\n"
            f"  govkg cypher --uri bolt://127.0.0.1:{bolt_port} --user {DEFAULT_USER} --password PASSWORD --database {DEFAULT_DATABASE} top_cooperating_agencies\n"
            "Ctrl-C stops the server.",
            highlight=False,
            soft_wrap=True,
        )
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean stop short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        server.stop()
        console.print("server stopped", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    app()
