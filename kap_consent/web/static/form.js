// Shows a fieldset only for the answers it applies to; without JavaScript all are shown.
document.querySelectorAll("fieldset[data-show-field]").forEach(function (part) {
  var control = document.getElementById(part.dataset.showField);
  if (!control) { return; }
  var values = part.dataset.showValues.split(",");
  function update() { part.hidden = values.indexOf(control.value) < 0; }
  control.addEventListener("change", update);
  update();
});
