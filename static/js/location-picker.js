/* Location picker in the report form. Progressive enhancement: without JavaScript the form has a
   street-address field and latitude/longitude number fields (in a <details> "Coördinaten"); with it,
   each <div class="location-picker"> becomes a Leaflet map that fills those fields in.

   Data attributes on .location-picker (the ones marked * are required):
     data-lat-input*, data-lon-input*   ids of the latitude/longitude inputs (written with 6 decimals,
                                        followed by a bubbling "change" event)
     data-address-input   id of the address input: filled with the reverse-geocoded label when it is
                          empty or still holds the label the picker put there
     data-tiles           tile URL template; empty: no background tiles
     data-attribution     attribution text (plain text, never HTML); data-attribution-url: optional link
     data-bounds          "south,west,north,east" shown first when no location is chosen yet
     data-center          "lat,lon" shown first when there are no bounds either
     data-reverse-url     URL with {lat} and {lon}; answers JSON {"label": "..."} or 404
     data-hint            instruction shown above the map
   Optional texts (Dutch defaults; {placeholders} are filled in):
     data-keyboard-hint, data-map-label, data-geolocate-label, data-geolocate-busy,
     data-geolocate-error, data-chosen-template ("Gekozen plaats: {label}"), data-marker-label,
     data-label-zoom-in, data-label-zoom-out.
   Keyboard: the map is focusable; arrow keys pan, + and - zoom, Enter chooses the centre of the map
   (a ring marks it while the map has keyboard focus). */
