// bekci console: small progressive enhancements. No inline script anywhere (strict CSP); forms work
// without this file.
(function () {
  'use strict';
  // "Select all" boxes for bulk actions: <input type="checkbox" data-select-all="NAME">.
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t && t.matches && t.matches('input[data-select-all]')) {
      var name = t.getAttribute('data-select-all');
      document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (b) {
        b.checked = t.checked;
      });
    }
  });
  // Canned answers: <button type="button" data-fill="ID" data-text="..."> copies the text into the field.
  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest ? e.target.closest('[data-fill]') : null;
    if (!b) return;
    var field = document.getElementById(b.getAttribute('data-fill'));
    if (field) {
      field.value = b.getAttribute('data-text');
      field.focus();
    }
  });
  // Confirmation for destructive buttons: <button data-confirm="Emin misiniz?">.
  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest ? e.target.closest('[data-confirm]') : null;
    if (b && !window.confirm(b.getAttribute('data-confirm'))) e.preventDefault();
  });
  // Keyboard shortcuts on queues: j/k move between rows, Enter opens, x selects, / focuses the filter,
  // and keys named by data-key on buttons (a = onayla, r = kaldır, ...) act on the current row.
  var rows = function () {
    return Array.prototype.slice.call(document.querySelectorAll('[data-row]'));
  };
  var current = -1;
  function focusRow(i) {
    var list = rows();
    if (!list.length) return;
    current = Math.max(0, Math.min(list.length - 1, i));
    list.forEach(function (r, j) {
      r.classList.toggle('current', j === current);
    });
    list[current].scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('keydown', function (e) {
    var tag = (e.target && e.target.tagName) || '';
    if (/INPUT|TEXTAREA|SELECT/.test(tag) || e.ctrlKey || e.metaKey || e.altKey) return;
    var list = rows();
    if (e.key === 'j') {
      focusRow(current + 1);
      e.preventDefault();
      return;
    }
    if (e.key === 'k') {
      focusRow(current - 1);
      e.preventDefault();
      return;
    }
    if (e.key === '/') {
      var f = document.querySelector('[data-filter]');
      if (f) {
        f.focus();
        e.preventDefault();
      }
      return;
    }
    if (e.key === '?') {
      var help = document.getElementById('kisayollar');
      if (help) help.toggleAttribute('hidden');
      return;
    }
    var row = list[current];
    if (!row) return;
    if (e.key === 'Enter') {
      var link = row.querySelector('a[href]');
      if (link) window.location.href = link.getAttribute('href');
      return;
    }
    if (e.key === 'x') {
      var box = row.querySelector('input[type=checkbox]');
      if (box) box.checked = !box.checked;
      return;
    }
    var btn = row.querySelector('[data-key="' + e.key + '"]');
    if (btn) {
      btn.click();
      e.preventDefault();
    }
  });
})();
