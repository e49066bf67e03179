// The "Print this checklist" button of printable guides (shown only when scripts run).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
