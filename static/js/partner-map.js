/* The partner map: markers from the page's JSON (json_script), tiles from settings.
 * The list beside the map carries the same information, so the page works without this file
 * and without tiles. No inline scripts: the CSP forbids them. */
(function () {
  "use strict";

  var container = document.getElementById("partner-map");
  var markerData = document.getElementById("partner-map-markers");
  var configData = document.getElementById("partner-map-config");
  if (!container || !markerData || !configData || typeof L === "undefined") {
    return;
  }
  var markers = JSON.parse(markerData.textContent);
  var config = JSON.parse(configData.textContent);
  var status = document.getElementById("partner-map-status");

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  var map = L.map(container, { scrollWheelZoom: false });
  var tiles = L.tileLayer(config.tileUrl, {
    attribution: config.attribution,
    maxZoom: 18,
  });
  var tileErrorShown = false;
  tiles.on("tileerror", function () {
    if (!tileErrorShown) {
      tileErrorShown = true;
      container.classList.add("tiles-failed");
      say("De kaartachtergrond kan niet worden geladen. De organisaties staan wel op de kaart en in de lijst.");
    }
  });
  tiles.addTo(map);

  function popupContent(item) {
    // Built from text nodes: names never become HTML.
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = item.name;
    box.appendChild(name);
    var detail = document.createElement("div");
    detail.textContent = item.category + " · " + item.domain_label + (item.place ? " · " + item.place : "");
    box.appendChild(detail);
    return box;
  }

  var listItems = {};
  document.querySelectorAll("#partner-map-list [data-organisation]").forEach(function (li) {
    listItems[li.getAttribute("data-organisation")] = li;
  });

  var placed = [];
  markers.forEach(function (item) {
    var icon = L.divIcon({
      className: "partner-marker partner-marker--" + item.domain,
      iconSize: [16, 16],
    });
    var marker = L.marker([item.lat, item.lng], {
      icon: icon,
      title: item.name,
      keyboard: true,
    });
    marker.bindPopup(popupContent(item));
    marker.on("add", function () {
      var el = marker.getElement();
      if (el) {
        el.setAttribute("aria-label", item.name + " (" + item.domain_label + ")");
        el.setAttribute("data-organisation", String(item.id));
      }
    });
    marker.on("popupopen", function () {
      var li = listItems[String(item.id)];
      if (li) {
        li.classList.add("is-highlighted");
      }
    });
    marker.on("popupclose", function () {
      var li = listItems[String(item.id)];
      if (li) {
        li.classList.remove("is-highlighted");
      }
    });
    marker.addTo(map);
    placed.push([item.lat, item.lng]);
  });

  if (placed.length) {
    map.fitBounds(L.latLngBounds(placed), { padding: [24, 24], maxZoom: 14 });
  } else {
    // The middle of the Netherlands, so an empty map still shows where we are.
    map.setView([52.1, 5.3], 7);
    say("Geen van de getoonde organisaties heeft een locatie.");
  }
  container.setAttribute("data-markers-placed", String(placed.length));
})();
