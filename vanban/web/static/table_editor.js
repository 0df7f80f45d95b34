/* vanban table editor: a table (bang) wherever a paragraph stands in the body tree, edited as a
   grid: rows and columns added, removed and moved, cells merged and split (gop_cot, gop_dong),
   heading rows (cot), the TT column numbered by itself (so_thu_tu), widths (rong), a caption,
   and a range pasted from Excel or Word (text/html or tab-separated text). A table whose rows
   come from a spreadsheet (tep:) shows them read-only under its file name.
   editor.js calls window.vanbanTables(api) once; the table lives in the editor's state and is
   saved, reviewed and previewed with the rest of the document. */
"use strict";
(function () {
  const G = window.vanbanGrid, MAX_COLS = 30;
  const selection = new WeakMap();   // table → {part, r, c}: the cell last focused (c counts the TT column)
  const sheets = new Map();          // "tep|trang|vung" → {file, rows} or {error} or null while read

  window.vanbanTables = function (api) {
    const { el, btn, T } = api;
    const isTable = (n) => n !== null && typeof n === "object" && !Array.isArray(n) && "bang" in n;
    const newTable = () => ({ bang: { cot: [["", "", ""]], dong: [["", "", ""], ["", "", ""]] } });

    // ---------------------------------------------------------------- the table as grids
    function model(b) {
      const off = b.so_thu_tu ? 1 : 0, head = G.toGrid(b.cot || []);
      let W = head.length ? head[0].length : null;
      const body = G.toGrid(b.tep ? [] : b.dong || [], W === null ? null : W - off);
      if (W === null) W = (body.length ? body[0].length : 0) + off;
      return { b, off, head, body, W };
    }
    function commit(m) {
      if (m.head.length) m.b.cot = G.fromGrid(m.head); else delete m.b.cot;
      if (!m.b.tep) m.b.dong = G.fromGrid(m.body);
    }
    const gridOf = (m, part) => (part === "head" ? m.head : m.body);
    const colOf = (m, part, c) => (part === "head" ? c : c - m.off);
    const widthOf = (m, part) => (part === "head" ? m.W : m.W - m.off);

    // ---------------------------------------------------------------- edits
    function addCol(m, c) {
      if (m.off && c === 0) c = 1;   // the TT column stays first
      G.insertCol(m.head, c);
      G.insertCol(m.body, c - m.off);
      if (m.b.rong) m.b.rong.splice(c, 0, m.b.rong.reduce((a, x) => a + (+x || 0), 0) / m.b.rong.length || 1);
      m.W++;
    }
    function delCol(m, c) {
      G.removeCol(m.head, c);
      G.removeCol(m.body, c - m.off);
      if (m.b.rong) m.b.rong.splice(c, 1);
      m.W--;
    }
    function moveCol(m, c, d) {
      const ok = G.colFree(m.head, c) && G.colFree(m.head, c + d) &&
        (!m.body.length || (G.colFree(m.body, c - m.off) && G.colFree(m.body, c + d - m.off)));
      if (!ok) return T("cannot_move");
      G.swapCols(m.head, c, c + d);
      G.swapCols(m.body, c - m.off, c + d - m.off);
      if (m.b.rong) [m.b.rong[c], m.b.rong[c + d]] = [m.b.rong[c + d], m.b.rong[c]];
    }
    function moveRow(m, part, r, d) {
      const g = gridOf(m, part);
      if (!G.rowFree(g, r) || !G.rowFree(g, r + d)) return T("cannot_move");
      G.swapRows(g, r, r + d);
    }
    function headingAdd(m) {
      if (!m.body.length || !G.rowFree(m.body, 0)) return T("cannot_move");
      const row = m.body.shift();
      if (m.off) row.unshift({ text: m.head.length ? "" : T("tt_column") });
      m.head.push(row);
    }
    function headingRemove(m) {
      const last = m.head.length - 1, row = m.head[last];
      if (!G.rowFree(m.head, last) || (m.off && row[0] === row[1])) return T("cannot_move");
      m.head.pop();
      if (m.off) row.shift();
      m.body.unshift(row);
    }
    function numbering(m, on) {
      // On: a first column of bare numbers becomes the automatic TT column, else a TT column is added.
      // Off: the numbers are written into the rows, so no row loses a cell.
      if (on) {
        const numbers = m.body.length && G.colFree(m.body, 0) && m.body.every((row) => /^\s*\d*\.?\s*$/.test(row[0].text));
        if (numbers) G.removeCol(m.body, 0);
        else { G.insertCol(m.head, 0); m.head.forEach((row, r) => (row[0].text = r ? "" : T("tt_column"))); m.W++;
          if (m.b.rong) m.b.rong.unshift(1); }
        m.b.so_thu_tu = true;
      } else {
        G.insertCol(m.body, 0);
        m.body.forEach((row, r) => (row[0].text = String(r + 1)));
        delete m.b.so_thu_tu;
      }
      m.off = on ? 1 : 0;
    }
    function paste(m, part, r, c, src) {
      const g = gridOf(m, part), gc = colOf(m, part, c), need = gc + src[0].length - widthOf(m, part);
      if (m.W + Math.max(0, need) > MAX_COLS) return T("too_many_cols", { n: MAX_COLS });
      for (let k = 0; k < need; k++) addCol(m, m.W);
      while (g.length < r + src.length) G.insertRow(g, g.length, widthOf(m, part));
      G.place(g, src, r, gc);
    }

    // ---------------------------------------------------------------- drawing
    function tableNode(list, i, path, opts) {
      const node = list[i], b = node.bang, m = model(b), ro = !!b.tep;
      const at = () => list.indexOf(node);
      const li = el("li", { class: "node table-node", "data-path": path });
      const note = el("p", { class: "tbl-note", role: "status" });
      const sel = () => selection.get(b);
      function act(fn) {
        const s = sel();
        if (!s) { note.textContent = T("pick_cell"); return; }
        let refused;
        api.op(() => { refused = fn(s); if (!refused) commit(m); });
        if (refused) { api.warn(refused); return; }
        const cell = document.querySelector(`[data-path="${path}"] [data-cell="${s.part}:${s.r}:${s.c}"]`) ||
          document.querySelector(`[data-path="${path}"] textarea.cell`);
        if (cell) cell.focus();
      }
      const tool = (label, title, fn, disabled) => btn(label, title, disabled, () => act(fn));
      const cur = (s) => gridOf(m, s.part)[s.r][colOf(m, s.part, s.c)];
      const bodyOnly = (fn) => (s) => (ro && s.part === "body" ? T("sheet_rows", { file: b.tep }) : fn(s));
      const bar = el("div", { class: "tools tbl-bar", role: "toolbar", "aria-label": T("table_tools") },
        tool(T("row_above"), T("row_above"), bodyOnly((s) => G.insertRow(gridOf(m, s.part), s.r, widthOf(m, s.part)))),
        tool(T("row_below"), T("row_below"), bodyOnly((s) => { G.insertRow(gridOf(m, s.part), s.r + 1, widthOf(m, s.part)); s.r++; })),
        tool(T("row_delete"), T("row_delete"), bodyOnly((s) => { G.removeRow(gridOf(m, s.part), s.r); s.r = Math.max(0, s.r - 1); })),
        tool("↑", T("row_up"), bodyOnly((s) => (s.r === 0 ? T("cannot_move") : moveRow(m, s.part, s.r--, -1)))),
        tool("↓", T("row_down"), bodyOnly((s) => (s.r >= gridOf(m, s.part).length - 1 ? T("cannot_move") : moveRow(m, s.part, s.r++, 1)))),
        tool(T("col_left"), T("col_left"), (s) => (m.W >= MAX_COLS ? T("too_many_cols", { n: MAX_COLS }) : addCol(m, s.c)), ro),
        tool(T("col_right"), T("col_right"), (s) => (m.W >= MAX_COLS ? T("too_many_cols", { n: MAX_COLS }) : addCol(m, ++s.c)), ro),
        tool(T("col_delete"), T("col_delete"), (s) => {
          if ((m.off && s.c === 0) || m.W < 2) return T("cannot_move");
          delCol(m, s.c);
          s.c = Math.max(m.off, Math.min(s.c, m.W - 1));
        }, ro),
        tool("←", T("col_move_left"), (s) => (s.c <= m.off ? T("cannot_move") : moveCol(m, s.c--, -1)), ro),
        tool("→", T("col_move_right"), (s) => (s.c >= m.W - 1 || (m.off && s.c === 0) ? T("cannot_move") : moveCol(m, s.c++, 1)), ro),
        tool(T("merge_right"), T("merge_right"), bodyOnly((s) => (G.merge(gridOf(m, s.part), cur(s), "right") ? undefined : T("cannot_merge")))),
        tool(T("merge_down"), T("merge_down"), bodyOnly((s) => (G.merge(gridOf(m, s.part), cur(s), "down") ? undefined : T("cannot_merge")))),
        tool(T("unmerge"), T("unmerge"), bodyOnly((s) => { G.unmerge(gridOf(m, s.part), cur(s)); })),
        btn(T("heading_add"), T("heading_add_title"), ro || !m.body.length, () => { selection.set(b, { part: "head", r: m.head.length, c: m.off }); act(() => headingAdd(m)); }),
        btn(T("heading_remove"), T("heading_remove_title"), ro || !m.head.length, () => { selection.set(b, { part: "body", r: 0, c: m.off }); act(() => headingRemove(m)); }));
      bar.addEventListener("mousedown", (e) => e.preventDefault());   // the cell keeps its focus

      const table = el("table", { class: "tbl" });
      if (Array.isArray(b.rong) && b.rong.length === m.W && b.rong.every((x) => +x > 0)) {
        const sum = b.rong.reduce((a, x) => a + +x, 0);
        table.append(el("colgroup", {}, ...b.rong.map((x) => { const col = el("col"); col.style.width = (100 * x / sum).toFixed(1) + "%"; return col; })));
      }
      function cellEl(part, obj, r, c, cs, rs, k) {
        const yaml = `${path}.bang.${part === "head" ? "cot" : "dong"}.${r}.${k}`;
        const ta = el("textarea", { class: "cell" + (c === 0 && r === 0 && part === "head" ? " node-text" : ""), rows: 1,
          "data-inline": true, "data-cell": `${part}:${r}:${c}`, readonly: part === "body" && ro,
          "aria-label": T(part === "head" ? "heading_cell_at" : "cell_at", { row: r + 1, col: c + 1 }) });
        ta.value = obj.text;
        ta.addEventListener("keydown", (e) => { if (e.key === "Enter") e.preventDefault(); });
        ta.addEventListener("input", () => { obj.text = ta.value.replace(/\s*\n\s*/g, " "); commit(m); api.changed(); });
        ta.addEventListener("focus", () => {
          selection.set(b, { part, r, c });
          li.querySelectorAll(".current").forEach((x) => x.classList.remove("current"));
          ta.parentElement.classList.add("current");
        });
        ta.addEventListener("paste", (e) => {
          const cd = e.clipboardData, html = cd && cd.getData("text/html"), text = cd && cd.getData("text/plain");
          let src = html && /<table/i.test(html) ? G.parseHtml(html) : null;
          if (!src && text && /[\t\n]/.test(text.replace(/\s+$/, ""))) src = G.parseTsv(text);
          if (!src || (ro && part === "body")) return;   // one piece of text: an ordinary paste into the cell
          e.preventDefault();
          selection.set(b, { part, r, c });
          act(() => paste(m, part, r, c, src));
        });
        return el(part === "head" ? "th" : "td", { colspan: cs > 1 ? cs : null, rowspan: rs > 1 ? rs : null, "data-path": yaml },
          ta, el("div", { class: "msgs" }));
      }
      const thead = el("thead"), tbody = el("tbody");
      const headRows = m.head.map(() => el("tr")), bodyRows = m.body.map((_, r) => el("tr", {},
        m.off ? el("td", { class: "tt", text: String(r + 1) }) : null));
      G.cells(m.head, (obj, r, c, cs, rs, k) => headRows[r].append(cellEl("head", obj, r, c, cs, rs, k)));
      G.cells(m.body, (obj, r, c, cs, rs, k) => bodyRows[r].append(cellEl("body", obj, r, c + m.off, cs, rs, k)));
      thead.append(...headRows);
      tbody.append(...bodyRows);
      table.append(thead, tbody);
      if (ro) sheetBody(b, tbody, m.off, note);

      const caption = el("input", { type: "text", class: "tbl-caption", value: b.ten || "", placeholder: T("table_caption"),
        "aria-label": T("table_caption"), oninput: (e) => { if (e.target.value) b.ten = e.target.value; else delete b.ten; api.changed(); } });
      const items = opts && opts.items;
      const tools = el("div", { class: "tools", role: "group", "aria-label": T("table_at", { path }) },
        btn("↑", T("move_up"), i === 0, () => api.op(() => { const k = at(); [list[k - 1], list[k]] = [list[k], list[k - 1]]; })),
        btn("↓", T("move_down"), i === list.length - 1, () => api.op(() => { const k = at(); [list[k + 1], list[k]] = [list[k], list[k + 1]]; })),
        btn(T("add_paragraph_short"), T("add_paragraph_after"), false, () => api.op(() => list.splice(at() + 1, 0, ""), path.replace(/\d+$/, i + 1))),
        items ? null : btn(T("add_section_short"), T("add_section_after"), false, () => api.op(() => list.splice(at() + 1, 0, { tieu_de: "", muc: [] }), path.replace(/\d+$/, i + 1))),
        addButton(list, i, path),
        btn("✕", T("delete_table"), false, () => { if (window.confirm(T("delete_table_confirm"))) api.op(() => list.splice(at(), 1)); }));
      li.append(el("div", { class: "node-head" }, el("span", { class: "marker tbl-mark", "aria-hidden": "true", text: "▦" }), caption),
        tools, bar, el("div", { class: "tbl-wrap" }, table), note, options(b, m, path), el("div", { class: "msgs" }));
      return li;
    }

    function options(b, m, path) {
      const tt = el("input", { type: "checkbox", id: `tt-${path}`, checked: !!b.so_thu_tu, disabled: !!b.tep,
        onchange: (e) => api.op(() => { numbering(m, e.target.checked); commit(m); }) });
      const widths = el("input", { type: "text", id: `rong-${path}`, value: (b.rong || []).join(", "), placeholder: T("widths_hint"),
        oninput: (e) => {
          const parts = e.target.value.split(/[,;\s]+/).filter(Boolean);
          if (parts.length) b.rong = parts.map((x) => (isNaN(+x) ? x : +x)); else delete b.rong;
          api.changed();
        } });
      const L = (key, fallback) => (api.label(key).label !== key ? api.label(key).label : fallback);
      return el("details", { class: "more tbl-options", open: !!(b.rong || b.tep) },
        el("summary", { text: T("table_options") }),
        el("div", { class: "field", "data-path": `${path}.bang.so_thu_tu` }, tt, el("label", { for: tt.id, text: L("bang.so_thu_tu", "TT") })),
        el("div", { class: "field", "data-path": `${path}.bang.rong` }, el("label", { for: widths.id, text: L("bang.rong", "rong") }), widths,
          el("div", { class: "msgs" })),
        el("p", { class: "help", text: T("paste_hint") }));
    }

    /* The rows of a spreadsheet table, read by the server from the served folder, drawn read-only. */
    function sheetBody(b, tbody, off, note) {
      const key = [b.tep, b.trang || "", b.vung || ""].join("|"), got = sheets.get(key);
      const draw = (r) => {
        if (r.error) { note.textContent = r.error; return; }
        note.textContent = T("sheet_rows", { file: r.file });
        tbody.replaceChildren(...r.rows.map((row, k) => el("tr", { class: "sheet-row" },
          off ? el("td", { class: "tt", text: String(k + 1) }) : null, ...row.map((t) => el("td", { text: t })))));
      };
      if (got) { draw(got); return; }
      note.textContent = T("sheet_loading");
      api.post("/api/sheet-rows", { tep: b.tep, trang: b.trang, vung: b.vung }).then(({ data }) => {
        sheets.set(key, data);
        if (tbody.isConnected) draw(data);
      });
    }

    function addButton(list, i, path, end) {
      return end
        ? btn(T("add_table"), T("add_table_end"), false, () => api.op(() => list.push(newTable()), `${path}.${list.length}`))
        : btn(T("add_table_short"), T("add_table_after"), false, () => api.op(() => list.splice(i + 1, 0, newTable()), path.replace(/\d+$/, i + 1)));
    }

    /* A section's paragraphs (doan, sau) holding tables: runs of paragraphs as text areas, each
       table as its editor. Without a table the editor's own text area (``fallback``) stays. */
    function items(host, key, path, fallback, canAdd) {
      // No empty list is written into the document for a section that has none (no "sau: []").
      const list = host[key] || [], base = `${path}.${key}`;
      const add = canAdd ? btn(T("add_table_in"), T("add_table_in_title"), false,
        () => api.op(() => (host[key] = list).push(newTable()), `${base}.${list.length}`)) : null;
      if (!list.some(isTable)) { if (add) fallback.append(el("div", { class: "tree-add" }, add)); return fallback; }
      const ol = el("ol", { class: "tree items" });
      for (let s = 0; s < list.length;) {
        if (isTable(list[s])) { ol.append(tableNode(list, s, `${base}.${s}`, { items: true })); s++; continue; }
        let e = s;
        while (e < list.length && !isTable(list[e])) e++;
        const run = { start: s, len: e - s };
        const ta = el("textarea", { class: "doan", rows: run.len, "data-inline": true, "aria-label": T("paragraphs_under", { path }),
          oninput: (ev) => {
            // The run's lines replace its place in the list; the runs after it shift with it.
            const lines = api.linesOf(ev.target.value), delta = lines.length - run.len;
            list.splice(run.start, run.len, ...lines);
            run.len = lines.length;
            ol.runs.filter((x) => x.start > run.start).forEach((x) => (x.start += delta));
            api.changed();
          } });
        ta.value = list.slice(s, e).join("\n");
        ol.runs = (ol.runs || []).concat(run);
        ol.append(el("li", { class: "node", "data-path": `${base}.${s}` }, ta, el("div", { class: "msgs" })));
        s = e;
      }
      return el("div", { class: "sub", "data-path": base }, ol, add ? el("div", { class: "tree-add" }, add) : null, el("div", { class: "msgs" }));
    }

    return { isTable, tableNode, addButton, items, newTable };
  };
})();
