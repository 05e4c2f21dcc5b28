// Installs Ruqsat's service worker (served at the URL in data-worker-url, /sw.js?lang=<the page's
// language>), which shows a page of its own when the network is gone and keeps nothing else on the
// device (config/pwa.py). A page in another language names another URL, so the browser installs the
// worker again with the offline page in that language. Only logged-in pages load this script. Without JavaScript, or in a browser without service workers,
// the site works the same; only the offline page is missing.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  var workerUrl = script.getAttribute("data-worker-url");
  window.addEventListener("load", function () {
    // A failed registration (private window, storage disabled) changes nothing a person sees.
    navigator.serviceWorker.register(workerUrl, { scope: "/" }).catch(function () {});
  });
})();
