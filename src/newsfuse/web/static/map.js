// newsfuse: the story page's interactive map (Leaflet, vendored; no tiles, no CDN).
// Draws the bundled country outlines from /map/countries.geojson, the story's places as
// circles sized by mentions and sources, the datelines as squares; frames the places that
// matter (bounds computed by the server, same rules as the static map). Labels are placed
// heaviest first at the first side of the pin (right, left, above, below) where they stay
// inside the map and overlap no label already shown; a label that fits nowhere is hidden
// until zooming in makes room (its pin keeps a popup).
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
  var labels = [], named = {};
  function text(s) { var span = document.createElement("span"); span.textContent = s; return span; }
  function counted(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }
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
      (dateline ? " — dateline" : " — " + counted(p.weight, "mention") + ", " + counted(p.sources, "source"));
    mark.options.pinName = p.name;
    mark.bindPopup(text(tip));  // nodes, not strings: Leaflet puts strings in as HTML
    mark.addTo(map);
    if (named[p.name]) { return; }  // a place that is also a dateline: one label
    named[p.name] = true;
    mark.bindTooltip(text(p.name), {
      permanent: true, direction: "right", className: "map-label",
      offset: [dateline ? 6 : p.radius, 0], opacity: 1,
    });
    var label = mark.getTooltip();
    label.options.radius = dateline ? 6 : p.radius;
    label.options.name = p.name;  // its own pins (place and dateline) are no obstacle
    labels.push(label);
  });
  function overlaps(a, b) {
    return !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
  }
  var SIDES = ["right", "left", "top", "bottom"];
  function place(t, side) {
    var r = t.options.radius;
    t.options.direction = side;
    t.options.offset = side === "right" ? [r, 0] : side === "left" ? [-r, 0]
      : side === "top" ? [0, -r] : [0, r];
    t.update();
  }
  function declutter() {
    var frame = el.getBoundingClientRect();
    var pins = [];  // every pin is an obstacle for the labels of the others
    map.eachLayer(function (layer) {
      var node = layer.getElement ? layer.getElement() : null;
      if (node && (layer instanceof L.CircleMarker || layer instanceof L.Marker)) {
        var b = node.getBoundingClientRect(), x = (b.left + b.right) / 2, y = (b.top + b.bottom) / 2;
        // a pin's centre must stay visible; its rim may sit under a label
        pins.push({ name: layer.options.pinName, rect: { left: x - 3, right: x + 3, top: y - 3, bottom: y + 3 } });
      }
    });
    var shown = [];
    labels.forEach(function (t) {
      var node = t.getElement();
      if (!node) { return; }
      var fits = SIDES.some(function (side) {
        place(t, side);
        var r = node.getBoundingClientRect();
        var inside = r.left >= frame.left && r.right <= frame.right &&
          r.top >= frame.top && r.bottom <= frame.bottom;
        if (!inside || shown.some(function (s) { return overlaps(r, s); }) ||
            pins.some(function (p) { return p.name !== t.options.name && overlaps(r, p.rect); })) {
          return false;
        }
        shown.push(r);
        return true;
      });
      if (!fits) { place(t, "right"); }
      node.style.visibility = fits ? "visible" : "hidden";
      node.classList.toggle("map-label-hidden", !fits);
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
