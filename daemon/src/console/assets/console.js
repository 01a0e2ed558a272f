// modd review console: live updates from the decision feed and keyboard
// shortcuts. Progressive enhancement only: every action is a plain link or
// form that works without this file. No inline script (the CSP forbids it);
// nothing from the feed is inserted as HTML.
(function () {
  "use strict";
  var body = document.body;
  var page = body.dataset.page;

  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
  }
  function modified(e) {
    return e.ctrlKey || e.metaKey || e.altKey;
  }
  function announce(text) {
    var live = document.getElementById("live-status");
    if (live) live.textContent = text;
  }
  // Calls back with each decision event; EventSource reconnects by itself.
  // The stream is closed when the page is left: an open stream holds one of
  // the browser's few HTTP/1.1 connections to modd, and pages kept in the
  // back-forward cache would otherwise use them all up.
  function feed(onDecision) {
    if (!window.EventSource) return;
    var source = null;
    var open = function () {
      source = new EventSource("/console/events");
      source.addEventListener("decision", function (m) {
        var event;
        try { event = JSON.parse(m.data); } catch (err) { return; }
        if (event && event.data) onDecision(event.data);
      });
    };
    open();
    window.addEventListener("pagehide", function () {
      if (source) { source.close(); source = null; }
    });
    window.addEventListener("pageshow", function (e) {
      if (e.persisted && !source) open();
    });
  }

  // Undo: the banner lists the moderator's decisions still in their undo
  // window; "u" undoes the newest, and each line goes when its window ends.
  var undo = document.getElementById("undo");
  if (undo) {
    Array.prototype.forEach.call(undo.querySelectorAll("li[data-until]"), function (li) {
      window.setTimeout(function () {
        li.remove();
        if (!undo.querySelector("li")) undo.remove();
      }, Math.max(0, parseInt(li.dataset.until, 10) - Date.now()));
    });
  }
  document.addEventListener("keydown", function (e) {
    if (e.key !== "u" || typing(e) || modified(e)) return;
    var newest = document.querySelector("#undo form");
    if (newest) newest.requestSubmit();
  });

  if (page === "queue") {
    var selected = null;
    var rows = function () {
      return Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr[data-id]"));
    };
    var select = function (id, focus) {
      rows().forEach(function (r) {
        var on = r.dataset.id === id;
        r.classList.toggle("selected", on);
        if (on && focus) r.querySelector("a").focus();
      });
      selected = id;
    };
    // The server renders the list (filters, counts, claims): fetch the page
    // again and swap the two parts in, at most a few times a second.
    var timer = null;
    var refresh = function () {
      timer = null;
      fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          ["queue", "counts"].forEach(function (id) {
            var next = fresh.getElementById(id), old = document.getElementById(id);
            if (next && old) old.replaceWith(document.importNode(next, true));
          });
          if (selected) select(selected, false);
          body.dataset.refreshed = String(Date.now());
          announce("Queue updated");
        })
        .catch(function () { announce("Could not update the queue"); });
    };
    feed(function () {
      if (!timer) timer = window.setTimeout(refresh, 50);
    });
    document.addEventListener("keydown", function (e) {
      if (typing(e) || modified(e)) return;
      var list = rows();
      var at = list.findIndex(function (r) { return r.dataset.id === selected; });
      if (e.key === "j" || e.key === "k") {
        var to = e.key === "j" ? Math.min(at + 1, list.length - 1) : Math.max(at - 1, 0);
        if (list[to]) select(list[to].dataset.id, true);
        e.preventDefault();
      } else if ((e.key === "Enter" || e.key === "o") && list[at]) {
        window.location.href = list[at].querySelector("a").href;
      } else if (e.key === "n") {
        window.location.href = "/console/next";
      }
    });
  }

  if (page === "item") {
    var form = document.getElementById("decide");
    var item = body.dataset.item;
    // Claim the item now that a person has it open (a GET never claims): post
    // the claim form and show the answer; if a colleague got it first, the
    // page reloads to say so.
    var claimForm = document.getElementById("claim-status");
    if (claimForm) {
      fetch(claimForm.action, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(new FormData(claimForm)).toString()
      })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
        .then(function (html) {
          if (form && form.dataset.sent) return; // decided meanwhile: the next page is on its way
          var fresh = new DOMParser().parseFromString(html, "text/html");
          var status = fresh.getElementById("claim-status");
          if (status) {
            claimForm.replaceWith(document.importNode(status, true));
            body.dataset.claimed = "1";
          } else if (fresh.getElementById("claimed")) {
            window.location.reload(); // a colleague got it first: show who
          }
        })
        .catch(function () { announce("Could not claim this item"); });
    }
    var decide = function (verdict) {
      var button = form.querySelector('button[value="' + verdict + '"]');
      if (button) form.requestSubmit(button);
    };
    // The image stays blurred until revealed; the link reloads the page
    // unblurred without this script, and toggles in place with it.
    var figure = document.getElementById("image");
    var reveal = document.getElementById("reveal");
    var toggleImage = function () {
      if (!figure || !reveal) return;
      var blurred = figure.classList.toggle("blurred");
      reveal.firstChild.textContent = blurred ? "Reveal image " : "Blur again ";
      announce(blurred ? "Image blurred" : "Image revealed");
    };
    if (reveal) reveal.addEventListener("click", function (e) { e.preventDefault(); toggleImage(); });
    if (figure) {
      // A refused fetch answers with the JSON error: say why on the page.
      var img = figure.querySelector("img");
      var failed = function () {
        fetch(img.src, { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (b) {
            var out = document.getElementById("image-error");
            out.textContent = (b && b.error && b.error.message) || "The image could not be shown.";
            out.classList.remove("hidden");
            figure.dataset.failed = "1";
          })
          .catch(function () {});
      };
      if (img.complete && img.naturalWidth === 0) failed();
      else img.addEventListener("error", failed);
    }
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && typing(e)) { e.target.blur(); return; }
      if (typing(e) || modified(e)) return;
      if (e.key === "v") { toggleImage(); return; }
      if (e.key === "n") window.location.href = "/console/next?after=" + item;
      else if (e.key === "q") window.location.href = "/console";
      if (!form) return;
      if (e.key === "a") decide("approve");
      else if (e.key === "r") decide("reject");
      else if (/^[1-9]$/.test(e.key)) {
        var reasons = document.getElementById("reason_code");
        var option = reasons.options[parseInt(e.key, 10)];
        if (option) { reasons.value = option.value; announce("Reason: " + option.text); }
      }
    });
    feed(function (d) {
      if (String(d.id) === item && d.status !== "flagged" && form && !form.dataset.sent) {
        document.getElementById("decided-elsewhere").classList.remove("hidden");
        form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      }
    });
    if (form) form.addEventListener("submit", function () { form.dataset.sent = "1"; });
  }
})();
