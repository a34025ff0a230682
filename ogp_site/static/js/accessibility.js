/* The GOV.CO accessibility bar without a reload: contrast and text size.
   Without JavaScript the bar is a GET form that ogp_site/accessibility.py answers (it sets the
   same cookie and comes back to the page); this script does the same in place. The cookie,
   ogp_a11y, holds "<contrast>-<size>" with whitelisted values only; the default is no cookie. */
(function () {
  "use strict";
  var COOKIE = "ogp_a11y";
  var SIZES = [100, 112, 125, 150];
  var DEFAULT = { contrast: "normal", size: 100 };
  var root = document.documentElement;
  var bar = document.querySelector("[data-a11y-bar]");

  function read() {
    var match = document.cookie.match(/(?:^|;\s*)ogp_a11y=(normal|high)-(100|112|125|150)(?:;|$)/);
    return match ? { contrast: match[1], size: parseInt(match[2], 10) } : DEFAULT;
  }

  function write(pref) {
    var tail = "; Path=/; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
    if (pref.contrast === DEFAULT.contrast && pref.size === DEFAULT.size) {
      document.cookie = COOKIE + "=; Max-Age=0" + tail;
    } else {
      document.cookie = COOKIE + "=" + pref.contrast + "-" + pref.size + "; Max-Age=31536000" + tail;
    }
  }

  function button(action) {
    return bar && bar.querySelector('[data-a11y-action="' + action + '"]');
  }

  function setDisabled(element, disabled) {
    if (disabled) {
      element.setAttribute("aria-disabled", "true");
    } else {
      element.removeAttribute("aria-disabled");
    }
  }

  function apply(pref) {
    root.classList.toggle("contrast-high", pref.contrast === "high");
    SIZES.forEach(function (size) {
      root.classList.toggle("text-" + size, size !== DEFAULT.size && size === pref.size);
    });
    if (!bar) {
      return;
    }
    var index = SIZES.indexOf(pref.size);
    var contrast = button("contrast");
    var smaller = button("smaller");
    var larger = button("larger");
    // The form's values stay right, for a reader who opens the bar's target in a new tab.
    contrast.setAttribute("aria-pressed", pref.contrast === "high" ? "true" : "false");
    contrast.value = pref.contrast === "high" ? "normal" : "alto";
    smaller.value = String(SIZES[Math.max(index - 1, 0)]);
    larger.value = String(SIZES[Math.min(index + 1, SIZES.length - 1)]);
    setDisabled(smaller, index === 0);
    setDisabled(larger, index === SIZES.length - 1);
  }

  function announce(message) {
    var status = bar.querySelector("[data-a11y-status]");
    if (status) {
      status.textContent = message;
    }
  }

  // The server applied the cookie already; a copy of the page kept by a cache that ignores the
  // cookie (a CDN, docs/deploy.md) did not, so the cookie is applied again here.
  apply(read());
  if (!bar) {
    return;
  }
  bar.addEventListener("click", function (event) {
    var target = event.target.closest("[data-a11y-action]");
    if (!target) {
      return;
    }
    event.preventDefault();
    var current = read();
    var pref = { contrast: current.contrast, size: current.size };
    var index = SIZES.indexOf(pref.size);
    var action = target.getAttribute("data-a11y-action");
    var message;
    if (action === "contrast") {
      pref.contrast = current.contrast === "high" ? "normal" : "high";
      message = bar.getAttribute(pref.contrast === "high" ? "data-msg-contrast-on" : "data-msg-contrast-off");
    } else {
      pref.size = SIZES[action === "larger" ? Math.min(index + 1, SIZES.length - 1) : Math.max(index - 1, 0)];
      message = bar.getAttribute("data-msg-size").replace("%(size)s", String(pref.size));
    }
    write(pref);
    apply(pref);
    announce(message);
  });
})();
