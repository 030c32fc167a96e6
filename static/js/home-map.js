/* The home page's map of the Netherlands: every coalition at its gemeenten, clustered.
 * Points come from the page's JSON (json_script), tiles from settings. The list below the map
 * carries the same coalitions, so the page works without this file and without tiles. No
 * inline scripts: the CSP forbids them. */
(function () {
  "use strict";

  var container = document.getElementById("home-map");
  var pointData = document.getElementById("home-map-points");
  var configData = document.getElementById("home-map-config");
  if (!container || !pointData || !configData || typeof L === "undefined") {
    return;
  }
  var points = JSON.parse(pointData.textContent);
  var config = JSON.parse(configData.textContent);
  var status = document.getElementById("home-map-status");

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  // maxZoom is required by the cluster layer; 13 shows a town, enough for a gemeente.
  var map = L.map(container, { scrollWheelZoom: false, maxZoom: 13, minZoom: 6 });
  var tiles = L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 13 });
  var tileErrorShown = false;
  tiles.on("tileerror", function () {
    if (!tileErrorShown) {
      tileErrorShown = true;
      container.classList.add("tiles-failed");
      say("De kaartachtergrond kan niet worden geladen. De coalities staan wel op de kaart en in de lijst.");
    }
  });
  tiles.addTo(map);

  function popupContent(item) {
    // Built from text nodes: names never become HTML.
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.name;
    box.appendChild(link);
    var detail = document.createElement("div");
    detail.textContent = item.place + " · " + item.phase;
    box.appendChild(detail);
    return box;
  }

  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  var placed = [];
  points.forEach(function (item) {
    var marker = L.marker([item.lat, item.lng], {
      title: item.name + " (" + item.place + ")",
      alt: item.name,
      keyboard: true,
    });
    marker.bindPopup(popupContent(item));
    marker.bindTooltip(item.name);
    cluster.addLayer(marker);
    placed.push([item.lat, item.lng]);
  });
  map.addLayer(cluster);

  if (placed.length) {
    map.fitBounds(L.latLngBounds(placed), { padding: [24, 24], maxZoom: 10 });
  } else {
    map.setView([52.2, 5.3], 7); // the middle of the Netherlands
    say("Geen van de getoonde coalities heeft een locatie.");
  }
  container.setAttribute("data-markers-placed", String(placed.length));
})();
