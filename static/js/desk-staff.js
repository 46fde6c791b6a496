/* Desk back office: progressive enhancement of the standard answers on a case page.
   Without JavaScript the "Gebruik het standaardantwoord" button posts the form and the page comes back
   with the text filled in and the status the answer proposes chosen. With it, the button does both at once,
   without a round-trip; the texts (in the resident's language) and the proposed statuses are in the hidden
   .canned-texts list of the page. */
(function () {
  "use strict";
  var source = document.querySelector(".canned-texts");
  if (!source) { return; }

  function answerFor(id) {
    return source.querySelector('[data-canned-id="' + id + '"]');
  }

  // The status the answer proposes: a radio button (status form) or an option (reply form), when offered.
  function proposeState(form, state) {
    if (!state) { return; }
    var radio = form.querySelector('input[type="radio"][name="to_state"][value="' + state + '"]');
    if (radio) { radio.checked = true; return; }
    var select = form.querySelector('select[name="to_state"]');
    if (select && select.querySelector('option[value="' + state + '"]')) { select.value = state; }
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.canned-form"), function (form) {
    var select = form.querySelector('select[name="canned"]');
    var button = form.querySelector('button[name="use_canned"]');
    var area = form.querySelector('textarea[name="body"], textarea[name="public_note"]');
    if (!select || !button || !area) { return; }
    button.addEventListener("click", function (event) {
      var answer = answerFor(select.value);
      if (answer === null) { return; }  // nothing chosen: let the server say so
      event.preventDefault();
      area.value = answer.textContent;
      proposeState(form, answer.getAttribute("data-proposed-state"));
      area.focus();
    });
  });
}());
