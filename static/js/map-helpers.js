/* What the desk's two maps share (map.js, the public map; location-picker.js, the report form): filling
   text templates, escaping, accepting only http(s) URLs, reading "south,west,north,east" and "lat,lon"
   from data attributes, and the background tiles with their attribution.

   Loaded before either script (deferred scripts run in document order); they find it as
   window.ThuisloketMaps. Leaflet (window.L) is looked up when a function needs it. */
(function () {
  "use strict";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return values[key] === undefined || values[key] === null ? "" : String(values[key]);
    });
  }

  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  // Only http(s) URLs (relative ones resolve against the page): never javascript: or data: from data.
  function safeUrl(value) {
    if (typeof value !== "string" || value === "") { return null; }
    try {
      var url = new URL(value, window.location.href);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function parseNumbers(value, count) {
    var parts = (value || "").split(",").map(function (part) { return parseFloat(part); });
    if (parts.length !== count || parts.some(function (n) { return !isFinite(n); })) { return null; }
    return parts;
  }

  function parseBounds(value) {
    var p = parseNumbers(value, 4);
    if (!p || p[0] >= p[2] || p[0] < -90 || p[2] > 90) { return null; }
    return window.L.latLngBounds([p[0], p[1]], [p[2], p[3]]);
  }

  // The tiles of data-tiles with the plain-text data-attribution (linked to data-attribution-url);
  // without data-tiles the container gets report-map--no-tiles.
  function addTiles(map, container, data) {
    if (!data.tiles) {
      container.classList.add("report-map--no-tiles");
      return;
    }
    var attribution = escapeHtml(data.attribution || "");
    var attributionUrl = safeUrl(data.attributionUrl);
    if (attribution && attributionUrl) {
      attribution = "<a href=\"" + escapeHtml(attributionUrl) + "\">" + attribution + "</a>";
    }
    window.L.tileLayer(data.tiles, {
      attribution: attribution,
      maxZoom: 19,
      // The site sends no Referer (same-origin policy); tile servers such as OSM's want one: the origin only.
      referrerPolicy: "strict-origin"
    }).addTo(map);
  }

  window.ThuisloketMaps = {
    fill: fill,
    escapeHtml: escapeHtml,
    safeUrl: safeUrl,
    parseNumbers: parseNumbers,
    parseBounds: parseBounds,
    addTiles: addTiles
  };
})();
