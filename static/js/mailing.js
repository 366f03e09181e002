/* The "Send Email" dialog: opens the form in a native <dialog> and sends it in place.
 * Without JavaScript (or <dialog>) the button is a plain link to the form's own page. */
(function () {
  "use strict";

  var opener = document.querySelector("[data-mail-dialog]");
  var dialog = opener && document.getElementById(opener.getAttribute("data-mail-dialog"));
  if (!dialog || typeof dialog.showModal !== "function") return;
  var form = dialog.querySelector("form");
  var status = dialog.querySelector("[data-mail-status]");
  var submit = form.querySelector("button[type=submit]");

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
      if (messages.length) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", list.id);
        first = first || input;
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
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
    fetch(opener.href, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : {};
      })
      .then(function (data) {
        if (data.started) form.elements.started.value = data.started;
      })
      .catch(function () {});
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit.disabled = true;
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
        } else if (invalid) {
          invalid.focus();
        }
      })
      .catch(function () {
        setStatus(dialog.getAttribute("data-offline") || "Could not send. Please try again.", "error");
      })
      .finally(function () {
        submit.disabled = false;
      });
  });
})();
