/* Inline formatting in a paragraph: bold, italic (Markdown marks the model reads) and footnotes.
   The toolbar acts on the last text box that had the focus. */
"use strict";
window.vanbanParts = window.vanbanParts || {};
window.vanbanParts.format = function (ctx) {
  const { el, T } = ctx;
  let lastField = null;
  function wrap(mark) {
    const f = lastField;
    if (!f) return;
    const s = f.selectionStart, e = f.selectionEnd, v = f.value;
    f.value = v.slice(0, s) + mark + v.slice(s, e) + mark + v.slice(e);
    f.focus();
    f.setSelectionRange(s + mark.length, e + mark.length);
    f.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function footnote() {
    const f = lastField;
    if (!f) { ctx.setStatus(T("note_where"), "warn"); return; }
    const state = ctx.getState();
    state.chu_thich = state.chu_thich || {};
    let n = 1;
    while (String(n) in state.chu_thich) n++;
    const key = String(n), at = f.selectionEnd, mark = `[^${key}]`;
    state.chu_thich[key] = [];
    f.value = f.value.slice(0, at) + mark + f.value.slice(at);
    f.dispatchEvent(new Event("input", { bubbles: true }));
    ctx.renderNotes(key);
  }
  const toolbar = el("div", { class: "format-bar", role: "toolbar", "aria-label": T("formatting") },
    el("button", { type: "button", class: "tool", title: T("bold_title"), onclick: () => wrap("**") }, el("b", { text: T("bold") })),
    el("button", { type: "button", class: "tool", title: T("italic_title"), onclick: () => wrap("*") }, el("i", { text: T("italic") })),
    el("button", { type: "button", class: "tool", id: "btn-footnote", title: T("note_title"), onclick: footnote, text: T("note") }));
  toolbar.addEventListener("mousedown", (e) => e.preventDefault());   // keep the text selection
  document.addEventListener("focusin", (e) => { if (e.target.dataset && "inline" in e.target.dataset) lastField = e.target; });
  return { toolbar, wrap, footnote, last: () => lastField };
};
