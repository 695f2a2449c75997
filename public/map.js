// The public map (F-41): draws the markers of /api/v1/map with Leaflet (public/vendor/leaflet,
// loaded by the map page only). The server groups the points per zoom and box, so the phone
// draws at most a few hundred markers whatever the number of venues. Tiles come from the
// configured server; when they cannot load the markers still show on the empty background,
// and the server-rendered list under the map holds the same results. Every text shown comes
// from the page (data-msg-*, in the reader's language).
(function () {
  'use strict';
  var tries = 0;

  function start() {
    var root = document.getElementById('venue-map');
    if (!root || root.getAttribute('data-started')) return;
    if (!window.L) {
      // The two scripts may arrive in either order after a client-side navigation.
      if (tries++ < 200) setTimeout(start, 50);
      return;
    }
    root.setAttribute('data-started', '1');
    var L = window.L;
    var d = function (name) { return root.getAttribute('data-' + name) || ''; };
    var msg = function (name) { return d('msg-' + name); };
    var status = document.getElementById('map-status');
    var say = function (text) { if (status) status.textContent = text; };
    var datum = d('datum') || 'wgs84';

    var map = L.map(root, { zoomControl: true, keyboard: true, worldCopyJump: false, minZoom: 3, maxZoom: 18 });
    var options = { attribution: d('attribution'), maxZoom: 18 };
    if (d('subdomains')) options.subdomains = d('subdomains');
    L.tileLayer(d('tiles'), options).addTo(map);
    var layer = L.layerGroup().addTo(map);

    var box = d('bbox').split(',').map(Number);
    if (box.length === 4 && box.every(isFinite)) {
      map.fitBounds([[box[1], box[0]], [box[3], box[2]]]);
    } else {
      map.setView([35, 105], 4);
    }

    var listLink = document.getElementById('map-list-area');
    var nearBtn = document.getElementById('map-near-me');
    var pending = null;
    var seq = 0;

    function params(extra) {
      var b = map.getBounds();
      var q = {
        bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(6); }).join(','),
        zoom: String(map.getZoom()),
        kind: d('kind'),
        category: d('category'),
        layer: d('layer'),
        datum: datum
      };
      for (var k in extra) q[k] = extra[k];
      return Object.keys(q).filter(function (k) { return q[k] !== ''; })
        .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(q[k]); }).join('&');
    }

    function escapeHtml(s) {
      return String(s).replace(/[&<>"']/g, function (c) {
        return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
      });
    }

    function draw(data) {
      layer.clearLayers();
      data.items.forEach(function (item) {
        var at = [item.lat_e6 / 1e6, item.lng_e6 / 1e6];
        var group = item.count > 1;
        var kind = item.layer === 'venue' ? 'venue' : 'activity';
        var size = group ? Math.min(56, 30 + Math.round(Math.log(item.count) * 4)) : 28;
        var label = group
          ? item.count + ' ' + msg(kind === 'venue' ? 'venues' : 'activities')
          : (item.name || '');
        var icon = L.divIcon({
          className: 'map-marker map-marker-' + kind + (group ? ' map-cluster' : ''),
          html: group ? '<span>' + item.count + '</span>' : '',
          iconSize: [size, size]
        });
        var marker = L.marker(at, { icon: icon, keyboard: true, title: label, alt: label, riseOnHover: true });
        if (group) {
          marker.on('click', function () { map.setView(at, Math.min(map.getZoom() + 2, 18)); });
        } else {
          var href = (kind === 'venue' ? '/venues/' : '/activities/') + item.id;
          marker.bindPopup('<a href="' + href + '">' + escapeHtml(item.name || msg('open')) + '</a>');
        }
        layer.addLayer(marker);
      });
      root.setAttribute('data-markers', String(data.items.length));
      say(data.venues + ' ' + msg('venues') + ' · ' + data.activities + ' ' + msg('activities'));
    }

    function load() {
      var mine = ++seq;
      say(msg('loading'));
      fetch('/api/v1/map?' + params({}), { headers: { Accept: 'application/json' } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) { if (mine === seq) draw(data); })
        .catch(function () { if (mine === seq) say(msg('failed')); });
      if (listLink) {
        var b = map.getBounds();
        var q = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(4); }).join(',');
        var keep = ['kind', 'category', 'layer'].filter(function (k) { return d(k); })
          .map(function (k) { return '&' + k + '=' + encodeURIComponent(d(k)); }).join('');
        // The list is searched in WGS-84; for GCJ-02 tiles the box is off by under a kilometre.
        listLink.href = '/map?bbox=' + q + keep + '#map-list-title';
        listLink.hidden = false;
      }
    }

    map.on('moveend', function () {
      clearTimeout(pending);
      pending = setTimeout(load, 150);
    });
    load();

    if (nearBtn && navigator.geolocation) {
      nearBtn.hidden = false;
      nearBtn.addEventListener('click', function () {
        say(msg('locating'));
        navigator.geolocation.getCurrentPosition(function (pos) {
          var near = pos.coords.latitude.toFixed(6) + ',' + pos.coords.longitude.toFixed(6);
          // The server shifts the position into the tiles' datum.
          fetch('/api/v1/map?' + params({ near: near, layer: 'venues', zoom: '3' }))
            .then(function (r) { return r.json(); })
            .then(function (data) {
              if (data.near_lat_e6 == null) throw new Error('no position');
              map.setView([data.near_lat_e6 / 1e6, data.near_lng_e6 / 1e6], 13);
            })
            .catch(function () { say(msg('no-position')); });
        }, function () { say(msg('no-position')); }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 });
      });
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
