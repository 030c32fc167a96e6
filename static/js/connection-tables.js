/* The partner map's "wie werkt met wie" tables, folded behind a <details> summary: opening it
 * fetches the rows once from the fragment URL (data-fragment-url). Without this file the
 * summary still opens and links to the page with the full tables. No inline scripts: the CSP
 * forbids them. The fragment is our own server's escaped HTML, from the same origin. */
(function () {
  "use strict";

  function load(details) {
    var url = details.getAttribute("data-fragment-url");
    var body = details.querySelector("[data-connection-tables]");
    var status = details.querySelector(".connection-tables-status");
    if (!url || !body || details.getAttribute("data-state")) {
      return;
    }
    details.setAttribute("data-state", "loading");
    details.setAttribute("aria-busy", "true");
    status.textContent = "De tabellen worden geladen…";
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        body.innerHTML = html;
        details.setAttribute("data-state", "loaded");
        status.textContent = "";
      })
      .catch(function () {
        // Try again on the next opening; the link below the tables always works.
        details.removeAttribute("data-state");
        status.textContent = "De tabellen konden niet worden geladen. Open ze op de aparte pagina.";
      })
      .finally(function () {
        details.removeAttribute("aria-busy");
      });
  }

  document.querySelectorAll("details[data-fragment-url]").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (details.open) {
        load(details);
      }
    });
    if (details.open) {
      load(details);
    }
  });
})();
