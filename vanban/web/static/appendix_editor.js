/* vanban appendices (phu_luc) in the body tree: each with its name, portrait or landscape
   (ngang), and a body of sections, paragraphs and tables edited like the document's own body.
   editor.js calls window.vanbanTree(api) once: the table editor (table_editor.js) and these. */
"use strict";
(function () {
  const ROMAN = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"],
    [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  function roman(n) {
    let out = "";
    for (const [v, s] of ROMAN) while (n >= v) { out += s; n -= v; }
    return out;
  }

  window.vanbanTree = function (api) {
    const tables = window.vanbanTables(api), { el, btn, T } = api;

    function appendix(list, k) {
      const ap = list[k], path = `phu_luc.${k}`;
      // One appendix prints as "Phụ lục", two or more as "Phụ lục I", "Phụ lục II"; a Party document's
      // as "Phụ lục 1", "Phụ lục 2" (HD 36; vanban.model.printed).
      const numeral = api.state().mau === "dang" ? String(k + 1) : roman(k + 1);
      const title = list.length > 1 ? T("appendix_n", { n: numeral }) : api.label("phu_luc").label;
      const name = el("input", { type: "text", id: `${path}-ten`, class: "node-text appendix-name", value: ap.ten || "",
        oninput: (e) => { ap.ten = e.target.value; api.changed(); } });
      const ngang = el("input", { type: "checkbox", id: `${path}-ngang`, checked: !!ap.ngang,
        onchange: (e) => { if (e.target.checked) ap.ngang = true; else delete ap.ngang; api.changed(); } });
      // Its top level's numbering (kieu_muc): the kind's by default, or chapters holding articles …
      const kieu = el("select", { id: `${path}-kieu_muc`, onchange: (e) => {
        if (e.target.value) ap.kieu_muc = e.target.value; else delete ap.kieu_muc; api.changed(); } });
      for (const [v, text] of Object.entries(api.numbering || {})) kieu.append(el("option", { value: v, text, selected: (ap.kieu_muc || "") === v }));
      const body = ap.noi_dung || (ap.noi_dung = []), base = `${path}.noi_dung`;
      const move = (d) => api.op(() => { [list[k + d], list[k]] = [list[k], list[k + d]]; }, `phu_luc.${k + d}`);
      return el("section", { class: "appendix", "data-path": path, "aria-label": title },
        el("div", { class: "appendix-head" }, el("h3", { text: title }),
          el("div", { class: "tools", role: "group", "aria-label": title },
            btn("↑", T("appendix_up"), k === 0, () => move(-1)),
            btn("↓", T("appendix_down"), k === list.length - 1, () => move(1)),
            btn("✕", T("delete_appendix"), false, () => {
              if (window.confirm(T("delete_appendix_confirm"))) api.op(() => { list.splice(k, 1); });
            }))),
        el("div", { class: "field wide", "data-path": `${path}.ten` },
          el("label", { for: name.id, text: api.label("phu_luc.ten").label }), name, el("div", { class: "msgs" })),
        el("div", { class: "field", "data-path": `${path}.ngang` },
          ngang, el("label", { for: ngang.id, text: api.label("phu_luc.ngang").label })),
        el("div", { class: "field", "data-path": `${path}.kieu_muc` },
          el("label", { for: kieu.id, text: api.label("phu_luc.kieu_muc").label }), kieu),
        el("div", { class: "field wide", "data-path": base },
          el("h4", { class: "field-title", text: T("appendix_body") }),
          api.renderList(body, base, null),
          el("div", { class: "tree-add" },
            btn(T("add_paragraph"), T("add_paragraph_end"), false, () => api.op(() => body.push(""), `${base}.${body.length}`)),
            btn(T("add_section"), T("add_section_end"), false, () => api.op(() => body.push({ tieu_de: "", muc: [] }), `${base}.${body.length}`)),
            tables.addButton(body, body.length - 1, base, true)),
          el("div", { class: "msgs" })),
        el("div", { class: "msgs" }));
    }

    /* Every appendix, and the button that adds one; drawn again with the tree after each change. */
    tables.appendices = function () {
      const st = api.state(), list = st.phu_luc || [], info = api.label("phu_luc");
      const add = btn(T("add_appendix"), T("add_appendix_title"), false, () => api.op(() => {
        st.phu_luc = list;
        list.push({ ten: "", noi_dung: [""] });
      }, `phu_luc.${list.length}`));
      return el("div", { class: "appendices", "data-path": "phu_luc" },
        el("h2", { class: "field-title", text: info.label }), el("p", { class: "help", text: info.help }),
        ...list.map((_, k) => appendix(list, k)), el("div", { class: "tree-add" }, add), el("div", { class: "msgs" }));
    };
    return tables;
  };
})();
