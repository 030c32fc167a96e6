/* The organisation form's map: a click or dragging the pin fills the latitude and longitude
 * fields the Dutch way ("52,0116"), and typed coordinates move the pin. The fields stay the
 * record and the keyboard's way; whether a position is acceptable (in pairs, in the
 * Netherlands) is the model's rule, checked on saving, never here. No inline scripts: the CSP
 * forbids them; settings come from the page's JSON (json_script). */
(function () {
  "use strict";

  var box = document.querySelector("[data-location-picker]");
  var configData = document.getElementById("location-picker-config");
  if (!box || !configData || typeof L === "undefined") {
    return;
  }
  var latField = document.getElementById(box.getAttribute("data-latitude"));
  var lngField = document.getElementById(box.getAttribute("data-longitude"));
  if (!latField || !lngField) {
    return;
  }
  var config = JSON.parse(configData.textContent);
  var status = box.querySelector("[data-location-status]");
  box.hidden = false;

  function say(text) {
    status.textContent = text;
  }

  // The fields hold six decimals (about 10 cm): more would only be refused.
  function dutch(number) {
    return number.toFixed(6).replace(/\.?0+$/, "").replace(".", ",");
  }

  // A typed value as a number, comma or point; anything else is left to the server's parser.
  function parse(text) {
    var value = String(text || "").trim().replace(",", ".");
    return /^[+-]?\d+(\.\d+)?$/.test(value) ? parseFloat(value) : null;
  }

  function typed() {
    var lat = parse(latField.value);
    var lng = parse(lngField.value);
    if (lat === null || lng === null || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      return null;
    }
    return L.latLng(lat, lng);
  }

  var map = L.map(box.querySelector(".location-picker-map"), { scrollWheelZoom: false, maxZoom: 18 });
  var tiles = L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 18 });
  var tileErrorShown = false;
  tiles.on("tileerror", function () {
    if (!tileErrorShown) {
      tileErrorShown = true;
      say("De kaartachtergrond kan niet worden geladen. Klikken vult de coördinaten wel in; u kunt ze ook typen.");
    }
  });
  tiles.addTo(map);

  var pin = null;

  function fill(latlng) {
    latField.value = dutch(latlng.lat);
    lngField.value = dutch(latlng.lng);
    [latField, lngField].forEach(function (field) {
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
    say("Locatie gekozen: " + latField.value + "; " + lngField.value + ". Sla het formulier op om haar te bewaren.");
  }

  function place(latlng) {
    if (pin) {
      pin.setLatLng(latlng);
      return;
    }
    pin = L.marker(latlng, {
      draggable: true,
      keyboard: true,
      title: "Locatie van de organisatie",
      icon: L.divIcon({ className: "location-pin", iconSize: [22, 22], iconAnchor: [11, 11] }),
    });
    pin.on("add", function () {
      var el = pin.getElement();
      if (el) {
        el.setAttribute("aria-label", "Locatie van de organisatie (verslepen met de muis; typen kan in de velden)");
      }
    });
    pin.on("dragend", function () {
      fill(pin.getLatLng().wrap());
    });
    pin.addTo(map);
  }

  map.on("click", function (event) {
    var latlng = event.latlng.wrap();
    place(latlng);
    fill(latlng);
  });

  // Typed coordinates move the pin, so both ways show the same place.
  [latField, lngField].forEach(function (field) {
    field.addEventListener("change", function (event) {
      if (!event.isTrusted) {
        return; // our own fill() above
      }
      var latlng = typed();
      if (latlng) {
        place(latlng);
        map.panTo(latlng);
      }
    });
  });

  var start = typed();
  if (start) {
    place(start);
    map.setView(start, 15);
  } else {
    map.setView(config.center, config.zoom);
  }
  box.setAttribute("data-ready", "true");
})();
