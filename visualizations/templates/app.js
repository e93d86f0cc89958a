
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
  // The positions come with the data (the layout the GEXF export writes): no physics to wait for.
  network.once("afterDrawing", function () {
    network.fit();
    text("status", nodes.length + " nodes, " + edges.length + " edges · layout settled");
    placeLabels(function () { window.govkgReady = true; });
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

  // Labels. The first view names the largest nodes of the view and of each jurisdiction
  // (data: each node's rank, -1 for none), the label's size in screen pixels following its
  // rank, whatever scale fits the layout; a label that would cover a larger node's label is
  // left out, largest first (greedy placement on the boxes vis-network drew). From a scale of
  // zoom_labels on, every node is labelled.
  var measure = data.legend.measure, allLabels = false, ranked = [];
  function rankedNodes() {
    return nodes.get().filter(function (n) { return n.ranks[measure] >= 0; })
      .sort(function (a, b) { return a.ranks[measure] - b.ranks[measure]; });
  }
  function pixels(index, count) {
    var big = data.legend.label_pixels[0], small = data.legend.label_pixels[1];
    return count > 1 ? big - (big - small) * index / (count - 1) : big;
  }
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function placeLabels(done) {
    var scale = network.getScale();
    if (scale >= data.legend.zoom_labels) {
      allLabels = true;
      nodes.update(nodes.get().map(function (n) { return { id: n.id, label: n.fullLabel }; }));
      if (done) { done(); }
      return;
    }
    allLabels = false;
    ranked = rankedNodes();
    var candidates = {};
    ranked.forEach(function (n, i) { candidates[n.id] = pixels(i, ranked.length) / Math.min(scale, 1); });
    nodes.update(nodes.get().map(function (n) {
      return n.id in candidates ? { id: n.id, label: n.fullLabel, font: { size: candidates[n.id], vadjust: 0 } } : { id: n.id, label: "" };
    }));
    network.once("afterDrawing", function () {
      // Below its node, else above it, else left out.
      var kept = [], changes = [], margin = 3 / network.getScale();  // 3 screen pixels between labels
      ranked.forEach(function (n) {
        var node = network.body.nodes[n.id], label = node.labelModule.size;
        var below = { left: label.left - margin, top: label.top - margin, right: label.left + label.width + margin,
                      bottom: label.top + label.height + margin };
        var shift = -(2 * node.options.size + label.height + 4);
        var above = { left: below.left, right: below.right, top: below.top + shift, bottom: below.bottom + shift };
        var free = function (box) { return !kept.some(function (k) { return overlaps(k, box); }); };
        if (node.options.hidden) { changes.push({ id: n.id, label: "" }); }
        else if (free(below)) { kept.push(below); }
        else if (free(above)) { kept.push(above); changes.push({ id: n.id, font: { size: candidates[n.id], vadjust: shift } }); }
        else { changes.push({ id: n.id, label: "" }); }
      });
      if (changes.length) { nodes.update(changes); }
      if (done) { network.once("afterDrawing", done); network.redraw(); }
    });
    network.redraw();
  }
  var pending = null;
  network.on("zoom", function () {
    if (pending) { clearTimeout(pending); }
    pending = setTimeout(function () { pending = null; placeLabels(null); }, 120);
  });
  window.govkgLabelled = function () { return nodes.get().filter(function (n) { return n.label; }).length; };
  window.govkgRanked = function () { return ranked.map(function (n) { return n.id; }); };
  window.govkgPlaceLabels = function () { return new Promise(function (resolve) { placeLabels(resolve); }); };

  // The size switch: the nodes sized (and labelled) by another measure.
  var sizeBy = document.getElementById("size-by");
  data.legend.sizes.forEach(function (item) {
    var o = document.createElement("option"); o.value = item.measure; o.textContent = "size: " + item.name; sizeBy.appendChild(o);
  });
  sizeBy.value = measure;
  function resize(next) {
    measure = next;
    sizeBy.value = next;
    data.legend.sizes.forEach(function (item) { if (item.measure === next) { sizeBox.textContent = item.legend; } });
    nodes.update(nodes.get().map(function (n) { return { id: n.id, size: n.sizes[next] }; }));
    return new Promise(function (resolve) { placeLabels(resolve); });
  }
  sizeBy.addEventListener("change", function () { resize(sizeBy.value); });
  window.govkgResize = resize;

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
    placeLabels(null);  // labels left out beside a node now hidden may fit
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
