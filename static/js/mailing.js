/* The "Send Email" dialog: opens the form in a native <dialog> and sends it in place.
 * Without JavaScript (or <dialog>) the button sends a GET form to the mail form's own page. */
(function () {
  "use strict";

  var opener = document.querySelector("[data-mail-dialog]");
  var dialog = opener && document.getElementById(opener.getAttribute("data-mail-dialog"));
  if (!dialog || typeof dialog.showModal !== "function") return;
  var form = dialog.querySelector("form");
  var status = dialog.querySelector("[data-mail-status]");
  var submit = form.querySelector("button[type=submit]");
  var busy = false;
  // What describes each field besides its errors (the content address: the article's title).
  form.querySelectorAll("[data-mail-field]").forEach(function (box) {
    var input = form.elements[box.getAttribute("data-mail-field")];
    var errors = box.querySelector("[data-mail-errors]");
    var own = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== errors.id;
    });
    input.setAttribute("data-describedby", own.join(" "));
  });

  function setStatus(text, kind) {
    status.textContent = text || "";
    status.className = "mail-status" + (kind ? " mail-status-" + kind : "");
  }

  function showErrors(errors) {
    var first = null;
    form.querySelectorAll("[data-mail-field]").forEach(function (box) {
      var name = box.getAttribute("data-mail-field");
      var input = form.elements[name];
      var list = box.querySelector("[data-mail-errors]");
      var messages = errors[name] || [];
      list.textContent = "";
      messages.forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        list.appendChild(item);
      });
      var own = input.getAttribute("data-describedby");
      var describedBy = messages.length ? (own ? own + " " : "") + list.id : own;
      if (describedBy) input.setAttribute("aria-describedby", describedBy);
      else input.removeAttribute("aria-describedby");
      if (messages.length) {
        input.setAttribute("aria-invalid", "true");
        first = first || input;
      } else {
        input.removeAttribute("aria-invalid");
      }
    });
    return first;
  }

  opener.addEventListener("click", function (event) {
    event.preventDefault();
    showErrors({});
    setStatus("");
    dialog.showModal();
    form.elements.recipient.focus();
  });

  // Esc closes a modal <dialog> natively; focus goes back to the button either way.
  dialog.addEventListener("close", function () {
    opener.focus();
  });
  // A modal <dialog> makes the page inert, but Tab from its last control still
  // leaves for the browser's toolbar: wrap round to the first (and Shift+Tab back).
  dialog.addEventListener("keydown", function (event) {
    if (event.key !== "Tab") return;
    var controls = Array.prototype.filter.call(
      dialog.querySelectorAll("a[href], button, input, select, textarea, [tabindex]"),
      function (el) {
        return el.tabIndex >= 0 && !el.disabled && el.type !== "hidden";
      }
    );
    if (!controls.length) return;
    var first = controls[0];
    var last = controls[controls.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  dialog.querySelectorAll("[data-mail-close]").forEach(function (button) {
    button.addEventListener("click", function () {
      dialog.close();
    });
  });

  // A start token sends one mail: after a success, take a new one for the next.
  function freshStart() {
    var url = opener.form.action + "?url=" + encodeURIComponent(opener.form.elements.url.value);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : {};
      })
      .then(function (data) {
        if (data.started) form.elements.started.value = data.started;
      })
      .catch(function () {});
  }

  // The Send button is never disabled (a disabled button that has focus drops it to
  // <body>): a second press while a mail is on its way does nothing.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) return;
    busy = true;
    submit.setAttribute("aria-disabled", "true");
    setStatus(dialog.getAttribute("data-sending") || "Sending…");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        var invalid = showErrors(data.errors || {});
        setStatus(data.message, data.ok ? "ok" : "error");
        if (data.ok) {
          form.elements.recipient.value = "";
          form.elements.message.value = "";
          freshStart();
        }
        // Focus goes to the first field to correct, or else to the message saying what happened.
        (invalid || status).focus();
      })
      .catch(function () {
        setStatus(dialog.getAttribute("data-offline") || "Could not send. Please try again.", "error");
        status.focus();
      })
      .finally(function () {
        busy = false;
        submit.removeAttribute("aria-disabled");
      });
  });
})();
