// Presenter keys for the console: a clicker's PageDown/PageUp, arrows, and single letters.
// Never while the trainer types in a field, and never with Ctrl, Alt or Cmd (browser shortcuts).
"use strict";

function typing(target) {
  return Boolean(target && target.closest && target.closest("input, textarea, select, [contenteditable=''], [contenteditable=true]"));
}

/** A key that would also press the focused button or link (Space, Enter) is left to it. */
function activatesFocused(event) {
  return (event.key === " " || event.key === "Enter") && event.target.closest && event.target.closest("button, a, summary");
}

export function bindPresenterKeys(actions) {
  const { help, helpButton } = actions;
  helpButton.addEventListener("click", () => help.showModal());
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target) || activatesFocused(event)) return;
    if (help.open && event.key !== "?") return; // the dialog handles Esc itself
    let action = null;
    switch (event.key) {
      case "ArrowRight":
        action = event.shiftKey ? actions.nextAndOpen : actions.next;
        break;
      case "PageDown":
      case " ":
        action = actions.next;
        break;
      case "ArrowLeft":
      case "PageUp":
        action = actions.previous;
        break;
      case "o":
      case "O":
        action = actions.toggleLive;
        break;
      case "t":
      case "T":
        action = actions.timer;
        break;
      case "j":
      case "J":
        action = actions.joinSlide;
        break;
      case "?":
        action = () => (help.open ? help.close() : help.showModal());
        break;
      default:
        return;
    }
    event.preventDefault();
    action();
  });
}
