/* reader.js - the little script of articled's pages: the speaker filter, the title
 * search and the annotate page. Pages work without it (highlights, legend, popups). */
'use strict';
(function () {
  var page = document.body.getAttribute('data-page');

  /* Show only the quotes (and reported speech) of one speaker; '' shows all. */
  function applySpeaker(id) {
    var known = !id || document.getElementById('sp-' + id);
    var who = known ? id : '';
    var marks = document.querySelectorAll('article [data-speaker]');
    var shown = 0;
    for (var i = 0; i < marks.length; i++) {
      var off = who !== '' && marks[i].getAttribute('data-speaker') !== who;
      marks[i].classList.toggle('off', off);
      if (!off && marks[i].tagName === 'MARK') shown++;
    }
    var paras = document.querySelectorAll('article section p');
    for (var k = 0; k < paras.length; k++) {
      paras[k].hidden = who !== '' && !paras[k].querySelector('[data-speaker]:not(.off)');
    }
    var links = document.querySelectorAll('.legend a[data-speaker]');
    for (var j = 0; j < links.length; j++) {
      if (links[j].getAttribute('data-speaker') === who) links[j].setAttribute('aria-current', 'true');
      else links[j].removeAttribute('aria-current');
    }
    var status = document.querySelector('.legend .status');
    if (status) {
      var name = who ? document.querySelector('#sp-' + CSS.escape(who) + ' .name').textContent : '';
      status.textContent = who ? 'Showing the ' + shown + ' quote' + (shown === 1 ? '' : 's') +
        ' of ' + name + '.' : '';
    }
  }

  function initRead() {
    var params = new URLSearchParams(location.search);
    applySpeaker(params.get('speaker') || '');
    var legend = document.querySelector('.legend');
    if (legend) {
      legend.addEventListener('click', function (ev) {
        var a = ev.target.closest('a[data-speaker]');
        if (!a) return;
        ev.preventDefault();
        var id = a.getAttribute('data-speaker');
        var url = new URL(location.href);
        if (id) url.searchParams.set('speaker', id); else url.searchParams.delete('speaker');
        history.pushState(null, '', url.pathname + url.search + url.hash);
        applySpeaker(id);
      });
    }
    window.addEventListener('popstate', function () {
      applySpeaker(new URLSearchParams(location.search).get('speaker') || '');
    });
  }

  function initIndex() {
    var input = document.getElementById('filter');
    var rows = document.querySelectorAll('table.articles tbody tr');
    var status = document.querySelector('main .status');
    function run() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var n = 0;
      for (var i = 0; i < rows.length; i++) {
        var title = rows[i].cells[0].textContent.toLowerCase();
        var ok = words.every(function (w) { return title.indexOf(w) >= 0; });
        rows[i].hidden = !ok;
        if (ok) n++;
      }
      status.textContent = n + ' article' + (n === 1 ? '' : 's');
    }
    input.addEventListener('input', run);
    run();
  }

  /* The same markup as the server's reader, built from the JSON of POST /v1/annotate.
   * 12 colours: PAGE_COLOURS in include/page.h. */
  function renderAnnotation(doc, into) {
    var speakers = doc.speakers || [];
    var index = {};
    speakers.forEach(function (s, i) { index[s.id] = i; });
    var byPara = {};
    function add(p, r) { (byPara[p] = byPara[p] || []).push(r); }
    (doc.quotes || []).forEach(function (q) { add(q.paragraph, { q: q, start: q.start, end: q.end }); });
    (doc.attributions || []).forEach(function (t) { add(t.paragraph, { t: t, start: t.start, end: t.end }); });
    var art = document.createElement('article');
    var h = document.createElement('h2');
    h.textContent = doc.title;
    art.appendChild(h);
    var legend = document.createElement('ul');
    legend.className = 'legend';
    speakers.forEach(function (s, i) {
      var li = document.createElement('li');
      li.className = 'sp' + (i % 12);
      li.id = 'sp-' + s.id;
      var sw = document.createElement('span');
      sw.className = 'sw';
      sw.setAttribute('aria-hidden', 'true');
      li.appendChild(sw);
      li.appendChild(document.createTextNode(s.name + (s.role ? ', ' + s.role : '') +
        (s.organization ? ', ' + s.organization : '') + ' (' + s.quote_count + ')'));
      legend.appendChild(li);
    });
    art.appendChild(legend);
    (doc.sections || []).forEach(function (sec) {
      var se = document.createElement('section');
      if (sec.heading) {
        var h3 = document.createElement('h3');
        h3.textContent = sec.heading;
        se.appendChild(h3);
      }
      (sec.paragraphs || []).forEach(function (p) {
        var el = document.createElement('p');
        el.dir = 'auto';
        var cps = Array.from(p.text);
        var pos = 0;
        (byPara[p.index] || []).slice().sort(function (a, b) { return a.start - b.start; })
          .forEach(function (r) {
            if (r.start < pos || r.end <= r.start || r.end > cps.length) return;
            el.appendChild(document.createTextNode(cps.slice(pos, r.start).join('')));
            var m;
            if (r.t) {
              /* Reported speech: its source phrase, dotted, as on the reader. */
              m = document.createElement('span');
              m.className = 'reported';
              m.setAttribute('data-attr', r.t.id);
              m.setAttribute('data-speaker', r.t.speaker || '');
              m.setAttribute('data-info', 'Reported speech' + (r.t.cue ? ' · ' + r.t.cue : ''));
            } else {
              var q = r.q;
              var si = q.speaker in index ? index[q.speaker] : -1;
              var s = si >= 0 ? speakers[si] : null;
              m = document.createElement('mark');
              m.className = 'q ' + (si >= 0 ? 'sp' + (si % 12) : 'spx') + ' ' + q.kind;
              m.tabIndex = 0;
              m.setAttribute('data-quote', q.id);
              m.setAttribute('data-speaker', q.speaker || '');
              m.setAttribute('data-kind', q.kind);
              m.setAttribute('data-info', (s ? [s.name, s.role, s.organization].filter(Boolean).join('\n')
                : (q.source || 'Unattributed')) + '\n' + q.kind + ' quote' + (q.cue ? ' · ' + q.cue : ''));
            }
            m.textContent = cps.slice(r.start, r.end).join('');
            el.appendChild(m);
            pos = r.end;
          });
        el.appendChild(document.createTextNode(cps.slice(pos).join('')));
        se.appendChild(el);
      });
      art.appendChild(se);
    });
    into.replaceChildren(art);
  }

  function initAnnotate() {
    var form = document.getElementById('annotate-form');
    var text = document.getElementById('text');
    var file = document.getElementById('file');
    var err = document.getElementById('error');
    var result = document.getElementById('result');
    var download = document.getElementById('download');
    var blobUrl = null;
    function load(f) {
      if (!f) return;
      f.text().then(function (t) { text.value = t; });
    }
    file.addEventListener('change', function () { load(file.files[0]); });
    text.addEventListener('dragover', function (ev) { ev.preventDefault(); });
    text.addEventListener('drop', function (ev) {
      if (ev.dataTransfer && ev.dataTransfer.files.length) {
        ev.preventDefault();
        load(ev.dataTransfer.files[0]);
      }
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      err.textContent = '';
      fetch('/v1/annotate', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Accept': 'application/json' },
        body: text.value
      }).then(function (r) {
        return r.text().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
      }).then(function (r) {
        if (!r.ok) {
          var detail = 'HTTP ' + r.status;
          try { detail = JSON.parse(r.body).detail || detail; } catch (e) { /* not a problem document */ }
          err.textContent = 'Cannot annotate: ' + detail;
          result.replaceChildren();
          download.hidden = true;
          return;
        }
        renderAnnotation(JSON.parse(r.body), result);
        if (blobUrl) URL.revokeObjectURL(blobUrl);
        blobUrl = URL.createObjectURL(new Blob([r.body], { type: 'application/json' }));
        download.href = blobUrl;
        download.hidden = false;
      }).catch(function (e) {
        err.textContent = 'Cannot annotate: ' + e.message;
      });
    });
  }

  if (page === 'read') initRead();
  else if (page === 'index') initIndex();
  else if (page === 'annotate') initAnnotate();
})();
