/* Desk back office: progressive enhancement of the standard answers on a case page.
   Without JavaScript the "Gebruik het standaardantwoord" button posts the form and the page comes back
   with the text filled in. With it, the button fills the text field at once, without a round-trip; the
   texts (in the resident's language) are in the hidden .canned-texts list of the page. */
(function () {
  "use strict";
  var source = document.querySelector(".canned-texts");
  if (!source) { return; }

  function textFor(id) {
    var item = source.querySelector('[data-canned-id="' + id + '"]');
    return item ? item.textContent : null;
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.canned-form"), function (form) {
    var select = form.querySelector('select[name="canned"]');
    var button = form.querySelector('button[name="use_canned"]');
    var area = form.querySelector('textarea[name="body"], textarea[name="public_note"]');
    if (!select || !button || !area) { return; }
    button.addEventListener("click", function (event) {
      var text = textFor(select.value);
      if (text === null) { return; }  // nothing chosen: let the server say so
      event.preventDefault();
      area.value = text;
      area.focus();
    });
  });
}());
