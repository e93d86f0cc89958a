// The review page's script (visualizations/review.py). Everything taken from documents is set
// with textContent or as a form value, never as HTML. No request leaves the page: the CSV files
// are made here and saved through a blob: link. (A literal percent sign is written twice: Python
// substitutes the page's data into this file.)
(function () {
  "use strict";
  var DATA = %(data)s;
  var rows = DATA.existing.slice();
  var aliasRows = [];
  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") node.textContent = props[key];
      else if (key === "className") node.className = props[key];
      else if (key === "onclick") node.addEventListener("click", props[key]);
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function input(placeholder, value, className) {
    var node = el("input", {type: "text", placeholder: placeholder, className: className || ""});
    node.value = value || "";
    return node;
  }

  function select(options, className) {
    var node = el("select", {className: className || ""});
    options.forEach(function (option) {
      var choice = el("option", {text: option[1]});
      choice.value = option[0];
      node.appendChild(choice);
    });
    return node;
  }

  function roleSelect(withBoth) {
    var options = [["lead", "lead 牵头"], ["cooperating", "cooperating 配合"]];
    return select(withBoth ? [["", "first leads, others co-operate"]].concat(options) : options);
  }

  // -- CSV: spreadsheet-safe cells (graph_builder/emit/spreadsheet.py's rule; the reader drops
  // the apostrophe again), quoted where needed, with a byte-order mark for Excel.
  function cell(value) {
    var text = value === undefined || value === null ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text) && !NUMBER.test(text)) text = "'" + text;
    if (/[",\r\n]/.test(text)) text = '"' + text.replace(/"/g, '""') + '"';
    return text;
  }

  function csv(columns, records) {
    var lines = [columns.join(",")];
    records.forEach(function (record) {
      lines.push(columns.map(function (column) { return cell(record[column]); }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  function download(name, text) {
    var blob = new Blob(["\ufeff" + text], {type: "text/csv;charset=utf-8"});
    var url = URL.createObjectURL(blob);
    var link = el("a", {href: url, download: name});
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // -- rows ------------------------------------------------------------------------------
  function rowFor(item, action, fields) {
    var record = {document: item.document_id, sha256: (item.sha256 || "").slice(0, 16),
                  line: item.line_start ? String(item.line_start) : "", task: item.key || "", action: action,
                  agency: "", role: "", value: "", note: ""};
    Object.keys(fields || {}).forEach(function (key) { record[key] = fields[key]; });
    return record;
  }

  function queue(card, record, note) {
    if (note && note.value) record.note = note.value;
    rows.push(record);
    card.appendChild(el("div", {className: "queued", text: "✓ " + record.action + (record.agency ? " " + record.agency : "") +
      (record.value ? " → " + record.value : "")}));
    renderPending();
  }

  function queueAlias(card, record) {
    aliasRows.push(record);
    card.appendChild(el("div", {className: "queued", text: "✓ aliases.csv: " + record.action + " " + record.alias + " / " + record.canonical}));
    renderPending();
  }

  function renderPending() {
    var body = document.querySelector("#rows tbody");
    body.textContent = "";
    rows.forEach(function (record, index) {
      var remove = el("button", {type: "button", text: "×", title: "leave this row out of the file", onclick: function () {
        rows.splice(index, 1); renderPending();
      }});
      body.appendChild(el("tr", {}, [
        el("td", {text: record.action}), el("td", {text: record.document + (record.line ? ":" + record.line : "")}),
        el("td", {text: [record.agency, record.role, record.value].filter(Boolean).join(" · ")}),
        el("td", {text: record.from ? "from " + record.from : "new"}), el("td", {}, [remove])]));
    });
    document.getElementById("count").textContent = "(" + rows.length + ")";
    var aliases = document.querySelector("#alias-rows tbody");
    aliases.textContent = "";
    aliasRows.forEach(function (record) {
      aliases.appendChild(el("tr", {}, [el("td", {text: record.action}), el("td", {text: record.alias}), el("td", {text: record.canonical})]));
    });
    document.getElementById("alias-count").textContent = "(" + aliasRows.length + ")";
  }

  // -- items -----------------------------------------------------------------------------
  function sourceBlock(lines) {
    var pre = el("pre", {className: "source"});
    lines.forEach(function (line) {
      var span = el("span", {className: line.own ? "own" : ""}, [el("span", {className: "number", text: String(line.line).padStart(4) + "  "})]);
      span.appendChild(document.createTextNode(line.text + "\n"));
      pre.appendChild(span);
    });
    if (!lines.length) pre.textContent = "(the document's lines are not at hand)";
    return pre;
  }

  function mentionList(title, mentions) {
    var list = el("ul");
    mentions.forEach(function (m) {
      var resolved = m.agency && m.agency !== m.name ? " = " + m.agency : "";
      list.appendChild(el("li", {}, [document.createTextNode(m.mention + resolved + " "),
        el("span", {className: "basis", text: m.basis ? "(" + m.basis + (m.correction ? ", " + m.correction : "") + ")" : ""})]));
    });
    if (!mentions.length) list.appendChild(el("li", {text: "none"}));
    return el("div", {}, [el("h4", {text: title}), list]);
  }

  function leadActions(card, item) {
    var names = item.lead.concat(item.cooperating).map(function (m) { return m.mention; });
    var choices = names.map(function (n) { return [n, n]; });
    var note = input("note (optional)", "", "note");
    var lead = select(choices.length ? choices : [["", "(no agency)"]], "set-lead-choice");
    var typed = input("or type the lead", "", "set-lead-name");
    var actions = el("div", {className: "actions"}, [
      el("span", {text: "lead:"}), lead, typed,
      el("button", {type: "button", className: "set-lead", text: "Set lead", onclick: function () {
        var agency = typed.value.trim() || lead.value;
        if (agency) queue(card, rowFor(item, "set-lead", {agency: agency}), note);
      }}),
      el("button", {type: "button", className: "confirm", text: "Looks right", onclick: function () {
        queue(card, rowFor(item, "confirm"), note);
      }}),
      note]);
    var addName = input("agency to add"), addRole = roleSelect(false);
    var removeChoice = select(choices), splitChoice = select(choices), splitParts = input("parts: 市甲局|市乙局");
    var mergeParts = input("names: 市甲|局 (two or more)", names.slice(0, 2).join("|")), mergeName = input("merged name");
    var more = el("details", {className: "more"}, [el("summary", {text: "other corrections"}),
      el("div", {className: "actions"}, [addName, addRole, el("button", {type: "button", className: "add-agency", text: "Add agency", onclick: function () {
        if (addName.value.trim()) queue(card, rowFor(item, "add-agency", {agency: addName.value.trim(), role: addRole.value}), note);
      }})]),
      el("div", {className: "actions"}, [removeChoice, el("button", {type: "button", className: "remove-agency", text: "Remove agency", onclick: function () {
        if (removeChoice.value) queue(card, rowFor(item, "remove-agency", {agency: removeChoice.value}), note);
      }})]),
      el("div", {className: "actions"}, [splitChoice, splitParts, el("button", {type: "button", className: "split-agency", text: "Split agency", onclick: function () {
        if (splitChoice.value && splitParts.value.indexOf("|") > 0) queue(card, rowFor(item, "split-agency", {agency: splitChoice.value, value: splitParts.value.trim()}), note);
      }})]),
      el("div", {className: "actions"}, [mergeParts, mergeName, el("button", {type: "button", className: "merge-agencies", text: "Merge agencies", onclick: function () {
        if (mergeParts.value.indexOf("|") > 0) queue(card, rowFor(item, "merge-agencies", {agency: mergeParts.value.trim(), value: mergeName.value.trim()}), note);
      }})]),
      el("div", {className: "actions"}, [el("button", {type: "button", className: "drop-task", text: "Not a task: drop it", onclick: function () {
        queue(card, rowFor(item, "drop-task"), note);
      }})])]);
    card.appendChild(actions);
    card.appendChild(more);
  }

  function skippedActions(card, item) {
    var first = input("from", String(item.line_start), "lines"), last = input("to", String(item.line_end), "lines");
    var agencies = input("agencies: 市甲局|市乙局"), role = roleSelect(true), note = input("note (optional)", "", "note");
    card.appendChild(el("div", {className: "actions"}, [el("span", {text: "lines"}), first, last, agencies, role,
      el("button", {type: "button", className: "add-task", text: "Add as a task", onclick: function () {
        var lines = first.value.trim() === last.value.trim() ? first.value.trim() : first.value.trim() + "-" + last.value.trim();
        queue(card, rowFor(item, "add-task", {line: lines, agency: agencies.value.trim(), role: role.value}), note);
      }}), note]));
  }

  function documentActions(card, item) {
    var note = input("note (optional)", "", "note");
    card.appendChild(el("div", {className: "actions"}, [el("button", {type: "button", className: "confirm", text: "Checked: looks right", onclick: function () {
      queue(card, rowFor(item, "confirm", {line: "", task: ""}), note);
    }}), note]));
  }

  function mergeActions(card, item) {
    var d = item.details;
    card.appendChild(el("div", {className: "actions"}, [el("button", {type: "button", className: "forbid", text: "Not the same agency", onclick: function () {
      d.dropped.forEach(function (name) {
        queueAlias(card, {jurisdiction: d.jurisdiction, alias: name, canonical: d.target, type: "", source: "govkg review", action: "forbid"});
      });
    }})]));
  }

  function keptApartActions(card, item) {
    var a = item.details.agencies[0], b = item.details.agencies[1];
    card.appendChild(el("div", {className: "actions"}, [el("button", {type: "button", className: "merge", text: "The same agency", onclick: function () {
      b.names.forEach(function (name) {
        queueAlias(card, {jurisdiction: a.jurisdiction, alias: name, canonical: a.canonical, type: "", source: "govkg review", action: "merge"});
      });
    }})]));
  }

  function made(item) {
    var box = el("div", {className: "made"}, [el("h4", {text: "what govkg made of them"})]);
    if (item.kind === "lead") {
      box.appendChild(el("div", {text: item.text}));
      box.appendChild(mentionList("lead 牵头", item.lead));
      box.appendChild(mentionList("cooperating 配合", item.cooperating));
    } else if (item.kind === "skipped") {
      box.appendChild(el("div", {text: "no task: the line was skipped"}));
    } else if (item.kind === "document") {
      var d = item.details;
      box.appendChild(el("div", {text: (item.text || item.path)}));
      box.appendChild(el("div", {text: d.tasks + " tasks, " + d.with_lead + " with a lead, " + d.without_agency + " without any agency, " +
        d.skipped + " skipped lines; read by " + d.readers.join("+") + " (" + d.layout + "); lead convention: " + d.convention}));
    } else if (item.kind === "merge") {
      box.appendChild(el("div", {text: item.details.dropped.join("、") + " → " + item.details.agency + " (" + item.details.agency_id + ")"}));
      box.appendChild(el("div", {className: "basis", text: "also written: " + (item.details.kept.join("、") || "—")}));
    } else if (item.kind === "kept-apart") {
      item.details.agencies.forEach(function (a) { box.appendChild(el("div", {text: a.name + " (" + a.names.join("、") + ")"})); });
    }
    return box;
  }

  function sources(item) {
    var box = el("div", {}, [el("h4", {text: "source lines"})]);
    if (item.kind === "merge" || item.kind === "kept-apart") {
      item.details.occurrences.forEach(function (o) {
        box.appendChild(el("div", {className: "basis", text: o.name + " — " + o.path + ":" + o.line + " (" + o.task_id + ")"}));
        box.appendChild(sourceBlock(o.source));
      });
    } else if (item.kind !== "document") {
      box.appendChild(sourceBlock(item.source));
    } else {
      box.appendChild(el("div", {className: "basis", text: "sha256 " + item.sha256.slice(0, 16)}));
    }
    return box;
  }

  function renderItem(item, index) {
    var title = el("h3", {}, [
      el("span", {className: "badge", text: item.kind}),
      el("span", {className: "badge doubt", text: "doubt " + Math.round(item.doubt * 100) + "%%"}),
      item.status ? el("span", {className: "badge status", text: item.status + " (" + item.corrections.join(", ") + ")"}) : null,
      document.createTextNode(item.path + (item.line_start ? ":" + item.line_start + (item.line_end !== item.line_start ? "-" + item.line_end : "") : "") +
        (item.task_id ? "  " + item.task_id : ""))]);
    var reasons = el("ul", {className: "reasons"});
    item.reasons.forEach(function (reason) { reasons.appendChild(el("li", {text: reason})); });
    var card = el("article", {className: "item" + (item.status ? " reviewed" : ""), "data-kind": item.kind, "data-index": String(index),
                              "data-task": item.task_id || ""},
      [title, reasons, el("div", {className: "columns"}, [sources(item), made(item)])]);
    ({lead: leadActions, skipped: skippedActions, document: documentActions, merge: mergeActions, "kept-apart": keptApartActions})[item.kind](card, item);
    return card;
  }

  function applyFilter() {
    var kind = document.getElementById("kind").value;
    var hide = document.getElementById("hide-reviewed").checked;
    document.querySelectorAll("article.item").forEach(function (card) {
      var hidden = (kind && card.getAttribute("data-kind") !== kind) || (hide && card.classList.contains("reviewed"));
      card.classList.toggle("hidden", Boolean(hidden));
    });
  }

  document.getElementById("heading").textContent = DATA.title;
  document.title = DATA.title;
  var open = DATA.items.filter(function (i) { return !i.status; }).length;
  document.getElementById("summary").textContent = DATA.items.length + " items (" + open + " open" +
    (DATA.hidden ? "; " + DATA.hidden + " less doubtful not shown" : "") + "), most doubtful first · " + DATA.documents + " documents · " + DATA.tasks + " tasks";
  document.getElementById("source-note").textContent = DATA.corrections ?
    "The rows of " + DATA.corrections + " are kept; the download holds them and the new ones." :
    "No corrections file yet: the download starts one.";
  var container = document.getElementById("items");
  if (DATA.warnings.length) {
    var box = el("div", {className: "warnings"}, [el("strong", {text: "Corrections not applied"})]);
    DATA.warnings.forEach(function (w) { box.appendChild(el("div", {text: w})); });
    container.appendChild(box);
  }
  DATA.items.forEach(function (item, index) { container.appendChild(renderItem(item, index)); });
  document.getElementById("kind").addEventListener("change", applyFilter);
  document.getElementById("hide-reviewed").addEventListener("change", applyFilter);
  document.getElementById("download").addEventListener("click", function () { download("corrections.csv", csv(DATA.columns, rows)); });
  document.getElementById("download-aliases").addEventListener("click", function () { download("aliases.csv", csv(DATA.alias_columns, aliasRows)); });
  renderPending();

  window.govkgRows = function () { return JSON.parse(JSON.stringify(rows)); };
  window.govkgCSV = function () { return csv(DATA.columns, rows); };
  window.govkgReady = true;
})();
