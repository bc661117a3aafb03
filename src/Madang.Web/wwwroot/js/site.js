// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  // Move focus to the main region when the skip link is used, for browsers that do not.
  var skip = document.querySelector('.skip-link');
  if (skip) {
    skip.addEventListener('click', function () {
      var main = document.getElementById('main');
      if (main) { main.focus(); }
    });
  }
  // Remember an explicit language choice so that "/" opens in it next time.
  document.querySelectorAll('.lang-switcher a[data-lang]').forEach(function (a) {
    a.addEventListener('click', function () {
      document.cookie = 'madang.lang=' + a.getAttribute('data-lang') + ';path=/;max-age=31536000;samesite=lax';
    });
  });
})();
