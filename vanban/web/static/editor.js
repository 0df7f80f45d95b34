/* vanban editor: a form built from the model's JSON schema, the body as a tree,
   problems and numbering from /api/review, page images from /api/preview. */
"use strict";
(function () {
  const boot = JSON.parse(document.getElementById("doc-data").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const F = boot.form;
  const INLINE = new Set(["can_cu", "mo_dau", "ket_thuc"]);
  const LONG = new Set(["trich_yeu", "tham_quyen"]);
  let state = boot.data, version = boot.version, dirty = false, uid = 0;
  const parts = {};   // history.js, autosave.js, paste.js: set up at the end, once ctx exists
  const formEl = document.getElementById("doc-form");
  const statusEl = document.getElementById("status");

  const { el, btn, T, label, resolve, getIn, setIn, linesOf, human } = window.vanbanParts.util(F);
  // Tables and appendices (static/table_editor.js, static/appendix_editor.js) plug into the tree here.
  const X = window.vanbanTree ? window.vanbanTree({ el, btn, T, label, op, changed, renderList, linesOf, post, numbering: F.numbering,
    warn: (text) => setStatus(text, "warn"), state: () => state }) : null;

  // ------------------------------------------------------------ fields
  function fieldBox(path, control, opts) {
    const info = label(path), id = control.id;
    if (F.placeholders[path]) control.setAttribute("placeholder", F.placeholders[path]);
    const box = el("div", { class: "field" + (opts && opts.wide ? " wide" : ""), "data-path": path });
    if (control.type === "checkbox") {
      box.append(control, el("label", { for: id, text: info.label }));
    } else {
      box.append(el("label", { for: id, text: info.label }), control);
    }
    if (info.help) {
      const hid = id + "-help";
      box.append(el("p", { class: "help", id: hid, text: info.help }));
      control.setAttribute("aria-describedby", hid);
    }
    box.append(el("div", { class: "msgs" }));
    return box;
  }

  function control(keys, s, required) {
    const path = keys.join("."), id = "f-" + keys.join("-"), value = getIn(state, keys);
    const r = resolve(s);
    const update = (v) => { setIn(state, keys, v); dropEmptyLeftSigner(keys); changed(); };
    if (path === "ngay") {   // typed as 15/12/2026; the model reads that (vanban.decree.vn.parse_typed_date)
      const shown = String(value || "").split("-").reverse().join("/");
      const box = fieldBox(path, el("input", { id, type: "text", value: shown, inputmode: "numeric",
        oninput: (e) => update(e.target.value.trim() || undefined) }));
      box.querySelector("label").after(el("input", { type: "date", "data-fills": id, class: "pick", "aria-label": T("date_pick"),
        onchange: (e) => { const [y, m, d] = e.target.value.split("-"); if (y) { box.querySelector("#" + id).value = `${d}/${m}/${y}`; update(`${d}/${m}/${y}`); } } }));
      return box;
    }
    if (r.enum) {
      const names = r.def === "Loai" ? F.kinds : r.def === "Mau" ? F.profiles : path === "kieu_muc" ? F.numbering : {};
      const sel = el("select", { id, onchange: (e) => { update(e.target.value); applyKind(); } });
      for (const v of r.enum) sel.append(el("option", { value: v, text: names[v] || v, selected: v === value }));
      return fieldBox(path, sel);
    }
    if (r.type === "boolean") {
      return fieldBox(path, el("input", { id, type: "checkbox", checked: !!value,
        onchange: (e) => { update(e.target.checked || undefined); if (path === "lien_tich") applyKind(); } }));
    }
    if (r.type === "integer") {
      return fieldBox(path, el("input", { id, type: "number", min: 1, value: value == null ? "" : value,
        oninput: (e) => update(e.target.value === "" ? undefined : parseInt(e.target.value, 10)) }));
    }
    if (path === "ky_them") return signerList(keys, resolve(r.items));
    if (r.type === "array") {
      const list = Array.isArray(value) ? value : value ? [value] : [];
      const ta = el("textarea", { id, rows: Math.max(2, list.length + 1), "data-inline": INLINE.has(path) || null,
        oninput: (e) => { const v = linesOf(e.target.value); update(v.length || required ? v : undefined); } });
      ta.value = list.join("\n");
      return fieldBox(path, ta, { wide: true });
    }
    if (r.type === "object" && r.properties) {
      const fs = el("fieldset", { class: "group", "data-path": path }, el("legend", { text: label(path).label }));
      // A group only some kinds have says whom it is for (the left signer: secretary, party A).
      if (F.kind_fields[path] && label(path).help) fs.append(el("p", { class: "help", text: label(path).help }));
      for (const [k, sub] of Object.entries(r.properties)) {
        fs.append(control(keys.concat(k), sub, (r.required || []).includes(k)));
      }
      fs.append(el("div", { class: "msgs" }));
      return fs;
    }
    const input = LONG.has(path) ? el("textarea", { id, rows: 2 }) : el("input", { id, type: "text" });
    input.value = value || "";
    input.addEventListener("input", (e) => update(e.target.value === "" && !required ? undefined : e.target.value));
    return fieldBox(path, input, { wide: LONG.has(path) });
  }

  // Further parties signing side by side (ky_them): one group of the signer's boxes each, added and removed.
  function signerList(keys, item) {
    const list = getIn(state, keys) || [], path = keys.join(".");
    const fs = el("fieldset", { class: "group", "data-path": path }, el("legend", { text: label(path).label }));
    if (label(path).help) fs.append(el("p", { class: "help", text: label(path).help }));
    list.forEach((_signer, i) => {
      const one = el("fieldset", { class: "group", "data-path": `${path}.${i}` }, el("legend", { text: T("signer_n", { n: i + 3 }) }));
      for (const [k, sub] of Object.entries(item.properties)) one.append(control(keys.concat(i, k), sub, (item.required || []).includes(k)));
      one.append(btn(T("remove_signer"), T("remove_signer"), false, () => { list.splice(i, 1); if (!list.length) setIn(state, keys, undefined); build(); changed(); }));
      fs.append(one);
    });
    fs.append(btn(T("add_signer"), T("add_signer"), false, () => { setIn(state, keys, list.concat([{ chuc_vu: "" }])); build(); changed(); }));
    fs.append(el("div", { class: "msgs" }));
    return fs;
  }

  // A left signer whose boxes were all emptied is no left signer: one signature, not an empty block.
  function dropEmptyLeftSigner(keys) {
    const left = state.ky_ben_trai;
    if (keys[0] === "ky_ben_trai" && left && !Object.values(left).some((v) => v != null && String(v).trim() !== "")) {
      delete state.ky_ben_trai;
    }
  }

  // ------------------------------------------------------------ body tree
  const treeBox = el("div", { class: "field wide tree-field", "data-path": "noi_dung" });
  const notesBox = el("div", { class: "field wide", "data-path": "chu_thich" });

  function collapse(node) {
    // A section left with one untitled paragraph prints as that paragraph: keep it one.
    if (node && typeof node === "object" && !node.tieu_de && (node.doan || []).length <= 1 &&
        !(node.muc || []).length && !(node.sau || []).length && !node.kieu_muc) return (node.doan || [""])[0] || "";
    return node;
  }
  // Keyboard use of the tree: after an action the focus stays in the tree, never falls to the page's
  // top. A move keeps it on the same move button of the moved section (press ↓ again to go on); an
  // added part gets it in its first box; after a delete, the part that took the place, else the one before.
  const MOVES = new Set(["move_up", "move_down", "outdent", "indent"].map((k) => T(k)));
  function focusAt(path, label) {
    const box = path && treeBox.querySelector(`[data-path="${path}"]`);
    if (!box) return false;
    const tools = box.querySelector(":scope > .tools");
    const same = label && tools && [...tools.querySelectorAll("button")].find((b) => b.getAttribute("aria-label") === label && !b.disabled);
    const target = same || box.querySelector(".node-text") || box.querySelector("input, textarea, select, button:not([disabled])");
    if (target) target.focus();
    return !!target;
  }
  function op(fn, focusPath) {
    const was = document.activeElement, label = was && was.getAttribute("aria-label");
    const from = was && treeBox.contains(was) && was.closest("[data-path]") ? was.closest("[data-path]").dataset.path : null;
    parts.history.record();
    fn();
    renderTree();
    treeBox.querySelectorAll("textarea").forEach(fit);
    changed();
    if (focusPath && focusAt(focusPath, MOVES.has(label) ? label : null)) return;
    if (!from) return;
    const n = +(from.match(/(\d+)$/) || [])[1];
    const before = n > 0 ? from.replace(/\d+$/, n - 1) : null, parent = from.replace(/\.(muc|noi_dung)\.\d+$/, "");
    if (!focusAt(from) && !focusAt(before) && !focusAt(parent)) {
      const end = treeBox.querySelector(".tree-add button");
      if (end) end.focus();
    }
  }

  function renderList(list, base, parent) {
    const ol = el("ol", { class: "tree" });
    list.forEach((_, i) => ol.append(renderNode(list, i, `${base}.${i}`, parent)));
    return ol;
  }

  function renderNode(list, i, path, parent) {
    if (X && X.isTable(list[i])) return X.tableNode(list, i, path);
    const node = list[i], isMuc = typeof node === "object" && node !== null;
    const li = el("li", { class: "node" + (isMuc ? " muc" : ""), "data-path": path });
    const marker = el("span", { class: "marker", "data-marker-for": path, "aria-hidden": "true" });
    let text;
    if (isMuc) {
      text = el("textarea", { class: "node-text heading", id: "n" + ++uid, rows: 1,
        placeholder: T("no_heading"), "aria-label": T("heading_of", { path: human(path) }), "data-inline": true,
        onkeydown: (e) => { if (e.key === "Enter") e.preventDefault(); },
        oninput: (e) => { const v = e.target.value.replace(/\n/g, " "); if (v) node.tieu_de = v; else delete node.tieu_de; changed(); } });
      text.value = node.tieu_de || "";
    } else {
      text = el("textarea", { class: "node-text", id: "n" + ++uid, rows: 2, "aria-label": T("paragraph_at", { path: human(path) }),
        "data-inline": true, oninput: (e) => { list[i] = e.target.value; changed(); } });
      text.value = node;
      text.vanbanNode = { list, index: i };   // where a paste from Word puts its paragraphs
    }
    const parentPath = path.replace(/\.muc\.\d+$/, "");
    const tools = el("div", { class: "tools", role: "group", "aria-label": T("actions_on", { path: human(path) }) },
      btn("↑", T("move_up"), i === 0, () => op(() => { [list[i - 1], list[i]] = [list[i], list[i - 1]]; }, path.replace(/\d+$/, i - 1))),
      btn("↓", T("move_down"), i === list.length - 1, () => op(() => { [list[i + 1], list[i]] = [list[i], list[i + 1]]; }, path.replace(/\d+$/, i + 1))),
      btn("←", T("outdent"), !parent, () => op(() => {
        const host = parent.list[parent.index];
        const [moved] = host.muc.splice(i, 1);
        parent.list.splice(parent.index + 1, 0, moved);
        parent.list[parent.index] = collapse(host);
      }, parentPath.replace(/\d+$/, parent ? parent.index + 1 : 0))),
      btn("→", T("indent"), i === 0 || !!(X && X.isTable(list[i - 1])), () => op(() => {
        let prev = list[i - 1];
        if (typeof prev !== "object") prev = list[i - 1] = { doan: [prev], muc: [] };
        prev.muc = prev.muc || [];
        prev.muc.push(list.splice(i, 1)[0]);
      }, `${path.replace(/\d+$/, i - 1)}.muc.${isMuc || typeof list[i - 1] !== "object" ? ((list[i - 1] || {}).muc || []).length : list[i - 1].muc.length}`)),
      btn(T("add_paragraph_short"), T("add_paragraph_after"), false, () => op(() => list.splice(i + 1, 0, ""), path.replace(/\d+$/, i + 1))),
      btn(T("add_section_short"), T("add_section_after"), false, () => op(() => list.splice(i + 1, 0, { tieu_de: "", muc: [] }), path.replace(/\d+$/, i + 1))),
      btn(T("add_sub_short"), T("add_sub"), false, () => op(() => {
        if (!isMuc) list[i] = { doan: [node], muc: [] };
        (list[i].muc = list[i].muc || []).push("");
      }, `${path}.muc.${isMuc ? (node.muc || []).length : 0}`)),
      X && X.addButton(list, i, path),
      btn("✕", T("delete_section"), false, () => {
        if (isMuc && (node.muc || []).length && !window.confirm(T("delete_section_confirm"))) return;
        op(() => { list.splice(i, 1); if (parent) parent.list[parent.index] = collapse(parent.list[parent.index]); });
      }));
    li.append(el("div", { class: "node-head" }, marker, text), tools, el("div", { class: "msgs" }));
    if (isMuc) {
      const doanId = "n" + ++uid;
      const doan = el("textarea", { id: doanId, rows: Math.max(1, (node.doan || []).length), "data-inline": true,
        class: "doan", "aria-label": T("paragraphs_under", { path: human(path) }), placeholder: T("paragraphs_under_hint"),
        oninput: (e) => { node.doan = linesOf(e.target.value); changed(); } });
      doan.value = (node.doan || []).join("\n");
      const doanBox = el("div", { class: "sub", "data-path": path + ".doan" }, doan, el("div", { class: "msgs" }));
      li.append(X ? X.items(node, "doan", path, doanBox, true) : doanBox);
      li.append(renderList(node.muc || (node.muc = []), path + ".muc", { list, index: i }));
      const kind = el("select", { id: "n" + ++uid, "aria-label": T("sub_numbering"),
        onchange: (e) => { if (e.target.value) node.kieu_muc = e.target.value; else delete node.kieu_muc; changed(); } });
      // Chapters number a body's top level only (the model refuses them on a section).
      for (const [v, name] of Object.entries(F.numbering).filter(([v]) => v !== "chuong")) kind.append(el("option", { value: v, text: name, selected: (node.kieu_muc || "") === v }));
      const sau = el("textarea", { id: "n" + ++uid, rows: 1, "data-inline": true, "aria-label": T("after_subs_at", { path: human(path) }),
        oninput: (e) => { node.sau = linesOf(e.target.value); changed(); } });
      sau.value = (node.sau || []).join("\n");
      li.append(el("details", { class: "more", open: !!(node.kieu_muc || (node.sau || []).length) },
        el("summary", { text: T("section_options") }),
        el("label", { for: kind.id, text: T("sub_numbering") }), kind,
        el("label", { for: sau.id, text: T("after_subs") }), X ? X.items(node, "sau", path, sau, false) : sau));
    }
    return li;
  }


  function renderTree() {
    const info = label("noi_dung");
    treeBox.replaceChildren(el("h2", { class: "field-title", text: info.label }), el("p", { class: "help", text: info.help }),
      renderList(state.noi_dung || (state.noi_dung = []), "noi_dung", null),
      el("div", { class: "tree-add" },
        btn(T("add_paragraph"), T("add_paragraph_end"), false, () => op(() => state.noi_dung.push(""), `noi_dung.${state.noi_dung.length}`)),
        btn(T("add_section"), T("add_section_end"), false, () => op(() => state.noi_dung.push({ tieu_de: "", muc: [] }), `noi_dung.${state.noi_dung.length}`)),
        X && X.addButton(state.noi_dung, state.noi_dung.length - 1, "noi_dung", true)),
      el("div", { class: "msgs" }), X && X.appendices());
    refreshMarkers();
  }

  function renderNotes(focusKey) {
    const info = label("chu_thich"), notes = state.chu_thich || {};
    const rows = Object.keys(notes).map((key) => {
      const id = "note-" + key;
      const ta = el("textarea", { id, rows: 2, "data-inline": true,
        oninput: (e) => { state.chu_thich[key] = linesOf(e.target.value); changed(); } });
      ta.value = (notes[key] || []).join("\n");
      return el("div", { class: "note", "data-path": "chu_thich." + key },
        el("label", { for: id, text: `[^${key}]` }), ta,
        btn("✕", T("delete_note", { key }), false, () => { delete state.chu_thich[key]; renderNotes(); changed(); }),
        el("div", { class: "msgs" }));
    });
    notesBox.replaceChildren(el("h2", { class: "field-title", text: info.label }), el("p", { class: "help", text: info.help }),
      ...rows, el("div", { class: "msgs" }));
    notesBox.querySelectorAll("textarea").forEach(fit);
    if (focusKey) document.getElementById("note-" + focusKey).focus();
  }

  // ------------------------------------------------------------ review, preview, save
  let markers = {}, reviewTimer = null, previewTimer = null, previewAbort = null;
  function refreshMarkers() {
    document.querySelectorAll("[data-marker-for]").forEach((m) => { m.textContent = markers[m.dataset.markerFor] || ""; });
  }
  function place(field) {
    let probe = field;
    while (probe) {
      const box = formEl.querySelector(`[data-path="${probe}"]`);
      if (box) return box.querySelector(":scope > .msgs") || box;
      probe = probe.includes(".") ? probe.replace(/\.[^.]*$/, "") : "";
    }
    return document.getElementById("general-problems");
  }
  function showReview(r) {
    formEl.querySelectorAll(".msgs").forEach((m) => m.replaceChildren());
    formEl.querySelectorAll(".has-problem").forEach((m) => m.classList.remove("has-problem"));
    document.getElementById("general-problems").replaceChildren();
    for (const p of r.problems || []) {
      const box = place(p.field);
      // Away from its field (a hidden part), the problem says which field it is by the form's label.
      const where = box.id === "general-problems" && p.label ? p.label + ": " : "";
      box.append(el("p", { class: "msg error", text: T("problem", { message: where + p.message }) }));
      if (box.parentElement) box.parentElement.classList.add("has-problem");
    }
    for (const f of r.findings || []) {
      const box = place(f.field);
      const detail = f.expected ? T("finding_detail", { expected: f.expected, found: f.found }) : "";
      box.append(el("p", { class: "msg finding", text: T("finding", { title: f.title }) + detail }));
    }
    markers = r.markers || markers;
    refreshMarkers();
  }
  const tab = Math.random().toString(36).slice(2);   // this tab's previews supersede each other
  async function post(url, body, signal) {
    const res = await fetch(url, { method: "POST", signal,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "X-Vanban-Tab": tab },
      body: JSON.stringify(body) });
    let data = {};
    try { data = await res.json(); } catch (e) { data = { error: T("server_error", { status: res.status }) }; }
    return { status: res.status, data };
  }
  async function review() {
    const { data } = await post("/api/review", state);
    showReview(data);
  }
  async function preview() {
    if (previewAbort) previewAbort.abort();
    previewAbort = new AbortController();
    const note = document.getElementById("preview-note");
    note.textContent = T("preview_updating");
    let res;
    try { res = await post("/api/preview", state, previewAbort.signal); } catch (e) { return; }
    const r = res.data;
    if (r.superseded) return;
    showReview(r);
    if (!r.pages) { note.textContent = r.preview_error || T("preview_blocked"); return; }
    const box = document.getElementById("preview");
    box.replaceChildren(...r.pages.map((src, k) => el("img", { src, alt: T("page_alt", { n: k + 1 }), width: 595, height: 842 })));
    box.dataset.key = r.key;
    document.getElementById("preview-pages").textContent = T("pages", { shown: r.pages.length, total: r.total });
    note.textContent = T("preview_done");
  }
  function changed() {
    dirty = true;
    parts.history.changed(); parts.autosave.changed();
    setStatus(T("unsaved"), "dirty");
    clearTimeout(reviewTimer); clearTimeout(previewTimer);
    reviewTimer = setTimeout(review, 120);
    previewTimer = setTimeout(preview, 350);
  }
  const alertEl = document.getElementById("alert");
  function setStatus(text, kind) {
    // A long message (a conflict, a refusal) goes to the banner; the pill keeps a short state.
    const long = kind === "error" || kind === "warn";
    statusEl.textContent = long ? (kind === "error" ? T("unsaved") : statusEl.textContent) : text;
    statusEl.className = "status " + (kind === "warn" ? "dirty" : kind || "");
    alertEl.textContent = long ? text : "";
  }
  async function save() {
    setStatus(T("saving"));
    const { status, data } = await post(`/api/save/${encodeURIComponent(boot.name)}`, { data: state, version });
    if (status === 200) {
      version = data.version; dirty = false; parts.autosave.saved();
      setStatus(T("saved_at", { time: new Date().toLocaleTimeString(document.documentElement.lang) }), "saved");
      showReview(data);
      return true;
    }
    if (data.problems) showReview(data);
    setStatus(data.error || T("save_failed", { status }), "error");
    if (status === 409) parts.autosave.conflict(data.theirs, data.theirs_version);
    return false;
  }
  document.getElementById("btn-save").addEventListener("click", save);
  document.addEventListener("keydown", (e) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    if (e.key === "s") { e.preventDefault(); save(); }
    const inline = e.target.dataset && "inline" in e.target.dataset;
    if (inline && (e.key === "b" || e.key === "i")) { e.preventDefault(); parts.format.wrap(e.key === "b" ? "**" : "*"); }
  });
  for (const id of ["btn-docx", "btn-pdf"]) {
    document.getElementById(id).addEventListener("click", async (e) => {
      if (!dirty) return;
      e.preventDefault();
      if (await save()) window.location.href = e.currentTarget.href || document.getElementById(id).href;
    });
  }
  const issueLink = document.getElementById("btn-issue");
  issueLink.addEventListener("click", async (e) => {
    if (!dirty) return;
    e.preventDefault();
    if (await save()) window.location.href = issueLink.href;
  });
  window.addEventListener("beforeunload", (e) => { if (dirty) { e.preventDefault(); e.returnValue = ""; } });

  // Text areas grow with their text, so a paragraph is read whole.
  function fit(t) { t.style.height = "auto"; t.style.height = t.scrollHeight + 2 + "px"; }
  document.addEventListener("input", (e) => { if (e.target.tagName === "TEXTAREA") fit(e.target); });
  const fitAll = () => formEl.querySelectorAll("textarea").forEach(fit);

  // ------------------------------------------------------------ build
  // Fields only some kinds print are hidden for the others, unless they hold text; the parts the
  // kind requires before issuing are marked (vanban.model.required, the table check uses).
  function applyKind() {
    const kind = state.loai, needed = new Set(F.required[kind] || []);
    for (const [path, kinds] of Object.entries(F.kind_fields)) {
      const box = formEl.querySelector(`[data-path="${path}"]`);
      // A joint document (liên tịch) of any kind has the signers of the other agencies.
      const joint = state.lien_tich && path.startsWith("ky_");
      if (box) box.hidden = !kinds.includes(kind) && !getIn(state, path.split(".")) && !joint;
    }
    formEl.querySelectorAll("[data-path]").forEach((box) => {
      const on = needed.has(box.dataset.path);
      box.classList.toggle("required", on);
      const input = box.querySelector(":scope > input, :scope > textarea");
      if (input) { if (on) input.setAttribute("aria-required", "true"); else input.removeAttribute("aria-required"); }
    });
    document.getElementById("btn-issue").hidden = state.so != null;   // issued: no second number
  }
  const props = F.schema.properties, required = F.schema.required || [];
  function build() {
    formEl.replaceChildren(parts.format.toolbar);
    for (const [key, s] of Object.entries(props)) {
      if (key === "noi_dung") { formEl.append(treeBox); renderTree(); continue; }
      if (key === "chu_thich") { formEl.append(notesBox); renderNotes(); continue; }
      if (key === "phu_luc" && X) continue;   // drawn in the tree
      formEl.append(control([key], s, required.includes(key)));
    }
    applyKind();
    fitAll();
  }
  const ctx = { name: boot.name, T, el, btn, post, setStatus, save, changed, renderNotes, rebuild: () => { build(); changed(); },
    getState: () => state, setState: (s) => { state = s; build(); changed(); }, getVersion: () => version,
    setVersion: (v) => { version = v; }, markSaved: () => { dirty = false; setStatus(T("saved_at", { time: "" }), "saved"); review(); preview(); } };
  parts.history = window.vanbanParts.history(ctx);
  ctx.history = parts.history;
  parts.autosave = window.vanbanParts.autosave(ctx);
  parts.paste = window.vanbanParts.paste(ctx);
  parts.format = window.vanbanParts.format(ctx);
  parts.format.toolbar.append(...parts.history.buttons);
  const previewBtn = document.getElementById("btn-preview");
  previewBtn.addEventListener("click", () => {
    const hidden = document.body.classList.toggle("no-preview");
    previewBtn.textContent = T(hidden ? "preview_show" : "preview_hide");
    previewBtn.setAttribute("aria-expanded", String(!hidden));
  });
  build();
  window.addEventListener("resize", fitAll);
  window.vanbanEditor = { state: () => state, save, undo: parts.history.undo, redo: parts.history.redo };
  parts.autosave.offer();
  review();
  preview();
})();
