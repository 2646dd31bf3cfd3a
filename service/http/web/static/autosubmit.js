// Reload the list as soon as the date or timeline changes; the form still works without it.
document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
  el.addEventListener("change", function () { el.form.submit(); });
});
