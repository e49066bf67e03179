// The "Copy" buttons of the AI Act registration record (shown only when scripts and the
// clipboard are available): each copies its item's value and says so to screen readers.
document.querySelectorAll("[data-copy]").forEach((button) => {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(source.innerText.trim());
    const status = document.getElementById("copy-status");
    if (status) status.textContent = button.dataset.copied;
  });
});
