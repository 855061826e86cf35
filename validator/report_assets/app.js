"use strict";
// accord report: renders the embedded JSON with textContent only (never innerHTML of data).
(function () {
  const D = JSON.parse(document.getElementById("accord-data").textContent);
  const $ = (id) => document.getElementById(id);
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  const byId = new Map(D.records.map((r) => [r.id, r]));
  const DAY = 86400000, RH = 20, LABEL_W = 340;
  const filters = {kind: "", actor: "", source: "", code: "", severity: "", q: ""};

  // --- filters ----------------------------------------------------------------------------------
  function hay(r) {
    if (r._hay === undefined) {
      const parts = [r.id, r.title, JSON.stringify(r.fields)];
      for (const rep of r.reports || []) parts.push(rep.source, rep.quote || "", rep.date_text || "", rep.note || "");
      r._hay = parts.join("\n").toLowerCase();
    }
    return r._hay;
  }
  function findingOn(f) {
    return (!filters.code || f.code === filters.code) && (!filters.severity || f.severity === filters.severity);
  }
  function recordMatches(r) {
    if (filters.kind && r.kind !== filters.kind) return false;
    if (filters.actor && !r.actors.includes(filters.actor)) return false;
    if (filters.source && r.id !== filters.source && !(r.reports || []).some((x) => x.source === filters.source)) return false;
    if (filters.q && !hay(r).includes(filters.q)) return false;
    return true;
  }
  function recordPasses(r) {
    if (!recordMatches(r)) return false;
    if (filters.code || filters.severity) return r.findings.some((i) => findingOn(D.findings[i]));
    return true;
  }
  function findingPasses(f) {
    if (!findingOn(f)) return false;
    const recordFilter = filters.kind || filters.actor || filters.source;
    const rs = f.records.map((id) => byId.get(id)).filter(Boolean);
    if (recordFilter) {
      const saved = filters.q; filters.q = "";
      const ok = rs.some(recordMatches);
      filters.q = saved;
      if (!ok) return false;
    }
    if (filters.q) {
      const text = (f.code + " " + f.message + " " + f.where + " " + f.records.join(" ")).toLowerCase();
      if (!text.includes(filters.q) && !rs.some((r) => hay(r).includes(filters.q))) return false;
    }
    return true;
  }
  function fillSelect(id, values, label) {
    const s = $(id);
    for (const v of values) { const o = el("option", null, label ? label(v) : v); o.value = v; s.appendChild(o); }
  }
  const kinds = [...new Set(D.records.map((r) => r.kind))].sort();
  const actors = [...new Set(D.records.flatMap((r) => r.actors))].sort();
  const name = (id) => { const r = byId.get(id); return r && r.fields.name ? r.fields.name + " (" + id + ")" : id; };
  fillSelect("f-kind", kinds);
  fillSelect("f-actor", actors, name);
  fillSelect("f-source", D.records.filter((r) => r.kind === "source").map((r) => r.id).sort());
  fillSelect("f-code", [...new Set(D.findings.map((f) => f.code))].sort());

  // --- timeline ----------------------------------------------------------------------------------
  const events = D.records.filter((r) => r.rows && r.rows.length);
  const firstOf = (r) => {
    let t = Infinity;
    for (const row of r.rows) {
      if (row.own && row.own.start !== null) t = Math.min(t, row.own.start);
      for (const n of row.reports) { const s = r.reports[n].span; if (s && s.start !== null) t = Math.min(t, s.start); }
    }
    return t;
  };
  for (const r of events) r._t = firstOf(r);
  events.sort((a, b) => a._t - b._t || (a.id < b.id ? -1 : 1));
  let rows = [];
  function buildRows() {
    rows = [];
    for (const r of events) {
      if (!recordPasses(r)) continue;
      for (const row of r.rows) {
        rows.push({r, own: row.own, prop: row.prop});
        for (const n of row.reports) rows.push({r, rep: r.reports[n], n});
      }
    }
    $("tl-spacer").style.height = rows.length * RH + "px";
  }
  const starts = events.map((r) => r._t).filter(isFinite).sort((a, b) => a - b);
  const allLo = starts.length ? starts[0] : Date.UTC(2022, 0, 1), allHi = starts.length ? starts[starts.length - 1] + DAY : allLo + DAY;
  const view = {t0: 0, t1: 1};
  function setView(lo, hi) {
    const pad = Math.max(DAY, (hi - lo) * 0.06);
    view.t0 = lo - pad; view.t1 = hi + pad;
  }
  {
    const q = (p) => starts[Math.min(starts.length - 1, Math.floor(p * (starts.length - 1)))];
    if (starts.length) setView(q(0.05), q(0.95) + DAY); else setView(allLo, allHi);
  }
  const body = $("tl-body"), spacer = $("tl-spacer"), axis = $("tl-axis");
  const chartW = () => Math.max(100, body.clientWidth - LABEL_W);
  const x = (t) => (t - view.t0) / (view.t1 - view.t0) * chartW();
  const iso = (t) => new Date(t).toISOString().slice(0, 10);
  const STEPS = [3600e3, 6 * 3600e3, DAY, 7 * DAY, 30.44 * DAY, 91.3 * DAY, 365.25 * DAY, 5 * 365.25 * DAY, 10 * 365.25 * DAY, 50 * 365.25 * DAY];
  function ticks() {
    const per = (view.t1 - view.t0) / chartW();
    const step = STEPS.find((s) => s / per >= 90) || STEPS[STEPS.length - 1];
    const out = [];
    const d = new Date(view.t0);
    let t;
    if (step >= 365 * DAY) { const y = Math.ceil(d.getUTCFullYear() / (step / 365.25 / DAY)) * (step / 365.25 / DAY); t = Date.UTC(y, 0, 1); }
    else if (step >= 30 * DAY) { const m = Math.round(step / 30.44 / DAY); t = Date.UTC(d.getUTCFullYear(), Math.ceil(d.getUTCMonth() / m) * m, 1); }
    else if (step === 7 * DAY) { t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + ((8 - d.getUTCDay()) % 7)); }
    else { t = Math.ceil(view.t0 / step) * step; }
    for (let i = 0; t < view.t1 && i < 400; i++) {
      out.push({t, label: step < DAY ? new Date(t).toISOString().slice(0, 16).replace("T", " ") : step >= 365 * DAY ? String(new Date(t).getUTCFullYear()) : step >= 30 * DAY ? new Date(t).toISOString().slice(0, 7) : iso(t)});
      if (step >= 365 * DAY) { const dd = new Date(t); t = Date.UTC(dd.getUTCFullYear() + Math.round(step / 365.25 / DAY), 0, 1); }
      else if (step >= 30 * DAY) { const dd = new Date(t); t = Date.UTC(dd.getUTCFullYear(), dd.getUTCMonth() + Math.round(step / 30.44 / DAY), 1); }
      else t += step;
    }
    return out;
  }
  function bar(span, cls, title) {
    const lo = span.start === null ? view.t0 - DAY : span.start, hi = span.end === null ? view.t1 + DAY : span.end;
    const b = el("div", "bar " + cls + (span.vague ? " vague" : ""));
    const left = Math.max(-5, x(lo)), right = Math.min(chartW() + 5, x(hi));
    b.style.left = LABEL_W + left + "px";
    b.style.width = Math.max(3, right - left) + "px";
    b.title = title;
    b.dataset.date = span.text;
    const t = el("span", "btext", span.text);
    t.style.left = LABEL_W + Math.max(3, right) + 4 + "px";
    return [b, t];
  }
  let selected = null;
  function renderTimeline() {
    const top = body.scrollTop, h = body.clientHeight;
    const first = Math.max(0, Math.floor(top / RH) - 5), last = Math.min(rows.length, Math.ceil((top + h) / RH) + 5);
    spacer.textContent = "";
    axis.textContent = "";
    const frag = document.createDocumentFragment();
    for (const tk of ticks()) {
      const px = x(tk.t);
      if (px < 0) continue;
      const a = el("div", "tick", tk.label); a.style.left = LABEL_W + px + "px"; axis.appendChild(a);
      const g = el("div", "grid"); g.style.left = LABEL_W + px + "px"; g.style.top = top + "px"; g.style.height = h + "px"; frag.appendChild(g);
    }
    for (let i = first; i < last; i++) {
      const item = rows[i], r = item.r;
      const div = el("div", "row " + (item.rep ? "rep" : "own") + (r.id === selected ? " hit" : ""));
      div.style.top = i * RH + "px";
      div.dataset.record = r.id;
      const label = el("div", "label");
      const link = el("a");
      link.href = "#record/" + encodeURIComponent(r.id);
      if (item.rep) {
        link.textContent = item.rep.source + (item.rep.date_text ? " · “" + item.rep.date_text + "”" : "");
        div.dataset.source = item.rep.source;
      } else {
        label.appendChild(el("span", "kind", r.kind === "proposal" ? item.prop : r.kind));
        link.textContent = r.title;
      }
      label.title = link.textContent;
      label.appendChild(link);
      div.appendChild(label);
      if (item.rep && item.rep.span) {
        const why = (D.agreement[item.rep.cls] || item.rep.cls) + (item.rep.code ? " (" + item.rep.code + ")" : "");
        const [b, t] = bar(item.rep.span, item.rep.cls, item.rep.source + ": " + item.rep.span.text + " — " + why);
        b.dataset.cls = item.rep.cls;
        if (item.rep.code) b.dataset.code = item.rep.code;
        b.dataset.report = item.n;
        div.append(b, t);
      } else if (item.own) {
        const [b, t] = bar(item.own, "own", r.title + ": " + item.own.text + " (curated)");
        div.append(b, t);
      }
      frag.appendChild(div);
    }
    spacer.appendChild(frag);
    $("tl-window").textContent = iso(view.t0) + " — " + iso(view.t1) + " · " + rows.length + " rows";
  }
  let pending = false;
  function schedule() { if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; renderTimeline(); }); } }
  body.addEventListener("scroll", schedule, {passive: true});
  window.addEventListener("resize", schedule);
  function zoom(factor, at) {
    const mid = at === undefined ? (view.t0 + view.t1) / 2 : at;
    const span = Math.max(3600e3, Math.min(200 * 365 * DAY, (view.t1 - view.t0) * factor));
    const frac = (mid - view.t0) / (view.t1 - view.t0);
    view.t0 = mid - frac * span; view.t1 = view.t0 + span;
    schedule();
  }
  function pan(px) { const dt = px / chartW() * (view.t1 - view.t0); view.t0 += dt; view.t1 += dt; schedule(); }
  body.addEventListener("wheel", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) {
      e.preventDefault();
      const rect = body.getBoundingClientRect();
      const at = view.t0 + (e.clientX - rect.left - LABEL_W) / chartW() * (view.t1 - view.t0);
      zoom(e.deltaY > 0 ? 1.25 : 0.8, at);
    } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      e.preventDefault();
      pan(e.shiftKey ? e.deltaY : e.deltaX);
    }
  }, {passive: false});
  let drag = null;
  body.addEventListener("mousedown", (e) => { if (e.target.closest("a")) return; drag = e.clientX; });
  window.addEventListener("mousemove", (e) => { if (drag !== null) { pan(drag - e.clientX); drag = e.clientX; } });
  window.addEventListener("mouseup", () => { drag = null; });
  $("z-in").onclick = () => zoom(0.5);
  $("z-out").onclick = () => zoom(2);
  $("z-fit").onclick = () => { setView(allLo, allHi); schedule(); };
  body.addEventListener("click", (e) => {
    const b = e.target.closest(".bar");
    if (b) location.hash = "#record/" + encodeURIComponent(b.closest(".row").dataset.record);
  });
  function focusRecord(r) {
    let lo = Infinity, hi = -Infinity;
    for (const row of r.rows || []) {
      const spans = [row.own, ...row.reports.map((n) => r.reports[n].span)].filter((s) => s && s.start !== null && s.end !== null);
      for (const s of spans) { lo = Math.min(lo, s.start); hi = Math.max(hi, s.end); }
    }
    if (!isFinite(lo)) return;
    const w = Math.max(hi - lo, 2 * DAY);
    view.t0 = lo - w * 1.5; view.t1 = hi + w * 1.5;
    const i = rows.findIndex((row) => row.r === r);
    if (i >= 0) body.scrollTop = Math.max(0, i * RH - 2 * RH);
    schedule();
  }

  // legend
  for (const [cls, text] of [["own", "curated"], ...Object.entries(D.agreement)]) {
    const s = el("span", "sw"); const i = el("i", cls === "own" ? "" : cls); if (cls === "own") i.style.background = "#263238";
    s.title = text; s.append(i, document.createTextNode(cls === "own" ? "curated date" : cls)); $("legend").appendChild(s);
  }

  // --- findings ----------------------------------------------------------------------------------
  let shownFindings = [], limit = 200;
  function recordLink(id) {
    const a = el("a", null, id); a.href = "#record/" + encodeURIComponent(id); return a;
  }
  function findingItem(f) {
    const li = el("li");
    li.dataset.code = f.code; li.dataset.severity = f.severity;
    li.appendChild(el("span", "sev " + f.severity, f.severity));
    const code = el("button", "code", f.code); code.type = "button"; code.title = (D.codes[f.code] || {}).summary || "";
    li.appendChild(code);
    li.appendChild(document.createTextNode(" " + f.message));
    if (f.acknowledged) li.appendChild(el("span", "ack", "acknowledged by a review"));
    const meta = el("div", "where", f.where + (f.records.length ? " · " : ""));
    f.records.forEach((id, k) => { if (k) meta.appendChild(document.createTextNode(", ")); meta.appendChild(byId.has(id) ? recordLink(id) : el("span", null, id)); });
    li.appendChild(meta);
    code.onclick = () => {
      const open = li.querySelector(".doc");
      if (open) { open.remove(); return; }
      const c = D.codes[f.code] || {};
      li.appendChild(el("div", "doc", f.code + " (" + c.severity + "): " + c.summary + "\n\n" + (c.doc || "") + "\n\nFix: " + (f.hint || c.hint || "")));
    };
    return li;
  }
  function renderFindings() {
    const list = $("finding-list");
    list.textContent = "";
    const frag = document.createDocumentFragment();
    for (const f of shownFindings.slice(0, limit)) frag.appendChild(findingItem(f));
    list.appendChild(frag);
    $("findings-head").textContent = "Findings: " + shownFindings.length + " of " + D.findings.length;
    $("more").hidden = shownFindings.length <= limit;
  }
  $("more").onclick = () => { limit += 200; renderFindings(); };

  function apply() {
    buildRows();
    if (body.scrollTop > rows.length * RH) body.scrollTop = 0;
    shownFindings = D.findings.filter(findingPasses);
    limit = 200;
    renderFindings();
    schedule();
  }
  for (const key of ["kind", "actor", "source", "code", "severity"]) {
    $("f-" + key).addEventListener("change", (e) => { filters[key] = e.target.value; apply(); });
  }
  let typing = 0;
  $("f-search").addEventListener("input", (e) => {
    clearTimeout(typing);
    typing = setTimeout(() => { filters.q = e.target.value.trim().toLowerCase(); apply(); }, 150);
  });
  $("f-clear").onclick = () => {
    for (const key of Object.keys(filters)) { filters[key] = ""; const c = $("f-" + (key === "q" ? "search" : key)); c.value = ""; }
    apply();
  };

  // --- detail panel ------------------------------------------------------------------------------
  function value(v) {
    if (Array.isArray(v)) {
      const span = el("span");
      v.forEach((item, k) => { if (k) span.appendChild(document.createTextNode(typeof item === "object" ? "" : ", ")); span.appendChild(value(item)); });
      return span;
    }
    if (v !== null && typeof v === "object") return fields(v);
    if (typeof v === "string" && byId.has(v)) return recordLink(v);
    return el("span", null, v);
  }
  function fields(obj) {
    const dl = el("dl");
    for (const [k, v] of Object.entries(obj)) { dl.appendChild(el("dt", null, k)); const dd = el("dd"); dd.appendChild(value(v)); dl.appendChild(dd); }
    return dl;
  }
  let citing = null;
  function citations(sourceId) {
    if (!citing) {
      citing = new Map();
      for (const r of D.records) (r.reports || []).forEach((rep, n) => {
        if (!citing.has(rep.source)) citing.set(rep.source, []);
        citing.get(rep.source).push([r, n]);
      });
    }
    return citing.get(sourceId) || [];
  }
  function reportCard(r, rep, n) {
    const card = el("div", "report " + (rep.cls || ""));
    card.dataset.report = n;
    const head = el("div");
    if (rep.cls) {
      const b = el("span", "badge " + rep.cls, rep.cls + (rep.code ? " · " + rep.code : ""));
      if (rep.cls === "coarser") b.style.color = "#1b5e20";
      head.appendChild(b);
    }
    head.appendChild(recordLink(rep.source));
    if (rep.date) head.appendChild(el("strong", null, "  " + rep.date));
    if (rep.span && rep.span.zone) head.appendChild(el("span", "muted", " in " + rep.span.zone));
    card.appendChild(head);
    if (rep.date_text) card.appendChild(el("div", null, "Date text: “" + rep.date_text + "”"));
    card.appendChild(el("div", "muted", rep.resolved || (rep.date_text ? "The date text is not read by the resolver (left to the curator)." : "")));
    if (rep.quote) {
      card.appendChild(el("blockquote", null, rep.quote));
      if (rep.at) {
        const a = el("a", null, "show the passage in the source's text");
        a.href = "#source/" + encodeURIComponent(rep.source) + "/" + encodeURIComponent(r.id) + "/" + n;
        card.appendChild(a);
      } else card.appendChild(el("div", "muted", "passage not found in the source's text"));
    }
    if (rep.note) card.appendChild(el("div", "muted", "Note: " + rep.note));
    if (Object.keys(rep.fields || {}).length) card.appendChild(fields(rep.fields));
    return card;
  }
  function showRecord(id, passage) {
    const r = byId.get(id), box = $("detail");
    box.textContent = "";
    if (!r) { box.appendChild(el("p", "muted", "No record " + id)); return; }
    selected = r.id;
    const h = el("h2"); h.appendChild(el("span", "kind", r.kind)); h.appendChild(document.createTextNode(r.title)); box.appendChild(h);
    box.appendChild(el("div", "where", r.id + " · " + r.path));
    for (const row of r.rows || []) if (row.own) box.appendChild(el("div", null, (row.prop === "date" ? "Date" : row.prop) + ": " + row.own.text + (row.own.zone ? " (" + row.own.zone + ")" : "")));
    box.appendChild(el("h3", null, "Curated fields"));
    box.appendChild(fields(r.fields));
    if (r.findings.length) {
      box.appendChild(el("h3", null, "Findings"));
      const ol = el("ol"); ol.id = "record-findings";
      for (const i of r.findings) ol.appendChild(findingItem(D.findings[i]));
      box.appendChild(ol);
    }
    if (r.reports) {
      box.appendChild(el("h3", null, "Reports (" + r.reports.length + ")"));
      r.reports.forEach((rep, n) => box.appendChild(reportCard(r, rep, n)));
    }
    if (r.kind === "source") {
      const text = D.texts[r.id];
      box.appendChild(el("h3", null, "Text"));
      const pre = el("pre", "text"); pre.id = "source-text";
      if (text === undefined) pre.textContent = "(no text file)";
      else if (passage && passage.at) {
        const [a, b] = passage.at;
        pre.append(document.createTextNode(text.slice(0, a)), el("mark", null, text.slice(a, b)), document.createTextNode(text.slice(b)));
      } else pre.textContent = text;
      box.appendChild(pre);

      const cites = citations(r.id);
      box.appendChild(el("h3", null, "Reports citing it (" + cites.length + ")"));
      const ul = el("ol");
      for (const [rec, n] of cites.slice(0, 300)) {
        const li = el("li"); li.appendChild(recordLink(rec.id));
        if (rec.reports[n].at) {
          const a = el("a", null, " · passage"); a.href = "#source/" + encodeURIComponent(r.id) + "/" + encodeURIComponent(rec.id) + "/" + n; li.appendChild(a);
        }
        ul.appendChild(li);
      }
      box.appendChild(ul);
    }
    box.scrollTop = 0;
    const mark = box.querySelector("mark");
    if (mark) {  // scroll the panel and the text to the passage, never the page
      const pre = $("source-text");
      box.scrollTop = pre.getBoundingClientRect().top - box.getBoundingClientRect().top - 40;
      pre.scrollTop += mark.getBoundingClientRect().top - pre.getBoundingClientRect().top - 60;
    }
  }
  function route() {
    let parts;
    try { parts = location.hash.slice(1).split("/").map(decodeURIComponent); } catch (e) { return; }  // a mangled link
    if (parts[0] === "record" && parts[1]) {
      showRecord(parts[1]);
      const r = byId.get(parts[1]);
      if (r && r.rows) focusRecord(r); else schedule();
    } else if (parts[0] === "source" && parts[1]) {
      const r = byId.get(parts[2]);
      const rep = r && r.reports ? r.reports[Number(parts[3])] : null;
      showRecord(parts[1], rep);
      schedule();
    }
  }
  window.addEventListener("hashchange", route);

  const s = D.summary;
  $("summary").textContent = s.records + " records in " + s.files + " files · " + s.errors + " errors, " + s.warnings +
    " warnings, " + s.infos + " infos" + (s.acknowledged ? " (" + s.acknowledged + " acknowledged by reviews)" : "") + " · accord " + D.version;
  apply();
  route();
  renderTimeline();
  window.accordReady = performance.now();
})();
