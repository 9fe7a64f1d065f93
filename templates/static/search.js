/* search.html's one script: starts Pagefind's search box over the index in pagefind/.
   Without it the page shows its links instead; opened from disk it says why. */
"use strict";
(function () {
  var fallback = document.querySelector(".search-fallback");
  if (location.protocol === "file:") {
    document.querySelector(".search-file").hidden = false;
    return;
  }
  if (typeof PagefindUI === "undefined") {  // no index: `serve` leaves it out
    document.querySelector(".search-unindexed").hidden = false;
    return;
  }
  var ui = new PagefindUI({
    element: "#search",
    showImages: false,
    showSubResults: true,
    // Results link beside this page, so the site works at any host and in any folder.
    baseUrl: new URL(".", location.href).pathname
  });
  // Pagefind's box has only a placeholder for a name: give it the page's visible label.
  var label = document.getElementById("search-label");
  document.querySelector("#search input").setAttribute("aria-labelledby", label.id);
  label.hidden = false;
  fallback.hidden = true;
  var term = new URLSearchParams(location.search).get("q");
  if (term) {
    ui.triggerSearch(term);
  }
})();
