// Rows of the people-met and questions formsets: add, remove and reorder without a round trip. Django reads the
// hidden ORDER and DELETE inputs of each row, so the other rows' input is never touched and survives a
// validation error anywhere on the form. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  function rowsOf(container) {
    return Array.prototype.filter.call(
      container.querySelector("[data-formset-rows]").children,
      function (row) { return row.matches("[data-formset-row]"); }
    );
  }

  function visibleRows(container) {
    return rowsOf(container).filter(function (row) { return !row.classList.contains("d-none"); });
  }

  function hiddenInput(row, name) {
    return row.querySelector('input[type="hidden"][name$="-' + name + '"]');
  }

  function renumber(container) {
    var rows = visibleRows(container);
    rows.forEach(function (row, index) {
      var order = hiddenInput(row, "ORDER");
      if (order) { order.value = String(index + 1); }
      var number = row.querySelector("[data-row-number]");
      if (number) { number.textContent = String(index + 1); }
      var up = row.querySelector("[data-formset-up]");
      var down = row.querySelector("[data-formset-down]");
      if (up) { up.disabled = index === 0; }
      if (down) { down.disabled = index === rows.length - 1; }
    });
  }

  function addRow(container, focus) {
    var prefix = container.dataset.formset;
    var total = container.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = container.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) { return; }
    var template = container.querySelector("template[data-formset-template]");
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index)).trim();
    var row = holder.firstElementChild;
    container.querySelector("[data-formset-rows]").appendChild(row);
    total.value = String(index + 1);
    renumber(container);
    var first = row.querySelector("select, input:not([type=hidden]), textarea");
    if (first && focus !== false) { first.focus(); }
  }

  function removeRow(container, row) {
    var remove = hiddenInput(row, "DELETE");
    if (remove) { remove.value = "on"; }
    row.classList.add("d-none");
    renumber(container);
    var add = container.querySelector("[data-formset-add]");
    if (add) { add.focus(); }
  }

  function moveRow(container, row, step) {
    var rows = visibleRows(container);
    var target = rows[rows.indexOf(row) + step];
    if (!target) { return; }
    if (step < 0) { target.before(row); } else { target.after(row); }
    renumber(container);
    var button = row.querySelector(step < 0 ? "[data-formset-up]" : "[data-formset-down]");
    if (button && !button.disabled) { button.focus(); }
  }

  // Someone already known needs no name typed again: the name and title boxes show only for someone new
  // (unless they hold text, which is never hidden).
  function syncNewPersonFields(row) {
    var select = row.querySelector("[data-known-person] select");
    var fields = row.querySelector("[data-new-person-fields]");
    if (!select || !fields) { return; }
    var typed = Array.prototype.some.call(fields.querySelectorAll("input"), function (i) { return i.value; });
    fields.classList.toggle("d-none", Boolean(select.value) && !typed);
  }

  // Logging an interview for a role already tracked needs no company or role typed.
  function syncNewRoleFields() {
    var select = document.querySelector("[data-existing-role] select");
    var fields = document.querySelector("[data-new-role-fields]");
    if (select && fields) { fields.classList.toggle("d-none", Boolean(select.value)); }
  }

  document.addEventListener("change", function (event) {
    if (event.target.closest("[data-existing-role]")) { syncNewRoleFields(); }
    if (event.target.closest("[data-known-person]")) {
      syncNewPersonFields(event.target.closest("[data-formset-row]"));
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add], [data-formset-remove], [data-formset-up], [data-formset-down]");
    if (!button) { return; }
    var container = button.closest("[data-formset]");
    if (!container) { return; }
    event.preventDefault();
    var row = button.closest("[data-formset-row]");
    if (button.hasAttribute("data-formset-add")) { addRow(container); }
    else if (button.hasAttribute("data-formset-remove")) { removeRow(container, row); }
    else if (button.hasAttribute("data-formset-up")) { moveRow(container, row, -1); }
    else { moveRow(container, row, 1); }
    button.form.dispatchEvent(new CustomEvent("debrief:rows-changed"));
  });

  // A draft restored by static/js/app.js may hold more rows than the page has, and rows removed or reordered:
  // the rows are made to match before its values go in, then shown as they were.
  document.addEventListener("debrief:restore", function (event) {
    event.target.querySelectorAll("[data-formset]").forEach(function (container) {
      var prefix = container.dataset.formset;
      var total = container.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
      var wanted = -1;
      Object.keys(event.detail.values).forEach(function (name) {
        var match = name.match(new RegExp("^" + prefix + "-(\\d+)-"));
        if (match) { wanted = Math.max(wanted, parseInt(match[1], 10)); }
      });
      var guard = 0;
      while (parseInt(total.value, 10) <= wanted && guard < 60) { addRow(container, false); guard += 1; }
    });
  });

  document.addEventListener("debrief:restored", function (event) {
    event.target.querySelectorAll("[data-formset]").forEach(function (container) {
      var holder = container.querySelector("[data-formset-rows]");
      rowsOf(container).forEach(function (row) {
        var remove = hiddenInput(row, "DELETE");
        row.classList.toggle("d-none", Boolean(remove && remove.value));
        syncNewPersonFields(row);
      });
      rowsOf(container).map(function (row, index) {
        var order = hiddenInput(row, "ORDER");
        return [order && order.value ? parseInt(order.value, 10) : 1000 + index, index, row];
      }).sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }).forEach(function (item) { holder.appendChild(item[2]); });
      renumber(container);
    });
    syncNewRoleFields();
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-formset]").forEach(renumber);
    document.querySelectorAll("[data-formset-row]").forEach(syncNewPersonFields);
    syncNewRoleFields();
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
