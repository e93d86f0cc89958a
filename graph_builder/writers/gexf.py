"""GEXF 1.2 (Gephi) with networkx's writer: node ``label``, attributes as typed GEXF attributes,
edge ``weight`` as the GEXF edge weight, and the ``viz:`` module — each node's position, colour
(by jurisdiction) and size (tasks led + co-operated on) as the network page draws its first view
(``layout.drawing``), so Gephi opens the page's picture. ``years``, ``documents`` and
``aliases`` are ``liststring`` attributes (values joined by ``|``, which Gephi splits); networkx
writes lists as dynamic data, so the type is set in the XML after it has written the file.

>>> import networkx as nx, tempfile, pathlib
>>> g = nx.Graph(); g.add_node("a", label="A", aliases=("甲", "乙")); g.add_node("b", label="B", aliases=()); g.add_edge("a", "b", weight=2)
>>> path = pathlib.Path(tempfile.mkdtemp()) / "g.gexf"
>>> _ = write(g, path, drawing={"a": {"x": 1.0, "y": 2.0, "colour": "#4e79a7", "size": 40.0},
...                              "b": {"x": 0.0, "y": 0.0, "colour": "#f28e2b", "size": 10.0}})
>>> back = nx.read_gexf(path)
>>> back.nodes["a"]["aliases"], back.nodes["a"]["viz"]["position"], back.nodes["a"]["viz"]["color"]
('甲|乙', {'x': 1.0, 'y': -2.0, 'z': 0.0}, {'r': 78, 'g': 121, 'b': 167, 'a': 1.0})
"""

from __future__ import annotations

from pathlib import Path

SUFFIX = ".gexf"
DESCRIPTION = "GEXF 1.2 for Gephi (networkx writer; viz: positions, colours and sizes of the page)"
LISTS = True  # export_network keeps list attributes as tuples for this writer
DRAWN = True  # … and passes the page's drawing
LIST_JOIN = "|"


def _rgb(colour: str) -> dict:
    value = colour.lstrip("#")
    return {"r": int(value[0:2], 16), "g": int(value[2:4], 16), "b": int(value[4:6], 16), "a": 1.0}


def write(graph: nx.Graph, path: Path, drawing: dict | None = None, **_options) -> list[Path]:
    import networkx as nx  # here: the CLI imports this module for --help
    from lxml import etree

    graph = graph.copy()
    lists: set[str] = set()
    for node, data in graph.nodes(data=True):
        for key, value in list(data.items()):
            if isinstance(value, tuple):
                lists.add(key)
                data[key] = LIST_JOIN.join(str(v).replace(LIST_JOIN, "｜") for v in value)
        spot = (drawing or {}).get(node)
        if spot:
            # Gephi's y grows upwards, the page's canvas y downwards: the same picture.
            data["viz"] = {"color": _rgb(spot["colour"]), "size": float(spot["size"]),
                           "position": {"x": float(spot["x"]), "y": -float(spot["y"]), "z": 0.0}}
    nx.write_gexf(graph, path, encoding="utf-8", prettyprint=True, version="1.2draft")
    if lists:
        tree = etree.parse(str(path))
        for attribute in tree.iter("{*}attribute"):
            if attribute.get("title") in lists:
                attribute.set("type", "liststring")
        tree.write(str(path), encoding="utf-8", xml_declaration=True, pretty_print=True)
    return [Path(path)]
