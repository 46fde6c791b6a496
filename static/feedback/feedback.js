/* Satisfaction form: without JavaScript both groups of reasons show (each with its own legend); with it,
   only the group of the chosen answer. A hidden group is disabled too, so its ticks are not sent (and come
   back if the resident switches back). */
(function () {
  "use strict";
  var form = document.querySelector(".feedback-form");
  if (!form) { return; }
  var radios = form.querySelectorAll("input[type=radio][name=satisfied]");
  var branches = form.querySelectorAll("[data-feedback-branch]");

  function chosen() {
    for (var i = 0; i < radios.length; i++) {
      if (radios[i].checked) { return radios[i].value; }
    }
    return "";
  }

  // On the first run a group with an error stays visible (the error summary links to it).
  function update(first) {
    var value = chosen();
    for (var i = 0; i < branches.length; i++) {
      var show = branches[i].getAttribute("data-feedback-branch") === value ||
        (first === true && branches[i].querySelector(".field-error") !== null);
      branches[i].hidden = !show;
      var inputs = branches[i].querySelectorAll("input");
      for (var j = 0; j < inputs.length; j++) { inputs[j].disabled = !show; }
    }
  }

  for (var i = 0; i < radios.length; i++) { radios[i].addEventListener("change", update); }
  update(true);
})();
