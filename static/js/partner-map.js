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

  // maxZoom is required by the cluster layer (street level is enough for an address).
  var map = L.map(container, { scrollWheelZoom: false, maxZoom: 18 });
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
  document.querySelectorAll("#partner-map-list [data-organisation], #partner-map-far [data-organisation]").forEach(function (li) {
    listItems[li.getAttribute("data-organisation")] = li;
  });

  // Partners close together gather in a numbered cluster; a click or Enter on it zooms in.
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
  var placed = [];
  var near = [];
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
    // The name on hover, and on keyboard focus too: not everyone uses a mouse.
    marker.bindTooltip(item.name, { direction: "top", offset: [0, -8] });
    marker.on("add", function () {
      var el = marker.getElement();
      if (el) {
        el.setAttribute("aria-label", item.name + " (" + item.domain_label + ")");
        el.setAttribute("data-organisation", String(item.id));
        el.addEventListener("focus", function () { marker.openTooltip(); });
        el.addEventListener("blur", function () { marker.closeTooltip(); });
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
    cluster.addLayer(marker);
    placed.push([item.lat, item.lng]);
    if (!item.far) {
      near.push([item.lat, item.lng]);
    }
  });
  map.addLayer(cluster);

  if (placed.length) {
    // The coalition's own area first; far-away partners are listed beside the map.
    map.fitBounds(L.latLngBounds(near.length ? near : placed), { padding: [24, 24], maxZoom: 14 });
  } else {
    // The middle of the Netherlands, so an empty map still shows where we are.
    map.setView([52.1, 5.3], 7);
    say("Geen van de getoonde organisaties heeft een locatie.");
  }
  container.setAttribute("data-markers-placed", String(placed.length));
})();
