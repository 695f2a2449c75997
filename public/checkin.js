// Check-in on a phone (F-30, F-35): the check-in pages' forms, position check-in, the in-page
// QR scanner (where the browser has BarcodeDetector) and the offline queue. The pages work
// without this file too: the token page's form is a plain post. Every text shown comes from
// the page itself (data-msg-* attributes the server rendered in the reader's language).
(function () {
  'use strict';
  if (window.__sciserveCheckin) return;
  window.__sciserveCheckin = true;

  var QUEUE = 'sciserve.checkin.queue';
  var ENDPOINT = '/api/attendance/check';

  function root() {
    return document.querySelector('[data-checkin-root]');
  }
  function msg(name) {
    var r = root();
    return (r && r.getAttribute('data-msg-' + name)) || '';
  }
  var said = null; // the last message, shown again after hydration
  function say(text, isError) {
    said = [text, isError];
    var el = document.getElementById('checkin-status');
    if (!el) return;
    el.textContent = text;
    el.className = isError ? 'banner banner-error' : 'banner banner-success';
    el.hidden = !text;
  }
  function load() {
    try {
      var q = JSON.parse(localStorage.getItem(QUEUE) || '[]');
      return Array.isArray(q) ? q : [];
    } catch (e) {
      return [];
    }
  }
  function store(q) {
    try {
      localStorage.setItem(QUEUE, JSON.stringify(q));
    } catch (e) {
      /* storage full or blocked: nothing more to do */
    }
    showQueue();
  }
  function showQueue() {
    var el = document.getElementById('queue-status');
    if (!el) return;
    var n = load().length;
    // The paragraph's own text belongs to the page's view (hydration walks it), so the count
    // goes into a span this script adds and the fallback text is only hidden.
    var fallback = el.querySelector('[data-queue-fallback]');
    if (fallback) fallback.hidden = true;
    var out = el.querySelector('[data-queue-count]');
    if (!out) {
      out = document.createElement('span');
      out.setAttribute('data-queue-count', '');
      el.appendChild(out);
    }
    el.setAttribute('data-queued', String(n));
    out.textContent = n ? msg('queued-count').replace('{n}', String(n)) : msg('queue-empty');
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  function shanghaiTime(us) {
    try {
      return new Date(us / 1000).toLocaleString('zh-CN', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      });
    } catch (e) {
      return new Date(us / 1000).toISOString();
    }
  }
  function encode(fields) {
    var parts = [];
    Object.keys(fields).forEach(function (k) {
      if (fields[k] === undefined || fields[k] === null || fields[k] === '') return;
      parts.push(encodeURIComponent('input[' + k + ']') + '=' + encodeURIComponent(String(fields[k])));
    });
    return parts.join('&');
  }
  // base64url with padding, as server functions put an error in the address (?__err=).
  function b64url(text) {
    var bytes = new TextEncoder().encode(text);
    var bin = '';
    bytes.forEach(function (b) {
      bin += String.fromCharCode(b);
    });
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_');
  }
  // Sends one scan. Resolves {ok, body, status}; rejects when the network is down.
  function send(fields) {
    return fetch(ENDPOINT, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: encode(fields),
    }).then(function (res) {
      return res.text().then(function (body) {
        return { ok: res.ok, status: res.status, body: body };
      });
    });
  }
  function success(result) {
    var r = {};
    try {
      r = JSON.parse(result.body);
    } catch (e) {
      /* shown without the time */
    }
    var key = r.direction === 'out' ? 'done-out' : 'done-in';
    if (r.already_recorded) key = 'already-recorded';
    say(msg(key).replace('{time}', r.at ? shanghaiTime(r.at) : ''), false);
    var done = document.getElementById('checkin-done');
    if (done) done.setAttribute('data-state', r.direction === 'out' ? 'out' : 'in');
  }
  // A refusal: the server's page says it in the reader's language (the same page a post
  // without JavaScript comes back to).
  function refusal(result) {
    if (result.status === 401) {
      location.href = '/login?next=' + encodeURIComponent(location.pathname);
      return;
    }
    var here = location.pathname + '?__path=' + encodeURIComponent(ENDPOINT) + '&__err=' + encodeURIComponent(b64url(result.body));
    location.replace(here);
  }
  // Sends now, or keeps it for later when there is no connection.
  function submit(fields) {
    fields.client_id = fields.client_id || newId();
    fields.device_ms = fields.device_ms || String(Date.now());
    var queue = function () {
      var q = load();
      if (!q.some(function (x) { return x.client_id === fields.client_id; })) q.push(fields);
      store(q);
      say(msg('saved-offline'), false);
    };
    if (navigator.onLine === false) return queue();
    say(msg('sending'), false);
    send(fields).then(function (result) {
      if (result.ok) success(result);
      else refusal(result);
    }, queue);
  }
  var flushing = false;
  // Sends what the queue holds, oldest first. A final answer (taken, already recorded or
  // refused) removes a scan; a network failure or "sign in first" keeps it for later.
  function flush() {
    if (flushing || navigator.onLine === false) return;
    var q = load();
    if (!q.length) return showQueue();
    flushing = true;
    var item = q[0];
    send(item).then(
      function (result) {
        flushing = false;
        if (result.status === 401 || result.status === 429 || result.status >= 500) return showQueue();
        store(load().filter(function (x) { return x.client_id !== item.client_id; }));
        if (result.ok) success(result);
        else say(msg('queued-refused'), true);
        flush();
      },
      function () {
        flushing = false;
        showQueue();
      }
    );
  }

  function tokenFromText(text) {
    var m = /\/checkin\/([0-9]+\.[0-9]+\.[io]\.[0-9a-fA-F]+)/.exec(text || '');
    return m ? m[1] : null;
  }

  function position(direction) {
    var r = root();
    if (!navigator.geolocation) return say(msg('no-geolocation'), true);
    say(msg('locating'), false);
    navigator.geolocation.getCurrentPosition(
      function (p) {
        submit({
          activity_id: r.getAttribute('data-activity'),
          direction: direction,
          lat: p.coords.latitude.toFixed(6),
          lng: p.coords.longitude.toFixed(6),
          accuracy: Math.round(p.coords.accuracy || 0),
          device_ms: String(Date.now()),
        });
      },
      function () {
        say(msg('no-geolocation'), true);
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 }
    );
  }

  // The in-page scanner: camera frames through BarcodeDetector until a check-in code shows up.
  function scanner() {
    var r = root();
    var box = document.getElementById('scanner');
    var video = document.getElementById('scanner-video');
    if (!box || !video || !('BarcodeDetector' in window)) return;
    var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    var stream = null;
    var stop = function () {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      box.hidden = true;
    };
    document.getElementById('scanner-close').addEventListener('click', stop);
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(function (s) {
        stream = s;
        box.hidden = false;
        video.srcObject = s;
        return video.play();
      })
      .then(function tick() {
        if (!stream) return;
        detector.detect(video).then(function (codes) {
          var token = null;
          codes.forEach(function (c) { token = token || tokenFromText(c.rawValue); });
          if (token) {
            stop();
            var fields = { token: token, activity_id: r.getAttribute('data-activity'), device_ms: String(Date.now()) };
            submit(fields);
          } else {
            setTimeout(tick, 250);
          }
        }, function () { setTimeout(tick, 500); });
      })
      .catch(function () {
        stop();
        say(msg('no-camera'), true);
      });
  }

  function wire() {
    var r = root();
    if (!r) return;
    // The token page's form: sent in place, kept offline.
    var form = document.getElementById('token-form');
    if (form) {
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var data = new FormData(form);
        submit({
          token: data.get('input[token]'),
          client_id: data.get('input[client_id]'),
          device_ms: String(Date.now()),
        });
      });
    }
    positionButtons().forEach(function (b) {
      b.addEventListener('click', function () {
        position(b.getAttribute('data-position-direction'));
      });
    });
    var scan = scanButton();
    if (scan) scan.addEventListener('click', scanner);
    window.addEventListener('online', flush);
    // Used by the tests and by anyone who wants to scan by pasting the code's address.
    window.sciserveCheckinSubmitUrl = function (url) {
      var token = tokenFromText(url);
      if (token) submit({ token: token, activity_id: r.getAttribute('data-activity') });
    };
    showControls();
    afterHydration(function () {
      showControls();
      if (said) say(said[0], said[1]);
    });
    flush();
  }

  function positionButtons() {
    return Array.prototype.slice.call(document.querySelectorAll('[data-position-direction]'));
  }
  // The scan button, where this browser can scan in the page.
  function scanButton() {
    var scan = document.getElementById('scan-button');
    return scan && 'BarcodeDetector' in window && navigator.mediaDevices ? scan : null;
  }
  // What this script adds to the server-rendered page: the buttons it serves and the queue.
  function showControls() {
    positionButtons().forEach(function (b) {
      b.hidden = false;
    });
    var scan = scanButton();
    if (scan) scan.hidden = false;
    showQueue();
  }
  // Hydration (the WASM, which may arrive after this script ran) can set the attributes the
  // view declares once more, `hidden` on the buttons and the status line among them; the page's
  // entry marks <html> with data-hydrated when it is done (frontend/src/lib.rs), and `fn` runs then.
  function afterHydration(fn) {
    var html = document.documentElement;
    if (html.hasAttribute('data-hydrated') || !window.MutationObserver) return;
    var watch = new MutationObserver(function () {
      if (!html.hasAttribute('data-hydrated')) return;
      watch.disconnect();
      fn();
    });
    watch.observe(html, { attributes: true, attributeFilter: ['data-hydrated'] });
  }

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/checkin-sw.js').catch(function () {});
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})();
