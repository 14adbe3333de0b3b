// The glossary desk: plain DOM calls against the server's own endpoints. No build step.
"use strict";

const $ = (id) => document.getElementById(id);
const keyBox = $("api-key");
keyBox.value = sessionStorage.getItem("pp-api-key") || "";
keyBox.addEventListener("change", () => sessionStorage.setItem("pp-api-key", keyBox.value));

function apiKey() { return keyBox.value || undefined; }

async function call(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify({ ...body, api_key: apiKey() });
  }
  const response = await fetch(path, options);
  const data = await response.json();
  return { status: response.status, data };
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// text with [start, end, cssClass, title, concept] spans wrapped in <mark>; overlapping spans: the first wins
function highlight(text, spans) {
  const sorted = spans.filter((s) => s[0] < s[1]).sort((a, b) => a[0] - b[0]);
  let html = "", at = 0;
  for (const [start, end, cls, title, concept] of sorted) {
    if (start < at) continue;
    html += escapeHtml(text.slice(at, start));
    html += `<mark class="${cls}" title="${escapeHtml(title || "")}" data-concept="${escapeHtml(concept || "")}">`
      + escapeHtml(text.slice(start, end)) + "</mark>";
    at = end;
  }
  return html + escapeHtml(text.slice(at));
}

// -- tabs ---------------------------------------------------------------------
for (const tab of document.querySelectorAll("nav button")) {
  tab.addEventListener("click", () => {
    for (const other of document.querySelectorAll("nav button")) {
      other.setAttribute("aria-selected", String(other === tab));
      $(other.dataset.panel).hidden = other !== tab;
    }
  });
}

// -- browse -------------------------------------------------------------------
async function loadGlossaries() {
  const { data } = await call("GET", "/v1/glossaries");
  $("glossary").innerHTML = data.map((g) => `<option value="${escapeHtml(g.name)}">${escapeHtml(g.name)} (${g.concepts})</option>`).join("");
  const langs = await call("GET", "/languages");
  const targets = new Set();
  for (const lang of langs.data) for (const t of lang.targets) targets.add(t);
  $("c-target").innerHTML = [...targets].sort().map((t) => `<option>${escapeHtml(t)}</option>`).join("");
}

let searchTimer = null;
async function search() {
  const q = encodeURIComponent($("search").value);
  const g = encodeURIComponent($("glossary").value);
  const key = apiKey() ? `&api_key=${encodeURIComponent(apiKey())}` : "";
  const { status, data } = await call("GET", `/v1/concepts?q=${q}&glossary=${g}${key}`);
  const body = $("results").querySelector("tbody");
  if (status !== 200) { body.innerHTML = `<tr><td colspan="3">${escapeHtml(data.error)}</td></tr>`; return; }
  $("search-count").textContent = `${data.concepts.length} of ${data.total} concepts`;
  body.innerHTML = data.concepts.map((c) => `<tr class="concept" data-id="${escapeHtml(c.id)}">`
    + `<td>${escapeHtml(c.id)}</td><td>${escapeHtml(c.kind)}</td><td>`
    + c.terms.map((t) => `<b>${escapeHtml(t.lang)}</b> ${escapeHtml(t.preferred)}`
      + (t.variants.length ? ` <span class="muted">(${t.variants.map(escapeHtml).join(", ")})</span>` : "")).join("<br>")
    + "</td></tr>").join("");
  for (const row of body.querySelectorAll("tr.concept")) {
    row.addEventListener("click", () => edit(data.concepts.find((c) => c.id === row.dataset.id)));
  }
}
$("search").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 150); });
$("glossary").addEventListener("change", search);

// -- add / edit ---------------------------------------------------------------
function edit(concept) {
  const term = concept.terms[0] || { lang: "", preferred: "", variants: [], forbidden: [] };
  $("f-concept").value = concept.id;
  $("f-kind").value = concept.kind;
  $("f-lang").value = term.lang;
  $("f-preferred").value = term.preferred;
  $("f-variants").value = term.variants.join("\n");
  $("f-forbidden").value = term.forbidden.join("\n");
  $("tab-edit").click();
  lint();
}

function draft() {
  const lines = (id) => $(id).value.split("\n").map((s) => s.trim()).filter(Boolean);
  return {
    glossary: $("glossary").value || undefined, concept: $("f-concept").value.trim(),
    kind: $("f-kind").value, lang: $("f-lang").value.trim(), preferred: $("f-preferred").value,
    variants: lines("f-variants"), forbidden: lines("f-forbidden"),
  };
}