(function () {
  "use strict";

  if (!window.L || !window.ThuisloketMaps) { return; }
  var L = window.L;
  var maps = window.ThuisloketMaps;
  var fill = maps.fill;
  var parseNumbers = maps.parseNumbers;
  var parseBounds = maps.parseBounds;
  var counter = 0;

  // Number inputs hold "51.054342"; accept a decimal comma as typed by hand in a text field.
  function inputNumber(input, limit) {
    var value = (input.value || "").trim().replace(",", ".");
    if (value === "") { return null; }
    var n = Number(value);
    return isFinite(n) && Math.abs(n) <= limit ? n : null;
  }

  function init(box) {
    var data = box.dataset;
    var latInput = document.getElementById(data.latInput || "");
    var lonInput = document.getElementById(data.lonInput || "");
    if (!latInput || !lonInput || box.querySelector(".leaflet-container")) { return; }
    var addressInput = data.addressInput ? document.getElementById(data.addressInput) : null;
    var id = "location-picker-" + (++counter);

    function text(name, fallback) {
      var value = data[name];
      return value === undefined || value === "" ? fallback : value;
    }

    // --- Markup: hint, map, optional "use my location" button, polite live region.
    var hint = document.createElement("p");
    hint.className = "hint location-picker__hint";
    hint.id = id + "-hint";
    var keyboardHint = data.keyboardHint !== undefined ? data.keyboardHint :
      "Met het toetsenbord: ga naar de kaart, verschuif ze met de pijltjestoetsen, zoom met + en \u2212 " +
      "en druk op Enter om het midden van de kaart te kiezen.";
    hint.textContent = [data.hint || "Klik op de kaart om de plaats aan te duiden.", keyboardHint]
      .filter(Boolean).join(" ");

    var mapEl = document.createElement("div");
    mapEl.className = "location-picker__map";
    mapEl.id = id + "-map";
    mapEl.setAttribute("role", "application");
    mapEl.setAttribute("aria-label", text("mapLabel", "Kaart om de plaats te kiezen"));
    mapEl.setAttribute("aria-describedby", hint.id);

    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");

    box.appendChild(hint);
    box.appendChild(mapEl);

    var locateButton = null;
    var locateError = null;
    if (navigator.geolocation && window.isSecureContext !== false) {
      var actions = document.createElement("p");
      actions.className = "location-picker__actions";
      locateButton = document.createElement("button");
      locateButton.type = "button";
      locateButton.className = "button button-secondary location-picker__locate";
      locateButton.textContent = text("geolocateLabel", "Gebruik mijn locatie");
      actions.appendChild(locateButton);
      box.appendChild(actions);
      locateError = document.createElement("p");
      locateError.className = "error-message location-picker__error";
      locateError.hidden = true;
      box.appendChild(locateError);
    }
    box.appendChild(live);

    // --- Map
    var map = L.map(mapEl, { zoomControl: false, scrollWheelZoom: false, keyboard: true });
    L.control.zoom({
      zoomInTitle: text("labelZoomIn", "Inzoomen"),
      zoomOutTitle: text("labelZoomOut", "Uitzoomen")
    }).addTo(map);
    map.on("focus", function () { map.scrollWheelZoom.enable(); });
    map.on("blur", function () { map.scrollWheelZoom.disable(); });

    maps.addTiles(map, mapEl, data);

    var marker = null;
    var writing = false;
    var autoAddress = null; // the last label the picker wrote into the address input
    var lookup = 0;         // sequence number: only the newest reverse lookup may write
    var controller = null;

    function announce(message) {
      live.textContent = "";
      window.setTimeout(function () { live.textContent = message; }, 50);
    }

    function setMarker(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
        return;
      }
      marker = L.marker(latlng, {
        draggable: true,
        keyboard: false, // no tab stop that does nothing: Enter on the map moves it
        autoPan: true,
        icon: L.divIcon({ className: "marker marker--picked", html: "", iconSize: [30, 40], iconAnchor: [15, 40] })
      }).addTo(map);
      marker.on("dragend", function () { choose(marker.getLatLng(), false); });
    }

    function fire(input) {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function writeCoordinates(lat, lon) {
      writing = true;
      try {
        latInput.value = lat;
        lonInput.value = lon;
        fire(latInput);
        fire(lonInput);
      } finally {
        writing = false;
      }
    }

    function reverse(lat, lon) {
      if (!data.reverseUrl || !window.fetch) { return Promise.resolve(null); }
      var url = data.reverseUrl
        .replace(/\{lat\}|%7Blat%7D/gi, encodeURIComponent(lat))
        .replace(/\{lon\}|%7Blon%7D/gi, encodeURIComponent(lon));
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      return fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (body) {
        var label = body && typeof body.label === "string" ? body.label.trim() : "";
        return label ? label.slice(0, 255) : null;
      });
    }

    // Choose a place: marker, coordinates, then (asynchronously) address and announcement.
    // keepInputs: the coordinates came from the inputs themselves (typed by hand): leave them as typed.
    function choose(latlng, pan, zoom, keepInputs) {
      latlng = L.latLng(latlng).wrap();
      if (locateError) { locateError.hidden = true; }
      var lat = latlng.lat.toFixed(6);
      var lon = latlng.lng.toFixed(6);
      setMarker([Number(lat), Number(lon)]);
      if (pan) {
        map.setView(marker.getLatLng(), Math.max(map.getZoom(), zoom || 0));
      }
      if (!keepInputs) { writeCoordinates(lat, lon); }
      var mine = ++lookup;
      reverse(lat, lon).catch(function () { return null; }).then(function (label) {
        if (mine !== lookup) { return; }
        if (label && addressInput && (addressInput.value.trim() === "" || addressInput.value === autoAddress)) {
          addressInput.value = label;
          autoAddress = label;
          fire(addressInput);
        }
        announce(fill(text("chosenTemplate", "Gekozen plaats: {label}"),
          { label: label || lat + ", " + lon, lat: lat, lon: lon }));
      });
    }

    map.on("click", function (event) { choose(event.latlng, false); });

    // Enter on the focused map (not on a zoom button or link inside it) chooses the centre.
    mapEl.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target === mapEl && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        choose(map.getCenter(), false);
      }
    });

    // Coordinates typed by hand (the <details> fields) move the marker too.
    function fromInputs(pan) {
      var lat = inputNumber(latInput, 90);
      var lon = inputNumber(lonInput, 180);
      if (lat === null || lon === null) { return false; }
      setMarker([lat, lon]);
      if (pan) { map.setView([lat, lon], 17); }
      return true;
    }
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("change", function () {
        if (writing) { return; }
        if (fromInputs(true)) { choose(marker.getLatLng(), false, 0, true); }
      });
    });

    // Initial view: an existing location (photo GPS, validation error), else the bounds, else the centre.
    if (!fromInputs(true)) {
      var bounds = parseBounds(data.bounds);
      var center = parseNumbers(data.center, 2);
      if (bounds) {
        map.fitBounds(bounds);
      } else if (center) {
        map.setView(center, 14);
      } else {
        map.setView([50.85, 4.35], 8);
      }
    } else if (addressInput && addressInput.value.trim() === "" && data.reverseUrl) {
      // A prefilled location without an address: look it up once, quietly.
      var start = marker.getLatLng();
      var mine = ++lookup;
      reverse(start.lat.toFixed(6), start.lng.toFixed(6)).catch(function () { return null; }).then(function (label) {
        if (mine === lookup && label && addressInput.value.trim() === "") {
          addressInput.value = label;
          autoAddress = label;
          fire(addressInput);
        }
      });
    }

    // --- "Use my location"
    if (locateButton) {
      var busy = false;
      locateButton.addEventListener("click", function () {
        if (busy) { return; }
        busy = true;
        locateButton.setAttribute("aria-disabled", "true");
        locateError.hidden = true;
        announce(text("geolocateBusy", "Uw locatie wordt opgezocht\u2026"));
        navigator.geolocation.getCurrentPosition(function (position) {
          busy = false;
          locateButton.removeAttribute("aria-disabled");
          choose([position.coords.latitude, position.coords.longitude], true, 17);
        }, function () {
          busy = false;
          locateButton.removeAttribute("aria-disabled");
          // Visible for everyone; the live region tells screen reader users.
          locateError.textContent = text("geolocateError",
            "Uw locatie kon niet bepaald worden. Klik op de kaart of vul het adres in.");
          locateError.hidden = false;
          announce(locateError.textContent);
        }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll(".location-picker"), init);
})();
