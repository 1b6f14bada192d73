// Filters and sorting of the findings (no data of the scan is in this
// script: it reads the data- attributes of the page).
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var all = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.method"));

  function inDir(dir, want) {
    // "." and "(no file)" name exactly their findings; a directory also
    // holds its subdirectories.
    return dir === want || (want !== "." && dir.indexOf(want + "/") === 0);
  }

  function keep(el, f) {
    return (!f.check || el.dataset.check === f.check) &&
      (!f.method || el.dataset.method === f.method) &&
      (!f.dir || inDir(el.dataset.dir, f.dir)) &&
      (!f.fixable || el.dataset.fixable === f.fixable);
  }

  function sortKey(el, by) {
    return parseInt(el.dataset["sort" + by.charAt(0).toUpperCase() + by.slice(1)], 10);
  }

  function val(name) {
    // form.elements: a control named "method" or "dir" would shadow the
    // form's own properties of those names.
    return form.elements.namedItem(name).value;
  }

  function apply() {
    var f = {check: val("check"), method: val("method"), dir: val("dir"),
             fixable: val("fixable")};
    var by = val("sort");
    var filtered = f.check || f.method || f.dir || f.fixable;
    var shown = 0;
    all.forEach(function (el) {
      var ok = keep(el, f);
      el.hidden = !ok;
      if (ok) shown += 1;
    });
    sections.forEach(function (s) {
      var list = s.querySelector(".findings");
      var items = Array.prototype.slice.call(list.querySelectorAll("article.finding"));
      items.sort(function (a, b) { return sortKey(a, by) - sortKey(b, by); });
      items.forEach(function (el) { list.appendChild(el); });
      var n = items.filter(function (el) { return !el.hidden; }).length;
      s.querySelector(".shown-in").textContent = n;
      // With a filter on, a method with nothing left is out of the way.
      s.hidden = Boolean(filtered) && n === 0;
    });
    document.getElementById("shown-count").textContent = shown;
  }

  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
