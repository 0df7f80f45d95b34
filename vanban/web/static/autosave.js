/* Never lose work: a copy of the document in this browser (localStorage) a second after each
   change, offered back after a reload or a crash, dropped once saved; and a save refused because
   another tab saved first shows both versions and lets her keep hers. */
"use strict";
window.vanbanParts = window.vanbanParts || {};
window.vanbanParts.autosave = function (ctx) {
  const key = "vanban:draft:" + location.host + ":" + ctx.name;
  let timer = null, serverTimer = null;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const draftUrl = "/api/draft/" + encodeURIComponent(ctx.name);
  // The server's copy (.<name>.nhap beside the document), read from the page's boot data.
  let serverDraft = null;
  try { serverDraft = JSON.parse(document.getElementById("doc-data").textContent).draft || null; } catch (e) { serverDraft = null; }

  function post(url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {}) }).catch(() => null);   // offline: the browser's copy still holds
  }
  function store() {
    try {
      localStorage.setItem(key, JSON.stringify({ state: ctx.getState(), version: ctx.getVersion(), at: Date.now() }));
    } catch (e) { /* storage full or disabled: the server copy is all there is */ }
  }
  function storeOnServer() { post(draftUrl, { data: ctx.getState(), version: ctx.getVersion() }); }
  function changed() {
    clearTimeout(timer); timer = setTimeout(store, 800);
    clearTimeout(serverTimer); serverTimer = setTimeout(storeOnServer, 3000);
  }
  function saved() {
    clearTimeout(timer); clearTimeout(serverTimer);
    try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }
  function discard() { saved(); post(draftUrl + "/discard"); }

  function banner(kids) {
    const box = ctx.el("div", { class: "banner", role: "alertdialog", "aria-live": "assertive" }, ...kids);
    // A dialog needs a name (axe: aria-dialog-name): its first line says what it is about.
    const first = box.querySelector("p");
    if (first) { first.id = first.id || "banner-" + Math.random().toString(36).slice(2); box.setAttribute("aria-labelledby", first.id); }
    document.getElementById("alert").after(box);
    return box;
  }
  // After a reload or a crash: the kept copy, if it differs from what the file says.
  function offer() {
    let kept = null, source = "recover_found";   // whose copy is offered decides what the banner says
    try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
    // The newer of the browser's copy and the server's (another computer, a cleared browser).
    // The same text in both is the browser's copy (this browser typed it); the server's is offered
    // only when it is newer AND says something else.
    if (serverDraft && (!kept || (serverDraft.at * 1000 > kept.at &&
        JSON.stringify(serverDraft.data) !== JSON.stringify(kept.state)))) {
      kept = { state: serverDraft.data, version: serverDraft.version, at: serverDraft.at * 1000 };
      source = "recover_found_server";
    }
    if (!kept || JSON.stringify(kept.state) === JSON.stringify(ctx.getState())) { saved(); return; }
    const time = new Date(kept.at).toLocaleString(document.documentElement.lang);
    const restore = ctx.btn(ctx.T("recover"), ctx.T("recover"), false, () => {
      ctx.setState(kept.state); box.remove(); ctx.changed(); ctx.setStatus(ctx.T("recovered"), "warn");
    });
    restore.classList.add("primary");
    const box = banner([ctx.el("p", { class: "recover-source", "data-source": source === "recover_found" ? "browser" : "server",
      text: ctx.T(source, { time }) }),
      kept.version !== ctx.getVersion() ? ctx.el("p", { text: ctx.T("recover_newer") }) : null,
      restore, ctx.btn(ctx.T("discard"), ctx.T("discard"), false, () => { discard(); box.remove(); })]);
    restore.focus();
  }

  // The document as lines "field: text", to show two versions side by side.
  function lines(data, prefix, out) {
    if (Array.isArray(data)) data.forEach((v, i) => lines(v, `${prefix}.${i + 1}`, out));
    else if (data && typeof data === "object") for (const [k, v] of Object.entries(data)) lines(v, prefix ? `${prefix}.${k}` : k, out);
    else out.set(prefix, prefix === "ngay" ? String(data).split("-").reverse().join("/") : String(data));   // one date, one spelling
    return out;
  }
  // A save refused with 409: both versions, the differing lines marked; keep hers or take theirs.
  function conflict(theirs, theirVersion) {
    document.querySelectorAll(".banner.conflict").forEach((b) => b.remove());
    const mine = lines(ctx.getState(), "", new Map()), other = lines(theirs || {}, "", new Map());
    const rows = [];
    for (const path of new Set([...mine.keys(), ...other.keys()])) {
      if (mine.get(path) === other.get(path)) continue;
      rows.push(ctx.el("tr", {}, ctx.el("th", { scope: "row", text: path }),
        ctx.el("td", { text: mine.get(path) ?? "—" }), ctx.el("td", { text: other.get(path) ?? "—" })));
    }
    const table = ctx.el("table", { class: "docs diff" },
      ctx.el("thead", {}, ctx.el("tr", {}, ctx.el("th", { text: "" }), ctx.el("th", { scope: "col", text: ctx.T("conflict_mine") }),
        ctx.el("th", { scope: "col", text: ctx.T("conflict_theirs") }))),
      ctx.el("tbody", {}, ...(rows.length ? rows : [ctx.el("tr", {}, ctx.el("td", { colspan: 3, text: ctx.T("conflict_same") }))])));
    const keep = ctx.btn(ctx.T("keep_mine"), ctx.T("keep_mine"), !theirVersion, async () => {
      ctx.setVersion(theirVersion); box.remove(); await ctx.save();
    });
    keep.classList.add("primary");
    const take = ctx.btn(ctx.T("take_theirs"), ctx.T("take_theirs"), !theirs, () => {
      ctx.setState(theirs); ctx.setVersion(theirVersion); box.remove(); saved(); ctx.markSaved();
    });
    const box = banner([ctx.el("p", { text: ctx.T("conflict_title") }), table, keep, take]);
    box.classList.add("conflict");
    keep.focus();
  }
  return { changed, saved, offer, conflict };
};
