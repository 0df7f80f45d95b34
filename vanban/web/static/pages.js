/* What every page shares: a calendar beside a date typed as the decree prints it (15/12/2026). */
"use strict";
(function () {
  // <input type="date" data-fills="ID">: the day chosen in the calendar is written into #ID as dd/mm/yyyy.
  document.querySelectorAll("input[type=date][data-fills]").forEach((pick) => {
    pick.addEventListener("change", () => {
      if (!pick.value) return;
      const [y, m, d] = pick.value.split("-");
      const target = document.getElementById(pick.dataset.fills);
      target.value = `${d}/${m}/${y}`;
      target.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
})();
