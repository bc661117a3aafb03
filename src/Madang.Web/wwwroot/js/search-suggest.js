// Suggestions while typing in the search box: the ARIA combobox pattern with a listbox popup (list autocomplete,
// no automatic selection). Progressive enhancement only: without this file the box is a plain search field and the
// form submits as usual, so nothing here may be required for searching.
(function () {
  'use strict';
  var input = document.querySelector('input[data-suggest]');
  if (!input || !window.fetch) { return; }
  var form = input.form;
  var endpoint = input.getAttribute('data-suggest');
  var culture = input.getAttribute('data-culture') || '';
  var listId = input.id + '-suggestions';

  var wrap = document.createElement('div');
  wrap.className = 'suggest-wrap';
  input.parentNode.insertBefore(wrap, input);
  wrap.appendChild(input);

  var list = document.createElement('ul');
  list.id = listId;
  list.className = 'suggest-list';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', input.getAttribute('data-list-label') || '');
  list.hidden = true;
  wrap.appendChild(list);

  // Announces how many suggestions appeared; screen readers do not read a listbox that merely changes.
  var status = document.createElement('div');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  wrap.appendChild(status);

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);

  var items = [];
  var active = -1;
  var timer = 0;
  var sequence = 0;
  var lastQuery = null;

  function open() {
    if (items.length === 0) { return; }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  }

  function setActive(index) {
    var options = list.children;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute('aria-selected', i === index ? 'true' : 'false');
    }
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute('aria-activedescendant', options[index].id);
      options[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function render(found) {
    items = found;
    list.textContent = '';
    found.forEach(function (s, i) {
      var li = document.createElement('li');
      li.id = listId + '-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.appendChild(document.createTextNode(s.text));
      if (s.typeLabel) {
        var kind = document.createElement('span');
        kind.className = 'suggest-kind';
        kind.textContent = s.typeLabel;
        li.appendChild(kind);
      }
      // mousedown would move focus away from the box before the click lands.
      li.addEventListener('mousedown', function (e) { e.preventDefault(); });
      li.addEventListener('click', function () { choose(i); });
      list.appendChild(li);
    });
    active = -1;
    input.removeAttribute('aria-activedescendant');
    if (found.length === 0) {
      close();
      status.textContent = '';
      return;
    }
    open();
    var template = found.length === 1 ? input.getAttribute('data-status-one') : input.getAttribute('data-status-many');
    status.textContent = (template || '').replace('{0}', String(found.length));
  }

  function choose(index) {
    var s = items[index];
    if (!s) { return; }
    close();
    // A title leads to its item; a keyword becomes the search.
    if (s.url && s.source === 'title') {
      window.location.assign(s.url);
      return;
    }
    input.value = s.text;
    if (form) {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q === lastQuery) { open(); return; }
    lastQuery = q;
    if (q.length === 0) { render([]); return; }
    var mine = ++sequence;
    var url = endpoint + '?q=' + encodeURIComponent(q) + '&limit=8' + (culture ? '&lang=' + encodeURIComponent(culture) : '');
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (found) {
        // A slower answer to an older prefix must not replace the list for what is typed now.
        if (mine === sequence && document.activeElement === input) { render(Array.isArray(found) ? found : []); }
      })
      .catch(function () { /* Suggestions are a convenience; the search itself still works. */ });
  }

  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, 200);
  });

  input.addEventListener('keydown', function (e) {
    var expanded = !list.hidden;
    switch (e.key) {
      case 'ArrowDown':
        if (items.length === 0) { return; }
        e.preventDefault();
        if (!expanded) { open(); setActive(e.altKey ? -1 : 0); return; }
        setActive(active + 1 >= items.length ? 0 : active + 1);
        break;
      case 'ArrowUp':
        if (items.length === 0) { return; }
        e.preventDefault();
        if (!expanded) { open(); setActive(items.length - 1); return; }
        setActive(active <= 0 ? items.length - 1 : active - 1);
        break;
      case 'Enter':
        if (expanded && active >= 0) {
          e.preventDefault();
          choose(active);
        }
        break;
      case 'Escape':
        if (expanded) {
          e.preventDefault();
          close();
        } else if (input.value) {
          e.preventDefault();
          input.value = '';
          lastQuery = null;
          items = [];
        }
        break;
      case 'Tab':
        close();
        break;
      default:
        break;
    }
  });

  input.addEventListener('blur', function () { close(); });
  // Coming back to the page from history must not show a list left open when it was left.
  window.addEventListener('pageshow', function () { close(); });
})();
