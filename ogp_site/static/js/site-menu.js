/* The main menu: a <details> disclosure on a phone, always open on a wider screen. Without
   JavaScript the same holds (site.css shows the closed disclosure's list from 48rem); with it,
   the element's open state follows the width, so that assistive technology is told what the
   screen shows, and Escape closes the menu on a phone, back on its "Menú" button. */
(function () {
  "use strict";
  var menu = document.querySelector("[data-site-menu]");
  if (!menu || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 48rem)");
  function sync() {
    menu.open = wide.matches;
  }
  sync();
  wide.addEventListener("change", sync);
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
