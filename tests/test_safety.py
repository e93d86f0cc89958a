"""Hostile and careless input (issue 11): parameters are never query text, spreadsheet cells are
never formulas, IRIs never collide, the local server is not open to other users, and every
mistake is one line naming the file."""

from __future__ import annotations

import http.server
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from govkg.cli import app
from tests.conftest import CORPUS, ctrl_c_delivered

runner = CliRunner()


# --- SPARQL parameters are bound, never pasted -------------------------------------------------


@pytest.fixture(scope="module")
def store(corpus):
    from graph_builder.emit import rdf
    from queries import sparql as sparql_lib

    return sparql_lib.store_from_quads(rdf.quads(corpus))


@pytest.fixture()
def listener():
    """A local HTTP server that records every request made to it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            requests.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", requests
    server.shutdown()
    server.server_close()


def crafted_agency(endpoint: str) -> str:
    """A value that, pasted into provenance_of_relation.rq, leaves the comment line through its
    newline, hides the original prologue in a long string, closes a brace and calls SERVICE."""
    prologue = (
        "PREFIX org: <http://www.w3.org/ns/org#> PREFIX oa: <http://www.w3.org/ns/oa#> "
        "PREFIX govkg: <https://w3id.org/govkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "PREFIX dct: <http://purl.org/dc/terms/> "
        "SELECT ?task_id ?role ?mention ?source ?line_start ?line_end WHERE { BIND("
    )
    tail = f" AS ?junk) OPTIONAL {{ SERVICE SILENT <{endpoint}> {{ ?x ?y ?z }} }} ?agency skos:prefLabel ?name . #"
    return "\n" + prologue + "'''" + tail


def test_sparql_parameter_cannot_change_the_query(store, listener):
    from queries import sparql as sparql_lib

    endpoint, requests = listener
    query = sparql_lib.cookbook()["provenance_of_relation"]
    assert len(sparql_lib.run(store, query, {"agency": "杭州市城市管理局"})) == 7
    value = crafted_agency(endpoint)
    assert "\n" in value and "}" in value and "SERVICE SILENT <http://127.0.0.1" in value
    rows = sparql_lib.run(store, query, {"agency": value})
    assert rows == sparql_lib.run(store, query, {"agency": "no such agency"}) == []
    assert requests == []


def test_sparql_parameter_is_a_string_and_its_column_is_not_shown(store):
    from queries import sparql as sparql_lib

    tasks = sparql_lib.run(store, sparql_lib.cookbook()["tasks_of_document"], {"doc_number": "杭政办函〔2017〕33号"})
    assert len(tasks) == 32 and "doc_number" not in tasks[0]
    assert sparql_lib.run(store, sparql_lib.cookbook()["tasks_of_document"], {"doc_number": "2017"}) == []


def test_sparql_unknown_missing_or_malformed_parameter_is_one_line(tmp_path):
    unknown = runner.invoke(app, ["sparql", "tasks_of_document", "--param", "doc_numbr=1"])
    assert unknown.exit_code == 2
    assert unknown.stderr.strip().splitlines() == ["error: unknown parameter doc_numbr: this query takes $doc_number"]
    missing = runner.invoke(app, ["sparql", "tasks_of_document"])
    assert missing.exit_code == 2 and "missing parameter $doc_number" in missing.stderr
    malformed = runner.invoke(app, ["sparql", "tasks_of_document", "--param", "doc_number"])
    assert malformed.exit_code == 2 and "use name=value" in malformed.stderr
    none_taken = runner.invoke(app, ["sparql", "tasks_per_agency_by_role", "--param", "x=1"])
    assert none_taken.exit_code == 2 and "this query takes no parameters" in none_taken.stderr


def test_cypher_parameter_cannot_change_the_query(lbug):
    """Cypher was already parameterised: a value that would end the string and widen the match
    when pasted finds nothing, like any unknown name."""
    import json

    crafted = "x'}) OR true WITH a MATCH (a) RETURN a //"
    rows = runner.invoke(app, ["cypher", "--db", str(lbug), "partners_of_agency", "--param", f"name={crafted}", "--format", "json"])
    assert rows.exit_code == 0 and json.loads(rows.stdout) == []
    real = runner.invoke(app, ["cypher", "--db", str(lbug), "partners_of_agency", "--param", "name=杭州市城市管理委员会", "--format", "json"])
    assert real.exit_code == 0 and json.loads(real.stdout)


def test_sparql_parameter_names_ignore_comments_strings_and_iris():
    from queries.sparql import parameter_names

    query = '# $a\nSELECT $b WHERE { ?s <http://e/$c> "$d", \'\'\'$e\'\'\' FILTER(?o = $b || ?o = $f) }'
    assert parameter_names(query) == ["b", "f"]


# --- CSV cells are never spreadsheet formulas ----------------------------------------------------

HOSTILE = (
    "责任单位:=cmd|' /C calc'!A0\n"
    "1.推进跨境电商综合试验区建设。\n"
    '牵头单位:=HYPERLINK("http://x.example/","市商务局")\n'
    "配合单位:@SUM局、市财政局\n"
    "2.完成老旧小区改造50个。\n"
    "牵头单位:+市住建局\n"
    "配合单位:-市城管局\n"
)


def _cells(text: str, delimiter: str = ","):
    import csv
    import io

    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def test_safe_cell_prefixes_every_formula_start_but_not_numbers():
    from graph_builder.emit.spreadsheet import safe_cell, safe_row

    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(start + "1+1") == "'" + start + "1+1"
    assert safe_row(["-0.25", "+3", "1e-5", "市财政局", None, 7]) == ["-0.25", "+3", "1e-5", "市财政局", "", "7"]


def test_csv_output_is_spreadsheet_safe_and_csv_raw_is_exact(tmp_path):
    document = tmp_path / "hostile.txt"
    document.write_text(HOSTILE, encoding="utf-8")
    safe = runner.invoke(app, ["agencies", str(document), "--format", "csv"])
    assert safe.exit_code == 0, safe.output
    cells = _cells(safe.stdout)
    assert "'=HYPERLINK(\"http://x.example/\",\"市商务局\")" in cells and "'@SUM局" in cells and "'+市住建局" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    raw = runner.invoke(app, ["agencies", str(document), "--format", "csv-raw"])
    assert raw.exit_code == 0 and '=HYPERLINK("http://x.example/","市商务局")' in _cells(raw.stdout)
    pairs = runner.invoke(app, ["query", "ego", "市财政局", str(document), "--format", "csv"])
    assert pairs.exit_code == 0, pairs.output
    assert not [c for c in _cells(pairs.stdout) if c[:1] in ("=", "+", "-", "@")]


def test_skipped_tsv_is_spreadsheet_safe(tmp_path, monkeypatch):
    from graph_builder import build, pipeline
    from graph_builder.model import SkippedLine

    real = pipeline.extract_paths

    def with_a_hostile_skipped_line(*args, **kwargs):
        result = real(*args, **kwargs)
        extraction = result.extractions[0]
        extraction.skipped.append(SkippedLine(extraction.document.path, 1, '=HYPERLINK("http://x.example/")', "test"))
        return result

    monkeypatch.setattr(pipeline, "extract_paths", with_a_hostile_skipped_line)
    document = tmp_path / "hostile.txt"
    document.write_text(HOSTILE, encoding="utf-8")
    build.build([document], tmp_path / "out")
    cells = _cells((tmp_path / "out" / "skipped.tsv").read_text("utf-8"), "\t")
    assert "'=HYPERLINK(\"http://x.example/\")" in "\n".join(cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_neo4j_import_csv_stays_exact(tmp_path):
    """neo4j-admin stores cells verbatim: an apostrophe would become part of the name."""
    document = tmp_path / "hostile.txt"
    document.write_text(HOSTILE, encoding="utf-8")
    result = runner.invoke(app, ["export", "neo4j-csv", str(document), "--out", str(tmp_path / "import")])
    assert result.exit_code == 0, result.output
    cells = _cells((tmp_path / "import" / "nodes_Agency.csv").read_text("utf-8"))
    assert '=HYPERLINK("http://x.example/","市商务局")' in cells


# --- one IRI per id ---------------------------------------------------------------------------

# Names built from the characters that matter (separators, ".", "%", escapes) and any other text.
NAME = st.text(alphabet=st.sampled_from("/.%-_~ 市规划建设局2E%aA#?") | st.characters(), max_size=12)


@settings(max_examples=500, deadline=None)
@given(NAME, NAME)
def test_distinct_ids_give_distinct_iris(a, b):
    from graph_builder.emit.rdf import Minter, local_name

    if a != b:
        assert local_name(a) != local_name(b)
        mint = Minter()
        assert mint("agency", "杭州市/" + a) != mint("agency", "杭州市/" + b)


def test_slash_and_dot_agencies_get_two_iris(tmp_path):
    document = tmp_path / "slash.txt"
    document.write_text("1.推进跨境电商综合试验区建设。\n牵头单位:市规划/建设局\n配合单位:市规划.建设局\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "rdf", str(document), "--format", "nt"])
    assert result.exit_code == 0, result.output
    subjects = {line.split(" ", 1)[0] for line in result.stdout.splitlines() if "/id/agency/" in line.split(" ", 1)[0]}
    assert len(subjects) == 2


def test_two_ids_meeting_at_one_iri_is_a_one_line_error(tmp_path, monkeypatch):
    from graph_builder.emit import rdf

    monkeypatch.setattr(rdf, "local_name", lambda identifier: identifier.replace("/", ".").replace("规划", "x"))
    document = tmp_path / "slash.txt"
    document.write_text("1.推进跨境电商综合试验区建设。\n牵头单位:市规划/建设局\n配合单位:市x/建设局\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "rdf", str(document)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "two ids mint one IRI" in result.stderr and "Traceback" not in result.output


# --- govkg serve is private to its user --------------------------------------------------------


def _listening_ports(pid: int) -> set[int]:
    """TCP ports process ``pid`` listens on (Linux /proc)."""
    import os

    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as handle:
            for line in handle.readlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and fields[9] in inodes:  # LISTEN
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


class Serve:
    """`govkg serve` in its own process (it runs until Ctrl-C, which CliRunner cannot send)."""

    def __init__(self, tmp_path, *args, env=None):
        import os
        import subprocess
        import sys

        from graph_builder.stores.bolt_server import free_port

        self.bolt_port = free_port()
        self.root = tmp_path / "server"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "govkg.cli", "serve", str(CORPUS["01"]),
             "--bolt-port", str(self.bolt_port), "--root", str(self.root), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
            preexec_fn=ctrl_c_delivered,
        )
        self.lines = []
        for line in self.process.stdout:
            self.lines.append(line)
            if line.startswith("Ctrl-C"):
                break
        else:
            raise RuntimeError("govkg serve ended: " + self.process.stderr.read()[-2000:])

    def stop(self):
        import signal

        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=120)
        return self.process.returncode, self.lines + out.splitlines(keepends=True), err


def _bolt_login(port: int, password: str) -> bool:
    import neo4j

    driver = neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("root", password))
    try:
        driver.verify_connectivity()
        return True
    except neo4j.exceptions.AuthError:
        return False
    finally:
        driver.close()


@pytest.fixture()
def needs_arcadedb():
    pytest.importorskip("arcadedb_embedded")


@pytest.mark.bolt
def test_serve_random_password_loopback_bolt_only_private_files_quiet_stop(tmp_path, needs_arcadedb):
    import os
    import re
    import stat

    server = Serve(tmp_path, env={"NEO4J_PASSWORD": ""})
    try:
        printed = "".join(server.lines)
        password = re.search(r"password (\S+)  \(new for this run", printed).group(1)
        assert len(password) >= 20 and printed.count(password) == 1
        assert not _bolt_login(server.bolt_port, "govkg-local") and _bolt_login(server.bolt_port, password)
        assert _listening_ports(server.process.pid) == {server.bolt_port}  # no HTTP API, no Studio
        assert "HTTP API off" in printed
        for folder, dirs, files in os.walk(server.root):
            for name in [folder, *(os.path.join(folder, f) for f in files)]:
                assert stat.S_IMODE(os.stat(name).st_mode) & 0o077 == 0, name
        assert list((server.root / "log").glob("arcadedb.log*"))
    finally:
        code, lines, err = server.stop()
    assert code == 0 and lines[-1].strip() == "server stopped"
    assert err == "" and "Could not close" not in "".join(lines)


@pytest.mark.bolt
def test_serve_stops_cleanly_on_sigterm(tmp_path, needs_arcadedb):
    import signal

    server = Serve(tmp_path, env={"NEO4J_PASSWORD": "a-researcher-pw"})
    server.process.send_signal(signal.SIGTERM)  # what a service manager sends
    out, err = server.process.communicate(timeout=120)
    assert server.process.returncode == 0, err[-2000:]
    assert out.splitlines()[-1].strip() == "server stopped"
    assert "fatal error" not in err and not list(tmp_path.glob("hs_err_pid*.log"))


@pytest.mark.bolt
def test_serve_http_only_when_asked_and_password_from_the_environment(tmp_path, needs_arcadedb):
    import urllib.error
    import urllib.request

    from graph_builder.stores.bolt_server import free_port

    http_port = free_port()
    server = Serve(tmp_path, "--http", "--http-port", str(http_port), env={"NEO4J_PASSWORD": "a-researcher-pw"})
    try:
        printed = "".join(server.lines)
        assert "a-researcher-pw" not in printed and "as given" in printed
        assert _bolt_login(server.bolt_port, "a-researcher-pw")
        assert _listening_ports(server.process.pid) == {server.bolt_port, http_port}
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{http_port}/api/v1/databases", timeout=10)
        assert refused.value.code == 401
    finally:
        server.stop()


# --- every mistake is one line naming the file --------------------------------------------------


def _one_error_line(result, *needles):
    lines = result.stderr.strip().splitlines()
    assert result.exit_code != 0 and len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert "Traceback" not in result.output and all(n in lines[0] for n in needles), lines
    return lines[0]


@pytest.fixture()
def small_doc(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("1.推进跨境电商综合试验区建设。\n牵头单位:市商务局\n配合单位:市财政局\n", encoding="utf-8")
    return path


def test_export_rdf_into_a_missing_folder(tmp_path, small_doc):
    target = tmp_path / "no-such-folder" / "graph.ttl"
    result = runner.invoke(app, ["export", "rdf", str(small_doc), "-o", str(target)])
    _one_error_line(result, str(target), "does not exist")


def test_viz_into_a_read_only_folder(tmp_path, small_doc):
    import os

    if os.geteuid() == 0:  # root writes into a chmod 555 folder; sysfs refuses even root
        target = "/sys/govkg-test-page.html"
    else:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        target = str(folder / "page.html")
    result = runner.invoke(app, ["viz", str(small_doc), "-o", target])
    _one_error_line(result, target, "permission denied")


@pytest.fixture(scope="module")
def lbug(tmp_path_factory):
    from graph_builder.stores import ladybug_db
    from graph_builder.pipeline import load_corpus

    path = tmp_path_factory.mktemp("lbug") / "graph.lbug"
    corpus, _ = load_corpus([CORPUS["01"]])
    connection, _, _ = ladybug_db.build_database(corpus, path)
    del connection
    return path


def test_cypher_db_on_a_turtle_file_or_a_folder(tmp_path, small_doc):
    turtle = tmp_path / "graph.ttl"
    assert runner.invoke(app, ["export", "rdf", str(small_doc), "-o", str(turtle)]).exit_code == 0
    before = turtle.read_bytes()
    result = runner.invoke(app, ["cypher", "--db", str(turtle), "top_cooperating_agencies"])
    _one_error_line(result, str(turtle), "not a LadybugDB database", "govkg sparql --graph")
    assert turtle.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt", "graph.ttl"]
    result = runner.invoke(app, ["cypher", "--db", str(tmp_path), "top_cooperating_agencies"])
    _one_error_line(result, str(tmp_path), "a folder")


def test_second_cypher_on_a_database_held_open(lbug):
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, ladybug; c = ladybug.Connection(ladybug.Database(sys.argv[1])); print('open', flush=True); sys.stdin.read()", str(lbug)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        result = runner.invoke(app, ["cypher", "--db", str(lbug), "top_cooperating_agencies"])
        _one_error_line(result, str(lbug), f"open in another process (PID {holder.pid})")
    finally:
        holder.communicate("", timeout=60)
    assert runner.invoke(app, ["cypher", "--db", str(lbug), "top_cooperating_agencies"]).exit_code == 0


def test_aliases_on_a_binary_file(tmp_path, small_doc):
    binary = tmp_path / "aliases.xlsx"
    binary.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xff\xfe\x00xl/workbook.xml\x9c\x8d")
    result = runner.invoke(app, ["agencies", str(small_doc), "--aliases", str(binary)])
    _one_error_line(result, str(binary), "UTF-8 CSV")


def test_export_neo4j_csv_with_a_missing_input(tmp_path):
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["export", "neo4j-csv", str(missing), "--out", str(tmp_path / "import")])
    _one_error_line(result, str(missing), "no such file")
    assert result.exit_code == 1 and not (tmp_path / "import").exists()


def _zip(names: list[str]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100


@pytest.mark.parametrize(
    "name, data, kind, says",
    [
        # damaged files of a format govkg reads: its reader names the format
        ("notice.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "pdf", "cannot read as PDF"),
        ("notice.docx", _zip(["[Content_Types].xml", "word/document.xml"]), "docx", "cannot read as DOCX"),
        ("tasks.xlsx", _zip(["[Content_Types].xml", "xl/workbook.xml"]), "xlsx", "cannot read as XLSX"),
        # legacy formats: what to do
        ("notice.doc", OLE + "WordDocument".encode("utf-16-le"), "doc", "legacy Word 97-2003 .doc file; save it as .docx"),
        ("tasks.xls", OLE + "Workbook".encode("utf-16-le"), "xls", "legacy Excel 97-2003 .xls file; save it as .xlsx"),
    ],
)
def test_office_and_pdf_bytes_name_their_format(tmp_path, name, data, kind, says):
    from graph_builder.ingest import sniff_format

    assert sniff_format(data) == kind
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["extract", str(path)])
    _one_error_line(result, str(path), says)


def test_text_is_not_sniffed_as_a_format():
    from graph_builder.ingest import sniff_format

    for text in ("一、重点任务", "PK 一、重点任务", "%PD"):
        assert sniff_format(text.encode("utf-8")) is None and sniff_format(text.encode("gb18030")) is None


# --- no silent flips: damaged text is reported, a lenient convention is recorded ----------------


def _damaged_05(tmp_path, how: str):
    data = CORPUS["05"].read_bytes()
    sentence = "工作牵头单位或".encode()
    assert data.count(sentence) == 1
    if how == "lost byte":  # the last byte of 头 lost in transfer: not valid UTF-8 any more
        damaged = data.replace(sentence, sentence[:11] + sentence[12:])
    else:  # the text already carries a replacement character
        damaged = data.replace(sentence, "工作牵\ufffd单位或".encode())
    path = tmp_path / f"05_{how.replace(' ', '_')}.txt"
    path.write_bytes(damaged)
    return path


@pytest.mark.parametrize("how", ["lost byte", "replacement character"])
def test_damaged_convention_sentence_is_reported_and_leads_do_not_flip(tmp_path, how):
    import json

    path = _damaged_05(tmp_path, how)
    for policy in ("first-listed", "stated-only"):
        result = runner.invoke(app, ["extract", str(path), "--lead-policy", policy])
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)[0]
        clean = json.loads(runner.invoke(app, ["extract", str(CORPUS["05"]), "--lead-policy", policy]).stdout)[0]
        roles = [[(m["name"], m["basis"]) for m in t["lead"] + t["cooperating"]] for t in document["tasks"]]
        assert roles == [[(m["name"], m["basis"]) for m in t["lead"] + t["cooperating"]] for t in clean["tasks"]]
        assert sum(len(t["lead"]) for t in document["tasks"]) == 81  # every lead kept, as the document states
        assert document["document"]["lead_convention_fuzzy"] is True
        warnings = result.stderr.strip().splitlines()
        assert warnings == [
            f"warning: {path}:18: 1 undecodable character (U+FFFD); names and role words on this line may be misread",
            f"warning: {path}:18: lead convention read leniently from a damaged sentence "
            "(列第一位者为工作牵\ufffd单位或汇总单位,下同); the first listed units are taken to lead, check them",
        ]
        assert document["document"]["warnings"] == [w.removeprefix("warning: ") for w in warnings]


def test_clean_document_has_no_warnings_and_an_exact_convention(tmp_path):
    import json

    result = runner.invoke(app, ["extract", str(CORPUS["05"])])
    assert result.exit_code == 0 and result.stderr == ""
    document = json.loads(result.stdout)[0]["document"]
    assert document["lead_convention_fuzzy"] is False and document["warnings"] == []


def test_gb18030_text_is_not_taken_for_damaged_utf8():
    from graph_builder.ingest import decode

    text = "一、重点任务\n1.完成老旧小区改造50个。\n责任单位:市住建局、市财政局\n"
    assert decode(text.encode("gb18030")) == (text, "gb18030")
    assert decode(text.encode("big5", errors="ignore"))[1] == "big5"


@pytest.mark.bolt
def test_serve_verbose_shows_the_server_log(tmp_path, needs_arcadedb):
    import time

    server = Serve(tmp_path, "--verbose", env={"NEO4J_PASSWORD": "a-researcher-pw"})
    time.sleep(1.5)  # the log thread copies what the server wrote while starting
    code, lines, err = server.stop()
    assert code == 0 and lines[-1].strip() == "server stopped"
    logged = "".join(p.read_text("utf-8", "replace") for p in (server.root / "log").glob("arcadedb.log*") if not p.name.endswith(".lck"))
    first = next(line for line in logged.splitlines() if line.strip())
    assert first in err  # what the server logged reached the terminal
