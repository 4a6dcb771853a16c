/* The assessment page's plan updates as the form changes: the form is posted (with its CSRF
   token) to the preview address and the fragment returned replaces the plan beside it. Without
   this script, saving the form shows the plan. Nothing here is loaded from another site. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview]");
  var target = document.getElementById("preview");
  var status = document.getElementById("preview-status");
  if (!form || !target || !status || !window.fetch || !window.FormData) {
    return;
  }
  var timer = null;
  var controller = null;

  function update() {
    if (controller) {
      controller.abort();
    }
    controller = window.AbortController ? new AbortController() : null;
    var data = new FormData(form);
    data.delete("action");
    status.textContent = "Updating the plan\u2026";
    fetch(form.getAttribute("data-preview"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: {"X-CSRF-Token": String(data.get("csrf_token") || "")},
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("status " + response.status);
      }
      return response.text();
    }).then(function (html) {
      target.innerHTML = html;
      var said = target.querySelector("[data-status]");
      status.textContent = said ? said.getAttribute("data-status") : "Plan updated.";
    }).catch(function (error) {
      if (error && error.name === "AbortError") {
        return;
      }
      status.textContent = "The plan could not be updated here; save the form to see it.";
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 350);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.setAttribute("data-live", "yes");
})();
