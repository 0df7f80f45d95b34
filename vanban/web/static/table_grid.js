/* vanban table grid: a table part (heading rows `cot` or rows `dong`) as rows of slots, where a
   merged cell is the SAME object in every slot it covers. Every edit (rows, columns, merges,
   paste) is a change of slots; the YAML cells {noi_dung, gop_cot, gop_dong} are read back from
   the rectangles the objects make, so a merge can never be written inconsistent.
   Pure functions, no page: table_editor.js draws and calls them. */
"use strict";
(function () {
  const blank = () => ({ text: "" });

  function toGrid(rows, width) {
    const grid = rows.map(() => []);
    rows.forEach((row, r) => {
      let c = 0;
      for (const cell of row || []) {
        while (grid[r][c]) c++;
        const merged = cell !== null && typeof cell === "object";
        const obj = { text: merged ? String(cell.noi_dung || "") : cell == null ? "" : String(cell) };
        const cs = merged ? cell.gop_cot || 1 : 1, rs = merged ? cell.gop_dong || 1 : 1;
        for (let dr = 0; dr < rs && r + dr < rows.length; dr++) {
          for (let dc = 0; dc < cs; dc++) grid[r + dr][c + dc] = obj;
        }
        c += cs;
      }
    });
    const w = width != null ? width : Math.max(0, ...grid.map((g) => g.length));
    for (const g of grid) {
      for (let c = 0; c < w; c++) if (!g[c]) g[c] = blank();
      g.length = w;   // a row longer than the table is cut here; the server names it first
    }
    return grid;
  }

  /* Visit every cell once, at its top-left slot, with its spans and its index in the YAML row. */
  function cells(grid, fn) {
    const seen = new Set();
    grid.forEach((row, r) => {
      let k = 0;
      row.forEach((obj, c) => {
        if (seen.has(obj)) return;
        seen.add(obj);
        let cs = 1, rs = 1;
        while (row[c + cs] === obj) cs++;
        while (grid[r + rs] && grid[r + rs][c] === obj) rs++;
        fn(obj, r, c, cs, rs, k++);
      });
    });
  }

  function fromGrid(grid) {
    const out = grid.map(() => []);
    cells(grid, (obj, r, c, cs, rs) => {
      const cell = { noi_dung: obj.text };
      if (cs > 1) cell.gop_cot = cs;
      if (rs > 1) cell.gop_dong = rs;
      out[r].push(cs === 1 && rs === 1 ? obj.text : cell);
    });
    return out;
  }

  function rect(grid, obj) {
    let box = null;
    cells(grid, (o, r, c, cs, rs) => { if (o === obj) box = { r, c, cs, rs }; });
    return box;
  }

  /* A new column before grid column c (c = width: at the end); inside a merge the merge widens. */
  function insertCol(grid, c) {
    for (const row of grid) {
      const inside = c > 0 && c < row.length && row[c - 1] === row[c];
      row.splice(c, 0, inside ? row[c] : blank());
    }
  }
  function removeCol(grid, c) { for (const row of grid) row.splice(c, 1); }
  function insertRow(grid, r, width) {
    const row = [];
    for (let c = 0; c < width; c++) {
      const inside = r > 0 && r < grid.length && grid[r - 1][c] === grid[r][c];
      row.push(inside ? grid[r][c] : blank());
    }
    grid.splice(r, 0, row);
  }
  function removeRow(grid, r) { grid.splice(r, 1); }

  /* A row (column) moves only when no merged cell reaches out of it. */
  function rowFree(grid, r) {
    return (grid[r] || []).every((o, c) => (!grid[r - 1] || grid[r - 1][c] !== o) && (!grid[r + 1] || grid[r + 1][c] !== o));
  }
  function colFree(grid, c) { return grid.every((row) => row[c - 1] !== row[c] && row[c + 1] !== row[c]); }
  function swapRows(grid, a, b) { [grid[a], grid[b]] = [grid[b], grid[a]]; }
  function swapCols(grid, a, b) { for (const row of grid) [row[a], row[b]] = [row[b], row[a]]; }

  /* Merge obj with its neighbour to the right (dir "right") or below ("down"): only when the two
     make a rectangle. Returns false when they do not. */
  function merge(grid, obj, dir) {
    const a = rect(grid, obj);
    if (!a) return false;
    const right = dir === "right";
    const row = grid[right ? a.r : a.r + a.rs], other = row && row[right ? a.c + a.cs : a.c];
    if (!other) return false;
    const b = rect(grid, other);
    if (right ? b.r !== a.r || b.rs !== a.rs : b.c !== a.c || b.cs !== a.cs) return false;
    for (const g of grid) for (let c = 0; c < g.length; c++) if (g[c] === other) g[c] = obj;
    obj.text = [obj.text, other.text].filter((t) => t.trim()).join(" ");
    return true;
  }
  function unmerge(grid, obj) {
    const a = rect(grid, obj);
    if (!a) return;
    for (let r = a.r; r < a.r + a.rs; r++) {
      for (let c = a.c; c < a.c + a.cs; c++) if (r !== a.r || c !== a.c) grid[r][c] = blank();
    }
  }

  // ---------------------------------------------------------------- paste
  /* Tab-separated text as Excel and LibreOffice copy it: a cell with a tab, a newline or a quote
     is quoted, "" inside is a quote. */
  function parseTsv(text) {
    const rows = [[]];
    let cell = "", i = 0, quoted = false;
    text = text.replace(/\r\n?/g, "\n");
    while (i < text.length) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        if (ch === '"') { quoted = false; i++; continue; }
        cell += ch; i++; continue;
      }
      if (ch === '"' && cell === "") { quoted = true; i++; continue; }
      if (ch === "\t") { rows[rows.length - 1].push(cell); cell = ""; i++; continue; }
      if (ch === "\n") { rows[rows.length - 1].push(cell); rows.push([]); cell = ""; i++; continue; }
      cell += ch; i++;
    }
    rows[rows.length - 1].push(cell);
    if (rows.length > 1 && rows[rows.length - 1].every((c) => c === "")) rows.pop();   // the trailing newline
    const w = Math.max(...rows.map((r) => r.length));
    return rows.map((r) => r.map((t) => ({ text: t.replace(/\s*\n\s*/g, " ").trim() })).concat(
      Array.from({ length: w - r.length }, blank)));
  }

  /* The first table of copied HTML (Word, Excel, a web page), its merges kept. */
  function parseHtml(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const table = doc.querySelector("table");
    if (!table) return null;
    const trs = Array.from(table.querySelectorAll("tr")).filter((tr) => tr.closest("table") === table);
    const grid = trs.map(() => []);
    trs.forEach((tr, r) => {
      let c = 0;
      for (const td of tr.children) {
        if (!/^T[DH]$/.test(td.tagName)) continue;
        while (grid[r][c]) c++;
        const obj = { text: (td.textContent || "").replace(/\s+/g, " ").trim() };
        const cs = Math.max(1, parseInt(td.getAttribute("colspan") || "1", 10) || 1);
        const rs = Math.max(1, parseInt(td.getAttribute("rowspan") || "1", 10) || 1);
        for (let dr = 0; dr < rs && r + dr < trs.length; dr++) for (let dc = 0; dc < cs; dc++) grid[r + dr][c + dc] = obj;
        c += cs;
      }
    });
    const w = Math.max(0, ...grid.map((g) => g.length));
    for (const g of grid) for (let c = 0; c < w; c++) if (!g[c]) g[c] = blank();
    return grid.length && w ? grid : null;
  }

  /* Copied cells written over grid from (r, c): the cells they overlap are split first, so the
     copied merges land whole. The grid must already be large enough. */
  function place(grid, src, r, c) {
    const h = src.length, w = src[0].length, hit = new Set();
    for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) hit.add(grid[r + i][c + j]);
    for (const o of hit) unmerge(grid, o);
    const fresh = new Map();
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const o = src[i][j];
        if (!fresh.has(o)) fresh.set(o, { text: o.text });
        grid[r + i][c + j] = fresh.get(o);
      }
    }
  }

  window.vanbanGrid = { toGrid, fromGrid, cells, rect, insertCol, removeCol, insertRow, removeRow, rowFree, colFree,
    swapRows, swapCols, merge, unmerge, parseTsv, parseHtml, place };
})();
