/* Undo and redo for the editor: every change (text typed, a section moved, indented, added,
   deleted, a paste) is a snapshot of the document's data; typing is grouped by pauses, so one
   undo takes back a phrase, not a letter. Loaded before editor.js, which calls it. */
"use strict";
window.vanbanParts = window.vanbanParts || {};
window.vanbanParts.history = function (ctx) {
  const past = [], future = [], LIMIT = 200;
  let last = JSON.stringify(ctx.getState()), typingTimer = null;

  function push() {
    past.push(last);
    if (past.length > LIMIT) past.shift();
    future.length = 0;
    last = JSON.stringify(ctx.getState());
    sync();
  }
  // `last` is the state at the latest step; `past` the steps before it.
  function settle() {
    if (typingTimer) { clearTimeout(typingTimer); typingTimer = null; }
    if (JSON.stringify(ctx.getState()) !== last) push();
  }
  // Before a tree action or a paste: the typing so far is one step, the action the next.
  const record = settle;
  // After the state changed: typing is grouped until a pause of 700 ms.
  function changed() {
    if (typingTimer) clearTimeout(typingTimer);
    typingTimer = setTimeout(settle, 700);
  }
  function step(from, to) {
    settle();   // typing not yet a step becomes one (and, being new, clears the redo steps)
    if (!from.length) { ctx.setStatus(ctx.T("nothing_to_undo"), "warn"); return; }
    to.push(last);
    last = from.pop();
    ctx.setState(JSON.parse(last));
    sync();
  }
  const undoBtn = ctx.btn("↶ " + ctx.T("undo"), ctx.T("undo_title") + " (Ctrl+Z)", true, () => step(past, future));
  const redoBtn = ctx.btn("↷ " + ctx.T("redo"), ctx.T("redo_title") + " (Ctrl+Y)", true, () => step(future, past));
  undoBtn.id = "btn-undo"; redoBtn.id = "btn-redo";
  function sync() { undoBtn.disabled = !past.length && !typingTimer; redoBtn.disabled = !future.length; }
  document.addEventListener("keydown", (e) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    // Inside a text box the browser undoes the typing itself; elsewhere (after a tree action) we do.
    const inText = e.target.tagName === "TEXTAREA" || e.target.tagName === "INPUT";
    if (e.key.toLowerCase() === "z" && !e.shiftKey && !inText) { e.preventDefault(); step(past, future); }
    if ((e.key.toLowerCase() === "y" || (e.key.toLowerCase() === "z" && e.shiftKey)) && !inText) { e.preventDefault(); step(future, past); }
  });
  return { record, changed: () => { changed(); undoBtn.disabled = false; }, undo: () => step(past, future),
           redo: () => step(future, past), buttons: [undoBtn, redoBtn] };
};
