/* Public map of reports ("Meldingen op de kaart"), /meldingen/kaart/.
   Progressive enhancement: without JavaScript (or without Leaflet) the page shows the ordered list of
   reports, which stays the accessible equivalent of the map. With it, we turn #report-map into a Leaflet
   map and load the reports from data-geojson-url.

   Data attributes on #report-map (the ones marked * are required):
     data-geojson-url*   GeoJSON FeatureCollection of Point features; properties: reference, category,
                         status ("open" | "closed"), status_label, created, url, optional photo_url
     data-tiles          tile URL template ({z}/{x}/{y}, optional {s}); empty: no background tiles
     data-attribution    attribution text (plain text, never HTML); data-attribution-url: optional link
     data-bounds         "south,west,north,east" the map first shows (else: fit the markers)
     data-label-open / data-label-closed   status names (legend; fallback when status_label is missing)
     data-list-id        id of the accessible list: aria-describedby + a "skip the map" link
     data-error-text     shown inside the map when the reports cannot be loaded
   Optional texts (Dutch defaults; {placeholders} are filled in):
     data-empty-text, data-skip-label, data-marker-label ("{reference}: {category}, {status}"),
     data-label-details ("Bekijk melding {reference}"), data-label-created ("Gemeld op {date}"),
     data-label-photo ("Foto bij melding {reference}"), data-label-close, data-label-zoom-in,
     data-label-zoom-out.
   CSP: no inline markup styles; Leaflet positions elements through element.style (CSSOM), which
   style-src 'self' allows. Popups are built with textContent, never innerHTML with data. */
