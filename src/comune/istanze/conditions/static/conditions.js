/* comune.istanze: fields shown only when earlier answers say so.
 *
 * Reads the condition trees the server rendered (data-istanze-show-when on
 * each field's wrapper, the same trees the server evaluates: see
 * comune/istanze/conditions/expression.py) and the answers of earlier steps
 * (data-istanze-answers on the form). A field that does not apply gets the
 * `hidden` attribute: neither shown nor focusable. The server decides again
 * on every post; this script only spares the «Aggiorna le domande» round trip.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-istanze-answers]");
  if (!form) { return; }
  var known = JSON.parse(form.getAttribute("data-istanze-answers") || "{}");
  var wrappers = {};
  form.querySelectorAll("[data-istanze-field]").forEach(function (el) {
    wrappers[el.getAttribute("data-istanze-field")] = el;
  });

  function inputsOf(wrapper, name) {
    var prefix = "form.widgets." + name;
    return Array.prototype.filter.call(
      wrapper.querySelectorAll("input, select, textarea"),
      function (el) {
        var n = el.name || "";
        return (n === prefix || n === prefix + ":list") && el.type !== "hidden";
      });
  }

  // Numbers as the Italian widgets show them ("9.000,50", "1.000") or typed ("3.5").
  function number(text) {
    text = text.trim().replace(/\s/g, "");
    var comma = text.lastIndexOf(","), dot = text.lastIndexOf(".");
    if (comma > dot) {
      text = text.replace(/\./g, "").replace(",", ".");
    } else if (comma >= 0 || /^-?\d{1,3}(\.\d{3})+$/.test(text)) {
      text = text.replace(/,/g, "").replace(/\.(?=\d{3}(\D|$))/g, dot > comma && comma >= 0 ? "." : "");
    }
    var value = Number(text);
    return text === "" || isNaN(value) ? null : value;
  }

  function read(name) {
    var wrapper = wrappers[name];
    if (!wrapper) { return known.hasOwnProperty(name) ? known[name] : null; }
    if (wrapper.hidden) { return null; }
    var kind = wrapper.getAttribute("data-istanze-kind");
    var tokens = JSON.parse(wrapper.getAttribute("data-istanze-tokens") || "{}");
    var values = [];
    var checkable = false;
    inputsOf(wrapper, name).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        checkable = true;
        if (el.checked) { values.push(el.value); }
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.selectedOptions, function (o) {
          if (o.value !== "--NOVALUE--") { values.push(o.value); }
        });
      } else if (el.value.trim() !== "") {
        values.push(el.value);
      }
    });
    values = values.map(function (v) { return tokens.hasOwnProperty(v) ? tokens[v] : v; });
    if (kind === "bool") {
      if (values.length === 0) { return checkable ? false : null; }
      return values[0] !== "false";
    }
    if (kind === "multi") { return values.length ? values.sort() : null; }
    if (values.length === 0) { return null; }
    return kind === "number" ? number(String(values[0])) : values[0];
  }

  function isNumber(v) { return typeof v === "number"; }
  function asNumber(v) {
    if (typeof v === "boolean" || v === null) { return null; }
    var n = Number(v);
    return v === "" || isNaN(n) ? null : n;
  }
  function equal(a, b) {
    if (a === null || b === null) { return false; }
    if (typeof a === "boolean" || typeof b === "boolean") { return a === b; }
    if (isNumber(a) || isNumber(b)) { return asNumber(a) !== null && asNumber(a) === asNumber(b); }
    if (Array.isArray(a)) {
      var bs = Array.isArray(b) ? b : [b];
      return JSON.stringify(a.map(String).sort()) === JSON.stringify(bs.map(String).sort());
    }
    return String(a) === String(b);
  }
  function order(op, a, b) {
    if (a === null || b === null) { return false; }
    var x = asNumber(a), y = asNumber(b);
    if (x === null || y === null) {
      if (isNumber(a) || isNumber(b)) { return false; }
      x = String(a); y = String(b);
    }
    return {">": x > y, ">=": x >= y, "<": x < y, "<=": x <= y}[op];
  }
  function contains(a, b) {
    if (a === null || b === null) { return false; }
    var rights = Array.isArray(b) ? b : [b];
    var lefts = Array.isArray(a) ? a : [a];
    return lefts.some(function (l) { return rights.some(function (r) { return equal(l, r); }); });
  }
  function operand(node) { return node[0] === "field" ? read(node[1]) : node[1]; }

  function evaluate(tree) {
    switch (tree[0]) {
    case "and": return tree.slice(1).every(evaluate);
    case "or": return tree.slice(1).some(evaluate);
    case "not": return !evaluate(tree[1]);
    case "truthy":
      var v = read(tree[1][1]);
      return v !== null && v !== false && v !== 0;
    default:
      var op = tree[1], a = operand(tree[2]), b = operand(tree[3]);
      if (op === "==") { return equal(a, b); }
      if (op === "!=") { return !equal(a, b); }
      if (op === "in") { return contains(a, b); }
      return order(op, a, b);
    }
  }

  function refresh() {
    // Document order: earlier fields first, so hiding cascades as on the server.
    form.querySelectorAll("[data-istanze-show-when]").forEach(function (el) {
      var show = evaluate(JSON.parse(el.getAttribute("data-istanze-show-when")));
      if (show === el.hidden) { el.hidden = !show; }
    });
  }

  var button = form.querySelector("[name='form.buttons.refresh']");
  if (button) { button.hidden = true; }  // immediate: no round trip needed
  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
  refresh();
}());
