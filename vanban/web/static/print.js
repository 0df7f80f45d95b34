/* The "Print" button: the document's PDF (made by the server's one LibreOffice) is loaded into a
   hidden frame and handed to the browser's print dialog, so what prints is the PDF, not page images.
   Without script, or if the browser cannot print a framed PDF, the link opens the PDF in a new tab. */
"use strict";
(function () {
  document.querySelectorAll("a[data-print]").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      let frame = document.getElementById("khung-in");
      if (frame) frame.remove();
      frame = document.createElement("iframe");
      frame.id = "khung-in";
      frame.title = link.textContent;
      frame.className = "print-frame";
      frame.addEventListener("load", () => {
        try {
          frame.contentWindow.focus();
          frame.contentWindow.print();
        } catch (e) {
          window.open(link.href, "_blank", "noopener");
        }
      });
      frame.src = link.href;
      document.body.appendChild(frame);
    });
  });
})();