(function () {
  "use strict";

  var el = document.getElementById("report-map");
  if (!el || !window.L || !window.ThuisloketMaps || !window.fetch || el.classList.contains("leaflet-container")) {
    return;
  }
  var L = window.L;
  var maps = window.ThuisloketMaps;
  var data = el.dataset;
  var lang = document.documentElement.lang || "nl-BE";

  function text(name, fallback) {
    var value = data[name];
    return value === undefined || value === "" ? fallback : value;
  }

  // The map's labels are trimmed: a template may end in a placeholder that is empty.
  function fill(template, values) {
    return maps.fill(template, values).trim();
  }
  var safeUrl = maps.safeUrl;

  function formatDate(value) {
    if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(value)) { return value || ""; }
    var date = new Date(value.length === 10 ? value + "T12:00:00" : value);
    if (isNaN(date.getTime())) { return value; }
    try {
      return new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric" }).format(date);
    } catch (e) {
      return date.toLocaleDateString();
    }
  }

  // --- The map
  var map = L.map(el, { zoomControl: false, scrollWheelZoom: false, keyboard: true });
  L.control.zoom({
    zoomInTitle: text("labelZoomIn", "Inzoomen"),
    zoomOutTitle: text("labelZoomOut", "Uitzoomen")
  }).addTo(map);
  // Wheel zoom only once the map has focus (clicked or tabbed to): scrolling the page never gets stuck.
  map.on("focus", function () { map.scrollWheelZoom.enable(); });
  map.on("blur", function () { map.scrollWheelZoom.disable(); });

  var bounds = maps.parseBounds(data.bounds);
  if (bounds) {
    map.fitBounds(bounds);
  } else {
    map.setView([50.85, 4.35], 8);
  }

  maps.addTiles(map, el, data);

  // The list below the map is the accessible equivalent.
  var list = data.listId ? document.getElementById(data.listId) : null;
  if (list) {
    var describedBy = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (describedBy.indexOf(list.id) === -1) { describedBy.push(list.id); }
    el.setAttribute("aria-describedby", describedBy.join(" "));
  }

  var labelOpen = text("labelOpen", "Open");
  var labelClosed = text("labelClosed", "Afgehandeld");

  // Legend: shape + colour + text.
  var Legend = L.Control.extend({
    options: { position: "topright" },
    onAdd: function () {
      var box = L.DomUtil.create("div", "map-legend leaflet-control");
      var ul = document.createElement("ul");
      [["marker--open", labelOpen], ["marker--closed", labelClosed]].forEach(function (row) {
        var li = document.createElement("li");
        var swatch = document.createElement("span");
        swatch.className = "marker " + row[0];
        swatch.setAttribute("aria-hidden", "true");
        li.appendChild(swatch);
        li.appendChild(document.createTextNode(row[1]));
        ul.appendChild(li);
      });
      box.appendChild(ul);
      L.DomEvent.disableClickPropagation(box);
      return box;
    }
  });
  new Legend().addTo(map);

  function showMessage(message) {
    var old = el.querySelector(".report-map__message");
    if (old) { old.parentNode.removeChild(old); }
    var p = document.createElement("p");
    p.className = "report-map__message";
    p.setAttribute("role", "status");
    p.textContent = message;
    L.DomEvent.disableClickPropagation(p);
    el.appendChild(p);
  }

  // --- Markers: L.marker with a divIcon, so each is a focusable element (role=button) with a name.
  var LabelledIcon = L.DivIcon.extend({
    createIcon: function (oldIcon) {
      var div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
      div.setAttribute("aria-label", this.options.label);
      return div;
    }
  });

  function popupContent(p, detailsUrl, statusLabel) {
    var box = document.createElement("div");
    box.className = "report-popup";
    var title = document.createElement("p");
    title.className = "report-popup__title";
    title.textContent = p.category || p.reference || "";
    box.appendChild(title);

    var status = document.createElement("p");
    status.className = "report-popup__status";
    status.textContent = statusLabel + (p.reference ? " \u00b7 " + p.reference : "");
    box.appendChild(status);

    if (p.created) {
      var created = document.createElement("p");
      created.className = "report-popup__created";
      var parts = text("labelCreated", "Gemeld op {date}").split("{date}");
      created.appendChild(document.createTextNode(parts[0]));
      var time = document.createElement("time");
      time.textContent = formatDate(p.created);
      if (/^\d{4}-\d{2}-\d{2}/.test(p.created)) { time.setAttribute("datetime", p.created); }
      created.appendChild(time);
      created.appendChild(document.createTextNode(parts.slice(1).join("")));
      box.appendChild(created);
    }

    var photoUrl = safeUrl(p.photo_url);
    if (photoUrl) {
      var img = document.createElement("img");
      img.className = "report-popup__photo";
      img.src = photoUrl;
      img.alt = fill(text("labelPhoto", "Foto bij melding {reference}"), p);
      img.loading = "lazy";
      box.appendChild(img);
    }

    if (detailsUrl) {
      var linkRow = document.createElement("p");
      var link = document.createElement("a");
      link.className = "report-popup__link";
      link.href = detailsUrl;
      link.textContent = fill(text("labelDetails", "Bekijk melding {reference}"), p);
      linkRow.appendChild(link);
      box.appendChild(linkRow);
    }
    return box;
  }

  var openedByKeyboard = false;
  var focusInPopup = false;
  var markerByIcon = new WeakMap();

  el.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === "Enter" || event.key === " " || event.key === "Spacebar") &&
        target.classList && target.classList.contains("marker")) {
      openedByKeyboard = true;
      if (event.key !== "Enter" && markerByIcon.has(target)) {
        // Leaflet itself opens the popup on Enter; a role=button also reacts to Space.
        event.preventDefault();
        markerByIcon.get(target).togglePopup();
      }
    } else if ((event.key === "Escape" || event.key === "Esc") && target.closest &&
               (target.closest(".leaflet-popup") || target.classList.contains("marker"))) {
      map.closePopup();
    }
  }, true);
  el.addEventListener("mousedown", function () { openedByKeyboard = false; }, true);
  el.addEventListener("focusin", function (event) {
    focusInPopup = !!(event.target.closest && event.target.closest(".leaflet-popup"));
  });

  function addMarker(feature, group) {
    var geometry = feature && feature.geometry;
    if (!geometry || geometry.type !== "Point" || !Array.isArray(geometry.coordinates)) { return; }
    var lon = Number(geometry.coordinates[0]);
    var lat = Number(geometry.coordinates[1]);
    if (!isFinite(lat) || !isFinite(lon)) { return; }
    var p = feature.properties || {};
    var closed = p.status === "closed";
    var statusLabel = p.status_label || (closed ? labelClosed : labelOpen);
    var label = fill(text("markerLabel", "{reference}: {category}, {status}"),
      { reference: p.reference, category: p.category, status: statusLabel, created: formatDate(p.created) });
    var detailsUrl = safeUrl(p.url);

    var marker = L.marker([lat, lon], {
      icon: new LabelledIcon({
        className: "marker " + (closed ? "marker--closed" : "marker--open"),
        html: "",
        iconSize: [22, 22],
        iconAnchor: [11, 11],
        popupAnchor: [0, -12],
        label: label
      }),
      keyboard: true,
      riseOnHover: true
    });
    marker.bindPopup(function () { return popupContent(p, detailsUrl, statusLabel); },
      // Pan the popup clear of the zoom buttons and the legend at the top of the map.
      { maxWidth: 260, minWidth: 160, autoPanPadding: [16, 16], autoPanPaddingTopLeft: [16, 96] });

    marker.on("add", function () { markerByIcon.set(marker.getElement(), marker); });
    marker.on("popupopen", function (event) {
      var popupEl = event.popup.getElement();
      var close = popupEl && popupEl.querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", text("labelClose", "Sluiten"));
        close.setAttribute("title", text("labelClose", "Sluiten"));
      }
      if (openedByKeyboard) {
        openedByKeyboard = false;
        // After the key event has finished, so the key does not also activate the link.
        window.setTimeout(function () {
          var link = popupEl && popupEl.querySelector(".report-popup__link, a[href]");
          if (link) { link.focus(); }
        }, 0);
      }
    });
    marker.on("popupclose", function () {
      if (focusInPopup) {
        focusInPopup = false;
        var icon = marker.getElement();
        window.setTimeout(function () { if (icon && icon.isConnected) { icon.focus(); } }, 0);
      }
    });
    group.addLayer(marker);
  }

  function addSkipLink() {
    if (!list || el.previousElementSibling && el.previousElementSibling.classList.contains("map-skip")) { return; }
    var skip = document.createElement("a");
    skip.className = "map-skip";
    skip.href = "#" + list.id;
    skip.textContent = text("skipLabel", "Kaart overslaan");
    skip.addEventListener("click", function (event) {
      event.preventDefault();
      if (!list.hasAttribute("tabindex")) { list.setAttribute("tabindex", "-1"); }
      list.focus();
    });
    el.parentNode.insertBefore(skip, el);
  }

  if (!data.geojsonUrl) { return; }
  fetch(data.geojsonUrl, {
    credentials: "same-origin",
    headers: { Accept: "application/geo+json, application/json" }
  }).then(function (response) {
    if (!response.ok) { throw new Error("HTTP " + response.status); }
    return response.json();
  }).then(function (collection) {
    if (!collection || !Array.isArray(collection.features)) { throw new Error("not a FeatureCollection"); }
    var group = L.featureGroup();
    collection.features.forEach(function (feature) { addMarker(feature, group); });
    group.addTo(map);
    if (group.getLayers().length === 0) {
      if (data.emptyText) { showMessage(data.emptyText); }
      return;
    }
    addSkipLink();
    if (!bounds) { map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 16 }); }
  }).catch(function () {
    showMessage(text("errorText", "De meldingen konden niet geladen worden. U vindt ze in de lijst hieronder."));
  });
})();
