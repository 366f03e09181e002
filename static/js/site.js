/* The masthead menu is a <details>: it opens and closes without JavaScript, and
 * CSS shows its content on wide screens. Here it is only kept open there, for
 * browsers whose CSS cannot show a closed <details>'s content. */
(function () {
  "use strict";
  var menu = document.querySelector("[data-menu]");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 60em)");
  function follow() {
    menu.open = wide.matches;
  }
  follow();
  wide.addEventListener("change", follow);
})();
