"""`govkg export gexf|graphml|pajek|ucinet|edges`: every file is read back (networkx readers, a
UCINET DL parser written here) and compared with the query view it came from."""

from __future__ import annotations

import csv
import re

import networkx as nx
import pytest
from lxml import etree
from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.writers import WRITERS, network
from graph_builder.writers.network import unique_labels
from queries import Filters, View

runner = CliRunner()
GEXF_NS = "http://www.gexf.net/1.2draft"


@pytest.fixture(scope="module")
def view(corpus):
    return View.from_corpus(corpus, Filters(collective="drop"))


@pytest.fixture(scope="module")
def huzhou(corpus):
    return View.from_corpus(corpus, Filters(jurisdictions=("湖州市",)))


def export(tmp_path, format, *options):
    path = tmp_path / f"net{WRITERS[format].SUFFIX}"
    result = runner.invoke(app, ["export", format, "-o", str(path), *options])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout
    return path


def weights(graph, key="weight") -> dict:
    if graph.is_directed():
        return {(u, v): float(w) for u, v, w in graph.edges(data=key)}
    return {frozenset((u, v)): float(w) for u, v, w in graph.edges(data=key)}


def by_label(graph, expected: nx.Graph):
    """A graph read back with labels as node names, renamed to the expected graph's ids."""
    to_id = {label: node for node, label in unique_labels(expected).items()}
    return nx.relabel_nodes(graph, to_id)


def test_the_registry_is_the_cli_choices():
    result = runner.invoke(app, ["export", "--help"])
    for name in WRITERS:
        assert name in result.stdout


def test_gexf_is_gexf_1_2_and_reads_back_with_the_same_edges_and_attributes(tmp_path, view):
    path = export(tmp_path, "gexf", "--collective", "drop")
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.2"
    graph_element = root.find(f"{{{GEXF_NS}}}graph")
    assert graph_element.get("defaultedgetype") == "undirected"
    declared = {a.get("title"): a.get("type") for a in graph_element.iter(f"{{{GEXF_NS}}}attribute")}
    assert declared["jurisdiction"] == "string" and declared["tasks_led"] in ("long", "integer")
    assert declared["years"] == declared["aliases"] == declared["documents"] == "liststring"
    assert declared["newman"] in ("double", "float")
    nodes = graph_element.findall(f"{{{GEXF_NS}}}nodes/{{{GEXF_NS}}}node")
    assert all(n.get("id") and n.get("label") for n in nodes)
    check_gexf_structure(root)

    expected = network(view)
    read = nx.read_gexf(path)
    assert read.number_of_nodes() == expected.number_of_nodes() == len(view.agencies)
    assert weights(read) == weights(expected) == weights(view.one_mode())
    agency = "杭州市/城市管理局"
    assert read.nodes[agency]["label"] == view.label(agency)
    for key in ("jurisdiction", "type", "level", "tasks_led", "tasks_cooperated"):
        assert read.nodes[agency][key] == expected.nodes[agency][key]
    for key in ("years", "aliases", "documents"):  # liststring: the values joined by |
        assert read.nodes[agency][key].split("|") == expected.nodes[agency][key].split(";")
    assert "2022" in read.nodes[agency]["years"].split("|")


GEXF_TYPES = {"integer", "long", "double", "float", "boolean", "liststring", "string", "anyURI"}
VIZ_NS = "http://www.gexf.net/1.2draft/viz"


