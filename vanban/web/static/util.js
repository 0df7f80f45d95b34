/* The editor's small helpers: DOM building, the page's words, the schema's labels, paths in the data.
   Loaded before editor.js (and the parts beside it), which take them from window.vanbanParts.util(F). */
"use strict";
window.vanbanParts = window.vanbanParts || {};
window.vanbanParts.util = function (F) {
  const defs = F.schema.$defs || {};
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const k of kids) if (k) e.appendChild(k);
    return e;
  }
  // The page's words, in the language of the server (vanban.web.forms.EDITOR_TEXTS, through gettext).
  function T(key, values) {
    return (F.texts[key] || key).replace(/\{(\w+)\}/g, (m, name) => (values && name in values ? String(values[name]) : m));
  }
  function label(path) {
    const key = path.replace(/\.\d+/g, "");
    return F.labels[key] || { label: key, help: "" };
  }
  function resolve(s) {
    if (!s) return {};
    if (s.$ref) return Object.assign({ def: s.$ref.split("/").pop() }, resolve(defs[s.$ref.split("/").pop()]));
    if (s.anyOf) {
      const non = s.anyOf.filter((x) => x.type !== "null");
      if (non.length === 1) return Object.assign(resolve(non[0]), { nullable: true });
    }
    return s;
  }
  function getIn(obj, keys) { return keys.reduce((o, k) => (o == null ? undefined : o[k]), obj); }
  function setIn(obj, keys, value) {
    const last = keys[keys.length - 1];
    const parent = keys.slice(0, -1).reduce((o, k) => (o[k] = o[k] || {}), obj);
    if (value === undefined) delete parent[last]; else parent[last] = value;
  }
  const linesOf = (v) => v.split("\n").filter((l) => l.trim() !== "");
  // "noi_dung.1.muc.0" → "2.1": what a screen reader says of a place in the body, not a raw key.
  const human = (path) => path.replace(/^noi_dung\./, "").split(".muc.").map((n) => +n + 1).join(".");

  function btn(text, title, disabled, onclick) {
    return el("button", { type: "button", class: "tool", title, "aria-label": title, disabled, onclick, text });
  }
  return { el, btn, T, label, resolve, getIn, setIn, linesOf, human };
};
