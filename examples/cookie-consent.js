// A cookie banner for the organisation's website that records each visitor's choices in
// casekeep (docs/marketing.md). Plain browser JavaScript: include it at the end of <body>.
// Set CASEKEEP_URL to where casekeep's public endpoints are served, and CATEGORIES to the
// policy's [[cookies]] (necessary ones cannot be refused).
(function () {
  "use strict";

  var CASEKEEP_URL = "https://casekeep.example.org";
  var CATEGORIES = [
    { id: "session", label: "Session cookies", necessary: true },
    { id: "preferences", label: "Preference cookies", necessary: false },
    { id: "analytics", label: "Analytics cookies", necessary: false },
  ];
  var DEVICE_KEY = "casekeep-cookie-device";
  var CHOICE_KEY = "casekeep-cookie-choice";

  // A random id for this browser, 32 characters of [A-Za-z0-9_-], made once and kept.
  function deviceId() {
    var id = localStorage.getItem(DEVICE_KEY);
    if (id && /^[A-Za-z0-9_-]{16,64}$/.test(id)) return id;
    var bytes = new Uint8Array(24);
    crypto.getRandomValues(bytes);
    id = btoa(String.fromCharCode.apply(null, bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    localStorage.setItem(DEVICE_KEY, id);
    return id;
  }

  function saved() {
    try {
      return JSON.parse(localStorage.getItem(CHOICE_KEY) || "null");
    } catch (e) {
      return null;
    }
  }

  // Sends the choice as text/plain, so the browser needs no CORS preflight.
  function record(choices) {
    return fetch(CASEKEEP_URL + "/api/v1/public/cookie-consent", {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ device: deviceId(), choices: choices }),
    }).then(function (response) {
      if (!response.ok) throw new Error("casekeep answered " + response.status);
      localStorage.setItem(CHOICE_KEY, JSON.stringify(choices));
      return response.json();
    });
  }

  function showBanner() {
    var banner = document.createElement("form");
    banner.setAttribute("aria-label", "Cookie choices");
    banner.style.cssText =
      "position:fixed;bottom:0;left:0;right:0;padding:1em;background:#fff;" +
      "border-top:2px solid #333;font-family:sans-serif;z-index:10000";
    var intro = document.createElement("p");
    intro.textContent = "Choose which cookies we may use. Necessary cookies are always on.";
    banner.appendChild(intro);
    CATEGORIES.forEach(function (c) {
      var label = document.createElement("label");
      label.style.marginRight = "1.5em";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = c.id;
      box.checked = c.necessary; // never pre-ticked unless strictly necessary
      box.disabled = c.necessary;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + c.label));
      banner.appendChild(label);
    });
    var save = document.createElement("button");
    save.type = "submit";
    save.textContent = "Save my choices";
    banner.appendChild(save);
    banner.addEventListener("submit", function (event) {
      event.preventDefault();
      var choices = {};
      CATEGORIES.forEach(function (c) {
        if (!c.necessary) choices[c.id] = banner.elements[c.id].checked;
      });
      record(choices)
        .then(function () {
          banner.remove();
        })
        .catch(function (e) {
          intro.textContent = "Your choices could not be saved (" + e.message + "). Try again.";
        });
    });
    document.body.appendChild(banner);
  }

  // For the site's own scripts: may cookies of this category be set?
  window.CasekeepCookies = {
    allowed: function (id) {
      var c = CATEGORIES.filter(function (x) {
        return x.id === id;
      })[0];
      if (c && c.necessary) return true;
      var choice = saved();
      return !!(choice && choice[id] === true);
    },
    change: showBanner,
  };

  if (!saved()) showBanner();
})();
