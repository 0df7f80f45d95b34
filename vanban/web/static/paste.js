/* Paste from Word: the pasted text goes through the server's cleaner (vanban.model.paste, the
   same function import can use), so lines become paragraphs or items, typed numbers and dashes
   become the document's own structure, and tabs, no-break spaces and soft hyphens go. A notice
   says what changed, with a button that undoes the paste. */
"use strict";
window.vanbanParts = window.vanbanParts || {};
window.vanbanParts.paste = function (ctx) {
  const NEEDS = /[\n\r\t\u00a0\u00ad\u202f\u200b]|^\s*([-–+•·\uf0b7]|\d+[.)]|[a-zđ]\))\s/;

  function insertAt(field, text) {
    const s = field.selectionStart ?? field.value.length, e = field.selectionEnd ?? s;
    field.value = field.value.slice(0, s) + text + field.value.slice(e);
    field.setSelectionRange(s + text.length, s + text.length);
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function notice(changes) {
    if (!changes.length) return;
    const box = document.getElementById("paste-note");
    box.replaceChildren(ctx.el("span", { text: ctx.T("pasted", { changes: changes.join("; ") }) }),
      ctx.btn(ctx.T("paste_undo"), ctx.T("paste_undo"), false, () => { ctx.history.undo(); box.replaceChildren(); }));
  }
  async function onPaste(e) {
    const field = e.target;
    if (!(field.tagName === "TEXTAREA" || field.tagName === "INPUT") || field.type === "number") return;
    const text = (e.clipboardData || window.clipboardData).getData("text/plain");
    if (!text || !NEEDS.test(text)) return;
    e.preventDefault();
    ctx.history.record();
    let got;
    try {
      const res = await ctx.post("/api/paste", { text });
      if (res.status !== 200) throw new Error(res.status);
      got = res.data;
    } catch (err) { insertAt(field, text); ctx.setStatus(ctx.T("paste_failed"), "warn"); return; }
    const place = field.vanbanNode;   // a paragraph of the body tree: {list, index}
    if (place && field.classList.contains("node-text") && !field.classList.contains("heading")) {
      // Into an empty paragraph: the pasted items replace it; otherwise they follow it.
      const empty = !field.value.trim();
      place.list.splice(place.index + (empty ? 0 : 1), empty ? 1 : 0, ...got.nodes);
      ctx.rebuild();
    } else if (field.tagName === "TEXTAREA" && field.closest("[data-path]")) {
      const path = field.closest("[data-path]").dataset.path;
      // Kính gửi and Nơi nhận print their own dashes: the typed ones go.
      const lines = ["kinh_gui", "noi_nhan", "luu"].includes(path) ? got.items : got.lines;
      insertAt(field, lines.join("\n"));
    } else {
      insertAt(field, got.lines.join(" "));
    }
    notice(got.changes);
  }
  document.getElementById("doc-form").addEventListener("paste", onPaste);
  return { onPaste };
};