def test_gexf_carries_the_pages_picture_in_the_viz_namespace(tmp_path, corpus):
    """Gephi opens what the page shows: each node's viz:position is the page's (y turned round:
    Gephi's y grows upwards), viz:color its jurisdiction's colour there, viz:size its size by tasks
    led + co-operated on; networkx reads them back."""
    from visualizations import PageOptions, build_network

    path = export(tmp_path, "gexf")
    root = etree.parse(str(path)).getroot()
    assert root.nsmap.get("viz") == VIZ_NS
    elements = root.findall(f".//{{{GEXF_NS}}}node")
    assert elements and all(n.find(f"{{{VIZ_NS}}}position") is not None and n.find(f"{{{VIZ_NS}}}color") is not None
                            and n.find(f"{{{VIZ_NS}}}size") is not None for n in elements)
    check_gexf_structure(root)
    read = nx.read_gexf(path)
    page, _ = build_network(corpus, Filters(), PageOptions())
    drawn = {n["id"]: n for n in page.nodes}
    assert set(drawn) == set(read.nodes)
    for node, data in read.nodes(data=True):
        viz, shown = data["viz"], drawn[node]
        assert (viz["position"]["x"], -viz["position"]["y"]) == pytest.approx((shown["x"], shown["y"]))
        assert "#{:02x}{:02x}{:02x}".format(viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == shown["color"]
        assert viz["size"] == pytest.approx(shown["size"])
    sizes = {node: data["viz"]["size"] for node, data in read.nodes(data=True)}
    involvement = {node: data["tasks_led"] + data["tasks_cooperated"] for node, data in read.nodes(data=True)}
    assert max(sizes, key=sizes.get) == max(involvement, key=involvement.get)
    assert len({(round(p["viz"]["position"]["x"]), round(p["viz"]["position"]["y"])) for _, p in read.nodes(data=True)}) > 0.9 * len(read)
    # The two-mode export carries the page's two-mode picture: tasks grey and small.
    two = nx.read_gexf(export(tmp_path, "gexf", "--two-mode"))
    page, _ = build_network(corpus, Filters(), PageOptions(view="two-mode"))
    drawn = {n["id"]: n for n in page.nodes}
    task = next(n for n, d in two.nodes(data=True) if d.get("mode") == "task")
    assert (two.nodes[task]["viz"]["position"]["x"], -two.nodes[task]["viz"]["position"]["y"]) == pytest.approx((drawn[task]["x"], drawn[task]["y"]))
    assert two.nodes[task]["viz"]["size"] == drawn[task]["size"] == 6


def check_gexf_structure(root):
    """The rules of the GEXF 1.2 schema that matter to readers (the XSD itself could not be
    obtained offline): declared attribute types, attvalues that refer to declared attributes,
    unique node ids, edges between existing nodes with numeric weights."""
    q = lambda name: f"{{{GEXF_NS}}}{name}"  # noqa: E731
    graph = root.find(q("graph"))
    assert graph.get("mode") in ("static", "dynamic") and graph.get("defaultedgetype") in ("directed", "undirected", "mutual")
    declared = {}
    for attributes in graph.findall(q("attributes")):
        assert attributes.get("class") in ("node", "edge")
        for attribute in attributes.findall(q("attribute")):
            assert attribute.get("type") in GEXF_TYPES and attribute.get("title")
            declared[(attributes.get("class"), attribute.get("id"))] = attribute.get("type")
    ids = [n.get("id") for n in graph.iter(q("node"))]
    assert len(ids) == len(set(ids))
    for kind in ("node", "edge"):
        for element in graph.iter(q(kind)):
            for value in element.iter(q("attvalue")):
                assert (kind, value.get("for")) in declared
                if declared[(kind, value.get("for"))] in ("integer", "long"):
                    int(value.get("value"))
                elif declared[(kind, value.get("for"))] in ("double", "float"):
                    float(value.get("value"))
    known = set(ids)
    edge_ids = []
    for edge in graph.iter(q("edge")):
        assert edge.get("source") in known and edge.get("target") in known
        float(edge.get("weight", "1"))
        edge_ids.append(edge.get("id"))
    assert len(edge_ids) == len(set(edge_ids))


def test_gexf_directed_and_two_mode(tmp_path, view):
    directed_path = export(tmp_path, "gexf", "--collective", "drop", "--directed")
    check_gexf_structure(etree.parse(str(directed_path)).getroot())
    read = nx.read_gexf(directed_path)
    assert read.is_directed()
    assert weights(read) == weights(view.directed())
    two_path = export(tmp_path, "gexf", "--collective", "drop", "--two-mode")
    check_gexf_structure(etree.parse(str(two_path)).getroot())
    two = nx.read_gexf(two_path)
    assert two.number_of_nodes() == len(view.agencies) + len(view.tasks)
    assert two.number_of_edges() == len(view.involvements)
    roles = {(i.agency, i.task): i.role for i in view.involvements}
    assert {tuple(sorted((u, v), key=lambda n: n not in roles and n in view.tasks)): r for u, v, r in two.edges(data="role")} == roles


def test_graphml_reads_back_with_the_same_edges(tmp_path, huzhou):
    path = export(tmp_path, "graphml", "--jurisdiction", "湖州市")
    read = nx.read_graphml(path)
    assert set(read.nodes) == set(huzhou.agencies)
    assert all(read.nodes[n]["jurisdiction"].startswith("湖州市") for n in read.nodes)
    assert weights(read) == weights(huzhou.one_mode())
    directed = nx.read_graphml(export(tmp_path, "graphml", "--jurisdiction", "湖州市", "--directed"))
    assert directed.is_directed() and weights(directed) == weights(huzhou.directed())


@pytest.mark.parametrize("options", [[], ["--directed"], ["--two-mode"]])
def test_pajek_reads_back_with_networkx(tmp_path, view, options):
    path = export(tmp_path, "pajek", "--collective", "drop", *options)
    expected = network(view, two_mode="--two-mode" in options, directed="--directed" in options)
    lines = path.read_text("utf-8").splitlines()
    if "--two-mode" in options:  # Pajek's two-mode header: all vertices, then the first mode
        assert lines[1] == f"*Vertices {len(view.agencies) + len(view.tasks)} {len(view.agencies)}"
        lines[1] = f"*Vertices {len(view.agencies) + len(view.tasks)}"  # networkx reads one-mode headers only
    path.write_text("\n".join(lines), encoding="utf-8")
    read = by_label(nx.read_pajek(path), expected)
    assert set(read.nodes) == set(expected.nodes)
    simple = nx.DiGraph(read) if read.is_directed() else nx.Graph(read)
    assert weights(simple) == weights(expected)


def parse_dl(text: str):
    """A small UCINET DL reader: fullmatrix, edgelist1 and edgelist2, quoted labels."""
    header, data = re.split(r"^data:\s*$", text, flags=re.M)
    sizes = dict(re.findall(r"\b(n|nr|nc)=(\d+)", header))
    format_ = re.search(r"format\s*=\s*(\w+)", header).group(1)

    def labels_after(keyword):
        match = re.search(rf"^{keyword}:\s*\n(.*)$", header, flags=re.M)
        return re.findall(r'"([^"]*)"', match.group(1)) if match else []

    rows = labels_after("row labels") or labels_after("labels")
    columns = labels_after("column labels") or rows
    assert len(rows) == int(sizes.get("nr", sizes.get("n"))) and len(columns) == int(sizes.get("nc", sizes.get("n")))
    ties = {}
    lines = [line.split() for line in data.strip().splitlines()]
    if format_ == "fullmatrix":
        assert len(lines) == len(rows) and all(len(line) == len(columns) for line in lines)
        for i, line in enumerate(lines):
            for j, value in enumerate(line):
                if float(value):
                    ties[(rows[i], columns[j])] = float(value)
    else:
        for i, j, value in lines:
            ties[(rows[int(i) - 1], columns[int(j) - 1])] = float(value)
    return format_, rows, columns, ties


@pytest.mark.parametrize("dl_format", ["fullmatrix", "edgelist1"])
@pytest.mark.parametrize("mode", ["one", "directed", "two"])
def test_ucinet_dl_reads_back(tmp_path, huzhou, dl_format, mode):
    options = {"one": [], "directed": ["--directed"], "two": ["--two-mode"]}[mode]
    path = export(tmp_path, "ucinet", "--jurisdiction", "湖州市", "--dl-format", dl_format, *options)
    format_, rows, columns, ties = parse_dl(path.read_text("utf-8"))
    expected = network(huzhou, two_mode=mode == "two", directed=mode == "directed")
    labels = unique_labels(expected)
    if mode == "two":
        assert format_ == ("edgelist2" if dl_format == "edgelist1" else "fullmatrix")
        assert rows == [labels[a] for a in huzhou.agencies] and columns == huzhou.tasks
        wanted = {(labels[i.agency], i.task): 2.0 if i.role == "lead" else 1.0 for i in huzhou.involvements}
    else:
        assert format_ == dl_format and rows == [labels[a] for a in huzhou.agencies]
        wanted = {}
        for u, v, w in expected.edges(data="weight"):
            wanted[(labels[u], labels[v])] = float(w)
            if mode == "one":
                wanted[(labels[v], labels[u])] = float(w)
    assert ties == wanted


def test_edges_csv_has_ids_labels_weights_and_a_node_table(tmp_path, view):
    path = export(tmp_path, "edges", "--collective", "drop")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert {frozenset((e["source"], e["target"])): float(e["weight"]) for e in edges} == weights(view.one_mode())
    assert edges[0]["source_label"] == view.label(edges[0]["source"])
    nodes_file = tmp_path / "net.nodes.csv"
    with nodes_file.open(encoding="utf-8-sig", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    assert [n["id"] for n in nodes] == view.agencies
    assert {"id", "label", "jurisdiction", "type", "level", "years", "tasks_led", "tasks_cooperated"} <= set(nodes[0])


def test_two_mode_and_directed_together_is_one_clear_error(tmp_path):
    result = runner.invoke(app, ["export", "gexf", "-o", str(tmp_path / "x.gexf"), "--two-mode", "--directed"])
    assert result.exit_code == 2
    assert "do not combine" in result.output and "Traceback" not in result.output


# -- UCINET DL against an independent reader ----------------------------------------------------
# python-igraph's Read_DL (igraph's own C parser) is the one DL reader on PyPI: it reads
# edgelist1 with values and a fullmatrix of 0/1 only, and no two-mode (nr/nc) file; the
# "readin-ucinet" package reads single digits only. Two-mode and valued full matrices are read
# back by parse_dl above alone.


def igraph_ties(path, directed: bool) -> dict:
    import igraph

    graph = igraph.Graph.Read_DL(str(path), directed=True)
    names = [name.strip('"') for name in graph.vs["name"]]  # igraph keeps a quoted label's quotes
    weights_ = graph.es["weight"] if "weight" in graph.es.attributes() else [1.0] * graph.ecount()
    return {(names[e.source], names[e.target]): float(w) for e, w in zip(graph.es, weights_)}


@pytest.mark.parametrize("mode", ["one", "directed"])
def test_ucinet_edgelist1_reads_back_in_igraph(tmp_path, huzhou, mode):
    path = export(tmp_path, "ucinet", "--jurisdiction", "湖州市", "--dl-format", "edgelist1", *(["--directed"] if mode == "directed" else []))
    expected = network(huzhou, directed=mode == "directed")
    labels = unique_labels(expected)
    wanted = {}
    for u, v, w in expected.edges(data="weight"):
        wanted[(labels[u], labels[v])] = float(w)
        if mode == "one":
            wanted[(labels[v], labels[u])] = float(w)  # written both ways: UCINET's matrix is symmetric
    assert igraph_ties(path, directed=True) == wanted and max(wanted.values()) > 1


def test_ucinet_fullmatrix_reads_back_in_igraph_where_ties_are_0_or_1(tmp_path):
    from tests.conftest import write_doc

    doc = write_doc(tmp_path, "binary.txt", "2021年为民办实事项目\n1.建设公园(市园林局牵头,市财政局、市住建局配合)。\n"
                                             "2.新增停车位(市交通运输局牵头,市公安局配合)。\n3.新建书房(市文广旅局牵头,市教育局配合)。\n")
    path = tmp_path / "binary.dl"
    result = runner.invoke(app, ["export", "ucinet", str(doc), "--dl-format", "fullmatrix", "-o", str(path)])
    assert result.exit_code == 0, result.output
    _, rows, _, ties = parse_dl(path.read_text("utf-8"))
    assert set(ties.values()) == {1.0} and len(rows) == 7
    assert igraph_ties(path, directed=True) == ties
