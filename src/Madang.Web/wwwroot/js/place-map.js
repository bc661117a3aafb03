// Maps enhance what is already on the page: the list of places and the latitude/longitude fields work without them.
(function () {
  'use strict';
  function start() {
    if (!window.L) { return; }
    document.querySelectorAll('.place-map').forEach(function (el) {
      var c = (el.getAttribute('data-center') || '0,0,2').split(',').map(Number);
      var map = L.map(el, { scrollWheelZoom: false }).setView([c[0], c[1]], c[2]);
      map.attributionControl.setPrefix(false);
      L.tileLayer(el.getAttribute('data-tiles'), { attribution: el.getAttribute('data-attribution') || '', maxZoom: 19 }).addTo(map);
      var points = el.getAttribute('data-points');
      if (points) {
        var list = document.getElementById(points);
        var bounds = [];
        (list ? list.querySelectorAll('[data-lat][data-long]') : []).forEach(function (item) {
          var lat = item.getAttribute('data-lat');
          var lng = item.getAttribute('data-long');
          if (!lat || !lng || !isFinite(Number(lat)) || !isFinite(Number(lng))) { return; }
          var at = [Number(lat), Number(lng)];
          var link = item.querySelector('a');
          var title = link ? link.textContent.trim() : '';
          var marker = L.marker(at, { title: title, alt: title }).addTo(map);
          if (link) {
            var a = document.createElement('a');
            a.href = link.href;
            a.textContent = title;
            marker.bindPopup(a);
          }
          bounds.push(at);
        });
        if (bounds.length === 1) { map.setView(bounds[0], 16); } else if (bounds.length > 1) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 }); }
      }
      var pick = el.getAttribute('data-pick');
      if (pick) {
        var ids = pick.split(',');
        var lat = document.getElementById(ids[0]);
        var lng = document.getElementById(ids[1]);
        var marker = null;
        var place = function (at, pan) {
          if (marker) { marker.setLatLng(at); } else { marker = L.marker(at, { alt: el.getAttribute('aria-label') }).addTo(map); }
          if (pan) { map.setView(at, Math.max(map.getZoom(), 15)); }
        };
        if (lat && lng && lat.value && lng.value) { place([Number(lat.value), Number(lng.value)], true); }
        map.on('click', function (e) {
          lat.value = e.latlng.lat.toFixed(6);
          lng.value = e.latlng.lng.toFixed(6);
          place(e.latlng, false);
        });
        [lat, lng].forEach(function (input) {
          if (input) {
            input.addEventListener('change', function () {
              if (lat.value && lng.value && !isNaN(Number(lat.value)) && !isNaN(Number(lng.value))) { place([Number(lat.value), Number(lng.value)], true); }
            });
          }
        });
      }
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