function showIssues(issues) {
  $("lint-issues").innerHTML = issues.map((i) => `<li class="${escapeHtml(i.severity)}">`
    + `<b>${escapeHtml(i.severity)}</b> ${escapeHtml(i.message)} <span class="muted">[${escapeHtml(i.rule)}]</span></li>`).join("");
}

let lintTimer = null;
async function lint() {
  const d = draft();
  if (!d.concept || !d.lang) return;
  const { status, data } = await call("POST", "/v1/concepts/lint", d);
  const box = $("lint-status");
  if (status !== 200) { box.textContent = data.error; box.className = "status bad"; showIssues([]); return; }
  showIssues(data.issues);
  box.textContent = data.ok ? (data.issues.length ? "Can be saved (with warnings)" : "No issues") : "Lint refuses this term";
  box.className = data.ok ? "status ok" : "status bad";
}
for (const id of ["f-concept", "f-kind", "f-lang", "f-preferred", "f-variants", "f-forbidden"]) {
  $(id).addEventListener("input", () => { clearTimeout(lintTimer); lintTimer = setTimeout(lint, 200); });
}

$("term-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const { status, data } = await call("POST", "/v1/concepts", draft());
  const box = $("save-status");
  if (data.saved) {
    box.textContent = `Saved ${data.concept.id} to ${data.glossary}`;
    box.className = "status ok";
    loadGlossaries().then(search);
  } else {
    box.textContent = data.error || "Not saved: lint found errors";
    box.className = "status bad";
  }
  if (data.issues) showIssues(data.issues);
  return status;
});

// -- check a text -------------------------------------------------------------
$("run-check").addEventListener("click", async () => {
  const text = $("c-text").value;
  const source = $("c-source").value.trim() || undefined;
  const target = $("c-target").value;
  const glossaries = [$("glossary").value].filter(Boolean);
  const [scan, normalized, translated] = await Promise.all([
    call("POST", "/v1/scan", { text }),
    call("POST", "/v1/normalize", { text, lang: source, glossaries }),
    call("POST", "/v1/translate", { text, targets: [target], source, glossaries }),
  ]);
  const findings = scan.data.findings || [];
  $("out-scan").innerHTML = highlight(text, findings.map((f) => [f.span[0], f.span[1], "finding", f.message, ""]));
  $("out-findings").innerHTML = findings.map((f) => `<li class="${escapeHtml(f.severity)}">${escapeHtml(f.message)}</li>`).join("");
  const changes = normalized.data.changes || [];
  let shift = 0;
  const spans = changes.map((c) => { // change spans refer to the input: move them onto the output
    const start = c.span[0] + shift;
    shift += c.after.length - c.before.length;
    return [start, c.span[1] + shift, "change", c.reason, ""];
  });
  $("out-normalized").innerHTML = highlight(normalized.data.text || "", spans);
  if (translated.status !== 200) {
    $("out-translation").textContent = translated.data.error;
    return;
  }
  const stage = translated.data.report.documents[0].stages.find((s) => s.stage === `translate:${target}`);
  const checks = stage ? stage.data.term_checks : [];
  const cls = (c) => (c.status === "missing" || c.status === "forbidden" ? "term-bad" : "term-ok");
  $("out-source").innerHTML = highlight(translated.data.source,
    checks.filter((c) => c.source_span).map((c) => [c.source_span[0], c.source_span[1], cls(c), c.status, c.concept]));
  const qa = (stage ? stage.findings || [] : []).filter((f) => f.span)
    .map((f) => [f.span[0], f.span[1], "finding", f.message, ""]);
  $("out-translation").innerHTML = highlight(translated.data.translations[target],
    checks.filter((c) => c.target_span).map((c) => [c.target_span[0], c.target_span[1], cls(c), `${c.concept}: ${c.status}`, c.concept])
      .concat(qa));
  $("out-qa").innerHTML = (stage ? stage.findings || [] : [])
    .map((f) => `<li class="${escapeHtml(f.severity)}">${escapeHtml(f.message)}</li>`).join("");
  $("out-checks").querySelector("tbody").innerHTML = checks.map((c) => `<tr class="${cls(c)}" data-concept="${escapeHtml(c.concept)}">`
    + `<td>${escapeHtml(c.concept)}</td><td>${escapeHtml(c.status)}</td><td>${escapeHtml(c.expected || "")}</td>`
    + `<td>${escapeHtml(c.found || "")}</td></tr>`).join("");
});

loadGlossaries().then(search);
