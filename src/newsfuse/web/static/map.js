// newsfuse: the story page's interactive map (Leaflet, vendored; no tiles, no CDN).
// Draws the bundled country outlines from /map/countries.geojson, the story's places as
// circles sized by mentions and sources, the datelines as squares; frames the places that
// matter (bounds computed by the server, same rules as the static map). Labels are placed
// heaviest first and a label that would overlap one already shown, or leave the map, is
// hidden until zooming in makes room (its pin keeps a popup).
"use strict";
(function () {
  var el = document.getElementById("story-map");
  if (!el || !window.L) { return; }
  var data = JSON.parse(el.dataset.map);
  var tinted = {};
  data.countries.forEach(function (c) { tinted[c] = true; });
  var map = L.map(el, { zoomSnap: 0.25, minZoom: 1, maxZoom: 11, worldCopyJump: false });
  el.leafletMap = map;  // for tests and the console
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth · Leaflet");
  map.fitBounds(data.bounds, { padding: [6, 6] });
  map.createPane("land").style.zIndex = 300;
  var labels = [];
  function text(s) { var span = document.createElement("span"); span.textContent = s; return span; }
  data.pins.forEach(function (p) {
    var dateline = p.kind === "dateline";
    var mark = dateline
      ? L.marker([p.lat, p.lon], {
          icon: L.divIcon({ className: "map-dateline", iconSize: [12, 12] }),
          keyboard: false,
          title: p.name + " (dateline)",
        })
      : L.circleMarker([p.lat, p.lon], {
          radius: p.radius, className: "map-pin", weight: 1.5, color: "#fff",
          fillColor: "#1f5f9e", fillOpacity: 0.9,
        });
    var tip = p.name + (p.detail && !dateline ? " (" + p.detail + ")" : "") +
      (dateline ? " — dateline" : " — " + p.weight + " mentions, " + p.sources + " sources");
    mark.bindPopup(text(tip));  // nodes, not strings: Leaflet puts strings in as HTML
    mark.bindTooltip(text(p.name), {
      permanent: true, direction: "right", className: "map-label",
      offset: [dateline ? 6 : p.radius, 0], opacity: 1,
    });
    mark.addTo(map);
    labels.push(mark.getTooltip());
  });
  function overlaps(a, b) {
    return !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
  }
  function declutter() {
    var frame = el.getBoundingClientRect();
    var shown = [];
    labels.forEach(function (t) {
      var node = t.getElement();
      if (!node) { return; }
      node.style.visibility = "visible";
      var r = node.getBoundingClientRect();
      var inside = r.left >= frame.left && r.right <= frame.right &&
        r.top >= frame.top && r.bottom <= frame.bottom;
      if (!inside || shown.some(function (s) { return overlaps(r, s); })) {
        node.style.visibility = "hidden";
        node.classList.add("map-label-hidden");
      } else {
        node.classList.remove("map-label-hidden");
        shown.push(r);
      }
    });
  }
  fetch("/map/countries.geojson").then(function (r) { return r.json(); }).then(function (g) {
    L.geoJSON(g, {
      pane: "land", interactive: false,
      style: function (f) {
        return { color: "#b9b2a3", weight: 0.7, fillOpacity: 1,
                 fillColor: tinted[f.properties.code] ? "#efe3c8" : "#f4f1ea" };
      },
    }).addTo(map);
    el.dataset.ready = "1";
  });
  map.on("zoomend moveend resize", declutter);
  declutter();
})();
