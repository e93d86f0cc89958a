
(function () {
  "use strict";
  var data = %(data)s;
  var text = function (id, value) { document.getElementById(id).textContent = value; };
  text("heading", data.heading);
  text("meta", data.meta);
  document.title = data.heading;
  var container = document.getElementById("network");
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.govkgNetwork = network;
  window.govkgReady = false;
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    text("status", nodes.length + " nodes, " + edges.length + " edges · layout settled");
    window.govkgReady = true;
  });
  var sizeBox = document.getElementById("legend-size");
  sizeBox.textContent = data.legend.size;
  var colourBox = document.getElementById("legend-colour");
  var by = document.createElement("div"); by.textContent = "by " + data.legend.colour_by; colourBox.appendChild(by);
  data.legend.colour.forEach(function (item) {
    var row = document.createElement("div"); row.className = "legend-row";
    var dot = document.createElement("span"); dot.className = "swatch"; dot.style.background = item.color;
    row.appendChild(dot); row.appendChild(document.createTextNode(item.label)); colourBox.appendChild(row);
  });
  var shapes = document.createElement("div"); shapes.textContent = "● agency · ◆ collective unit"; colourBox.appendChild(shapes);
  document.getElementById("legend-edges").textContent = data.legend.edges;
  var list = document.getElementById("agency-names");
  data.legend.names.forEach(function (name) { var o = document.createElement("option"); o.value = name; list.appendChild(o); });
  var search = document.getElementById("search");
  function find(query) {
    query = query.trim();
    if (!query) { return null; }
    var exact = null, partial = [];
    data.legend.search.forEach(function (entry) {
      entry.keys.forEach(function (key) {
        if (key === query) { exact = entry.id; }
        else if (key.indexOf(query) >= 0 && partial.indexOf(entry.id) < 0) { partial.push(entry.id); }
      });
    });
    return exact || (partial.length ? partial[0] : null);
  }
  function focus() {
    var id = find(search.value);
    if (id === null) { text("search-status", search.value.trim() ? "not found" : ""); return; }
    text("search-status", "");
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 400 } });
  }
  search.addEventListener("change", focus);
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") { focus(); } });
  window.govkgFind = find;

  // Labels: the largest nodes always, the others once the reader zooms in.
  var allLabels = false;
  function labels(show) {
    allLabels = show;
    nodes.update(nodes.get().map(function (n) { return { id: n.id, label: (show || n.big) ? n.fullLabel : "" }; }));
  }
  labels(false);
  network.on("zoom", function (event) {
    var show = event.scale >= data.legend.zoom_labels;
    if (show !== allLabels) { labels(show); }
  });
  window.govkgLabelled = function () { return nodes.get().filter(function (n) { return n.label; }).length; };

  // Filters: one jurisdiction, one year (when the corpus spans years).
  function fill(select, values) {
    values.forEach(function (value) { var o = document.createElement("option"); o.value = String(value); o.textContent = String(value); select.appendChild(o); });
  }
  var jurisdiction = document.getElementById("jurisdiction"), year = document.getElementById("year");
  fill(jurisdiction, data.legend.jurisdictions);
  fill(year, data.legend.years);
  if (data.legend.years.length < 2) { year.hidden = true; }
  function filter() {
    var j = jurisdiction.value, y = year.value ? Number(year.value) : null, shown = 0;
    nodes.update(nodes.get().map(function (n) {
      var keep = (!j || n.jurisdiction === j) && (y === null || (n.years || []).indexOf(y) >= 0);
      if (keep) { shown += 1; }
      return { id: n.id, hidden: !keep };
    }));
    text("status", shown + " of " + nodes.length + " nodes shown" + (y !== null ? " (edge widths count every year)" : ""));
    return shown;
  }
  jurisdiction.addEventListener("change", filter);
  year.addEventListener("change", filter);
  window.govkgFilter = function (j, y) { jurisdiction.value = j || ""; year.value = y ? String(y) : ""; return filter(); };

  // One cluster per jurisdiction, opened again by double-clicking it.
  var clustered = false;
  function cluster() {
    if (clustered) {
      Object.keys(network.body.nodes).forEach(function (id) { if (network.isCluster(id)) { network.openCluster(id); } });
    } else {
      data.legend.jurisdictions.forEach(function (name) {
        network.cluster({
          joinCondition: function (node) { return node.jurisdiction === name; },
          clusterNodeProperties: { id: "cluster:" + name, label: name, shape: "hexagon", size: 30, color: "#95a5a6", font: { size: 16 } }
        });
      });
    }
    clustered = !clustered;
    document.getElementById("cluster").textContent = clustered ? "uncluster" : "cluster by jurisdiction";
  }
  document.getElementById("cluster").addEventListener("click", cluster);
  network.on("doubleClick", function (event) {
    if (event.nodes.length && network.isCluster(event.nodes[0])) { network.openCluster(event.nodes[0]); }
  });
  window.govkgCluster = function () { cluster(); return Object.keys(network.body.nodes).filter(function (id) { return network.isCluster(id); }).length; };

  // The current view as a PNG file.
  function png() { return container.querySelector("canvas").toDataURL("image/png"); }
  document.getElementById("export").addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = png(); link.download = "network.png"; document.body.appendChild(link); link.click(); link.remove();
  });
  window.govkgPng = png;
})();
