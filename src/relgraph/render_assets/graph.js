// relgraph graph.html behaviour. All data comes from the JSON block #relgraph-data and is article text
// (untrusted): it reaches the page only through textContent / DOM properties, never parsed as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("relgraph-data").textContent);
  var state = { ready: false, stabilizedAt: null, startedAt: performance.now() };
  var status = document.getElementById("status");
  var panel = document.getElementById("panel");
  var ARABIC = /[\u0600-\u06FF]/;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function faSpan(tag, text, cls) {  // Persian text right-to-left, isolated from the LTR page
    var e = el(tag, text, cls);
    if (text && ARABIC.test(text)) { e.setAttribute("dir", "rtl"); e.setAttribute("lang", "fa"); e.classList.add("fa"); }
    else e.setAttribute("dir", "auto");
    return e;
  }
  function norm(s) {
    return (s || "").normalize("NFKC").replace(/[\u064A\u0649]/g, "\u06CC").replace(/\u0643/g, "\u06A9")
      .replace(/[\u064B-\u065F\u0670\u0640\u200C\u200D\u200E\u200F\s_-]+/g, "").toLowerCase();
  }
  function setStatus(text) { status.textContent = text; }

  var nodeById = new Map(), edgesOfNode = new Map();
  data.nodes.forEach(function (n) { nodeById.set(n.id, n); edgesOfNode.set(n.id, []); });
  data.edges.forEach(function (e) { edgesOfNode.get(e.from).push(e); edgesOfNode.get(e.to).push(e); });
  function nodeName(id) { var n = nodeById.get(id); return n ? (n.en ? n.en + (n.fa ? " (" + n.fa + ")" : "") : (n.fa || n.key)) : id; }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, shape: n.shape, color: n.color, value: n.value, font: { multi: false } };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var o = { id: e.id, from: e.from, to: e.to, color: { color: e.color, highlight: e.color }, dashes: e.dashes,
              value: e.value, arrows: "to", smooth: e.smooth };
    if (data.meta.edgeLabels) o.label = e.label;
    return o;
  }));
  var big = data.meta.big;
  var options = {
    autoResize: true,
    layout: { improvedLayout: !big, randomSeed: 7 },
    nodes: { scaling: { min: 8, max: 40, label: { enabled: true, min: 11, max: 22, drawThreshold: 6 } },
             font: { face: "Vazirmatn, 'Noto Sans Arabic', Tahoma, 'DejaVu Sans', sans-serif", size: 13 },
             borderWidth: 1 },
    edges: { scaling: { min: 1, max: 8 }, font: { size: 10, align: "horizontal", strokeWidth: 3 },
             arrows: { to: { enabled: true, scaleFactor: 0.5 } }, selectionWidth: 2 },
    interaction: { hover: !big, hideEdgesOnDrag: big, hideEdgesOnZoom: big, tooltipDelay: 200 },
    physics: { enabled: true, solver: "barnesHut",
               barnesHut: { gravitationalConstant: big ? -3000 : -6000, springLength: big ? 90 : 140,
                            avoidOverlap: big ? 0 : 0.2 },
               stabilization: { enabled: true, iterations: data.meta.iterations, updateInterval: 25, fit: true } }
  };
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  function done() {
    if (state.ready) return;
    network.setOptions({ physics: false });  // freeze: the layout stays put and the CPU goes idle
    state.ready = true;
    state.stabilizedAt = performance.now();
    setStatus(data.nodes.length + " nodes, " + data.edges.length + " edges, " + data.facts.length + " ties. Ready.");
  }
  network.on("stabilizationProgress", function (p) { setStatus("Laying out… " + p.iterations + "/" + p.total); });
  network.on("stabilizationIterationsDone", done);
  network.once("stabilized", done);
  setTimeout(function () { if (!state.ready) { network.stopSimulation(); done(); } }, data.meta.maxLayoutMs);

  // ---- filters --------------------------------------------------------------------------------
  var kindBoxes = {}, typeBoxes = {};
  function countBy(list, key) { var c = {}; list.forEach(function (x) { c[x[key]] = (c[x[key]] || 0) + 1; }); return c; }
  function filterList(target, entries, boxes, counts, lineStyle) {
    Object.keys(entries).forEach(function (k) {
      if (!counts[k]) return;
      var s = entries[k], label = el("label"), box = el("input");
      box.type = "checkbox"; box.checked = true; box.value = k; box.addEventListener("change", applyFilters);
      var mark = el("span", null, lineStyle ? "line" + (s.dashes ? " dashed" : "") : "swatch");
      if (lineStyle) mark.style.borderTopColor = s.color; else mark.style.background = s.color;
      label.append(box, mark, el("span", s.label_en), faSpan("span", s.label_fa), el("span", counts[k], "count"));
      boxes[k] = box; target.appendChild(label);
    });
  }
  filterList(document.getElementById("kind-filters"), data.kinds, kindBoxes, countBy(data.nodes, "kind"), false);
  filterList(document.getElementById("type-filters"), data.tieTypes, typeBoxes, countBy(data.edges, "type"), true);
  var dateFrom = document.getElementById("date-from"), dateTo = document.getElementById("date-to");
  var undated = document.getElementById("undated");
  if (data.meta.dateMin) { dateFrom.min = dateTo.min = data.meta.dateMin; }
  if (data.meta.dateMax) { dateFrom.max = dateTo.max = data.meta.dateMax; }
  [dateFrom, dateTo, undated].forEach(function (i) { i.addEventListener("change", applyFilters); });
  document.getElementById("reset").addEventListener("click", function () {
    Object.values(kindBoxes).concat(Object.values(typeBoxes)).forEach(function (b) { b.checked = true; });
    dateFrom.value = ""; dateTo.value = ""; undated.checked = true; applyFilters();
  });

  function factInRange(f, from, to) {
    if (!f.date) return undated.checked;
    var d = f.date;  // '2019', '2019-07' or '2019-07-02': compare at the fact's precision
    if (from && d < from.slice(0, d.length)) return false;
    if (to && d > to.slice(0, d.length)) return false;
    return true;
  }
  function applyFilters() {
    var from = dateFrom.value, to = dateTo.value, visibleNodes = new Set(), edgeUpdates = [], nodeUpdates = [];
    data.edges.forEach(function (e) {
      var a = nodeById.get(e.from), b = nodeById.get(e.to);
      var show = typeBoxes[e.type].checked && kindBoxes[a.kind].checked && kindBoxes[b.kind].checked &&
        e.facts.some(function (i) { return factInRange(data.facts[i], from, to); });
      if (show) { visibleNodes.add(e.from); visibleNodes.add(e.to); }
      edgeUpdates.push({ id: e.id, hidden: !show });
    });
    data.nodes.forEach(function (n) {
      var show = kindBoxes[n.kind].checked && (visibleNodes.has(n.id) || edgesOfNode.get(n.id).length === 0);
      nodeUpdates.push({ id: n.id, hidden: !show });
    });
    nodes.update(nodeUpdates); edges.update(edgeUpdates);
    state.visibleNodes = nodeUpdates.filter(function (u) { return !u.hidden; }).length;
    state.visibleEdges = edgeUpdates.filter(function (u) { return !u.hidden; }).length;
  }

  // ---- search ---------------------------------------------------------------------------------
  var names = document.getElementById("names"), seen = new Set();
  data.nodes.forEach(function (n) {
    [n.fa, n.en].forEach(function (s) { if (s && !seen.has(s)) { seen.add(s); var o = el("option"); o.value = s; names.appendChild(o); } });
  });
  function findNode(q) {
    var k = norm(q);
    if (!k) return null;
    var exact = data.nodes.find(function (n) { return norm(n.fa) === k || norm(n.en) === k || n.key.toLowerCase() === q.toLowerCase(); });
    return exact || data.nodes.find(function (n) { return norm(n.fa).includes(k) || norm(n.en).includes(k); }) || null;
  }
  var search = document.getElementById("search"), searchResult = document.getElementById("search-result");
  function runSearch() {
    var n = findNode(search.value);
    searchResult.textContent = n ? "" : (search.value ? "No match for “" + search.value + "”" : "");
    if (n) { network.selectNodes([n.id]); network.focus(n.id, { scale: 1.2, animation: false }); showNode(n.id); }
    return n ? n.id : null;
  }
  search.addEventListener("change", runSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") runSearch(); });

  // ---- facts panel ----------------------------------------------------------------------------
  function tag(type) {
    var s = data.tieTypes[type] || {}, t = el("span", s.label_en || type, "tag");
    t.style.background = s.color || "#6b7280";
    return t;
  }
  function factBox(f, withEnds) {
    var box = el("div", null, "fact");
    var meta = el("div", null, "meta");
    meta.append(tag(f.type));
    if (withEnds) meta.append(el("bdi", nodeName(f.s)), " → ", el("bdi", nodeName(f.t)), " ");
    meta.append(el("bdi", [f.date || "undated", f.modality !== "asserted" ? f.modality : "",
      f.cameo ? "CAMEO " + f.cameo : "", f.quad ? "quad " + f.quad : ""].filter(Boolean).join(" · ")));
    box.appendChild(meta);
    f.ev.forEach(function (ev) {
      box.appendChild(faSpan("div", ev.sentence || "(no sentence)", "evidence"));
      var src = el("div", null, "source");
      src.append(el("span", "Article: "));
      if (ev.url && /^https?:\/\//i.test(ev.url)) {
        var a = el("a", ev.title || ev.doc || ev.url); a.href = ev.url; a.target = "_blank"; a.rel = "noopener noreferrer";
        if (ARABIC.test(a.textContent)) a.setAttribute("dir", "rtl");
        src.appendChild(a);
      } else src.appendChild(faSpan("span", ev.title || ev.doc || "?"));
      src.append(" · ", el("bdi", [ev.published, ev.source, ev.doc ? "id " + ev.doc : ""].filter(Boolean).join(" · ")));
      box.appendChild(src);
    });
    return box;
  }
  var MAX_FACTS = 200;
  function factList(indices, withEnds) {
    var frag = document.createDocumentFragment();
    indices.slice(0, MAX_FACTS).forEach(function (i) { frag.appendChild(factBox(data.facts[i], withEnds)); });
    if (indices.length > MAX_FACTS) frag.appendChild(el("p", "… and " + (indices.length - MAX_FACTS) + " more ties", "muted"));
    return frag;
  }
  function showNode(id) {
    var n = nodeById.get(id);
    if (!n) return;
    panel.replaceChildren();
    panel.dataset.shows = "node:" + id;
    if (n.fa) panel.appendChild(faSpan("h2", n.fa));
    if (n.en) panel.appendChild(el("h2", n.en));
    var k = data.kinds[n.kind] || {};
    panel.appendChild(el("p", [k.label_en || n.kind, n.office ? "office: " + n.office : "", n.qid ? "Wikidata " + n.qid : "",
      n.state ? "state: " + nodeName(n.state) : "", n.key].filter(Boolean).join(" · "), "muted"));
    panel.lastChild.setAttribute("dir", "auto");
    var facts = [];
    edgesOfNode.get(id).forEach(function (e) { facts = facts.concat(e.facts); });
    facts.sort(function (a, b) { return (data.facts[a].date || "").localeCompare(data.facts[b].date || ""); });
    panel.appendChild(el("h3", facts.length + " ties"));
    panel.appendChild(factList(facts, true));
  }
  function showEdge(id) {
    var e = data.edges.find(function (x) { return x.id === id; });
    if (!e) return;
    panel.replaceChildren();
    panel.dataset.shows = "edge:" + id;
    var h = el("h2"); h.append(tag(e.type), el("bdi", nodeName(e.from)), " → ", el("bdi", nodeName(e.to)));
    panel.appendChild(h);
    panel.appendChild(el("h3", e.facts.length + " ties"));
    panel.appendChild(factList(e.facts, false));
  }
  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });

  applyFilters();
  window.relgraph = { data: data, network: network, nodes: nodes, edges: edges, state: state,
                      showNode: showNode, showEdge: showEdge, findNode: findNode, runSearch: runSearch,
                      applyFilters: applyFilters };
})();
