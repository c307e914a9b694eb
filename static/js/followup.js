// Follow-up pages (supervisor invites, printable plans): a Print button and a Copy-link button.
// Everything works without this script: the link is selectable text, and browsers print with Ctrl+P.
"use strict";

for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}

for (const button of document.querySelectorAll("[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  const status = document.querySelector("[data-copy-status]");
  if (!source) continue;
  source.addEventListener("focus", () => source.select());
  button.addEventListener("click", async () => {
    source.select();
    let copied = false;
    try {
      await navigator.clipboard.writeText(source.value);
      copied = true;
    } catch {
      // Clipboard API refused (plain http on a LAN address): the text is selected for Ctrl+C.
      copied = document.execCommand && document.execCommand("copy");
    }
    if (status) status.textContent = copied ? "Link copied." : "Press Ctrl+C (or ⌘C) to copy the selected link.";
  });
}
