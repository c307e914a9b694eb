// Send the day to the follow-up server with visible progress: check (reachable, key, version), send, confirm.
"use strict";

const form = document.getElementById("send-form");
const progress = document.getElementById("send-progress");
const result = document.getElementById("send-result");

function mark(step, state) {
  const item = progress.querySelector(`[data-step="${step}"]`);
  if (item) item.dataset.state = state;
}

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": form.elements.csrf_token.value },
    body: JSON.stringify(body),
  });
  let answer = null;
  try { answer = await response.json(); } catch { answer = null; }
  if (!answer) answer = { ok: false, error: `This laptop's server answered with an error (HTTP ${response.status}).` };
  return answer;
}

function fail(step, message) {
  mark(step, "failed");
  const line = document.createElement("p");
  line.className = "error handoff-error";
  line.setAttribute("role", "alert");
  const strong = document.createElement("strong");
  strong.textContent = "Not sent. ";
  line.append(strong, message);
  result.replaceChildren(line);
}

if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = document.getElementById("send-button");
    const body = { key: form.elements.key ? form.elements.key.value : "" };
    button.disabled = true;
    result.replaceChildren();
    progress.hidden = false;
    for (const item of progress.querySelectorAll("li")) delete item.dataset.state;
    try {
      mark("check", "active");
      const checked = await post(form.dataset.checkUrl, body);
      if (!checked.ok) return fail("check", checked.error);
      mark("check", "done");
      mark("send", "active");
      const sent = await post(form.action, body);
      if (!sent.ok) return fail("send", sent.error);
      mark("send", "done");
      mark("done", "done");
      // The confirmation, as the server rendered it (escaped), then the page's own state.
      result.innerHTML = sent.summary_html;
      const reload = document.createElement("p");
      const link = document.createElement("a");
      link.href = form.dataset.deleteUrl;
      link.textContent = "Delete this day from this laptop…";
      reload.append(link);
      result.append(reload);
    } catch {
      fail("send", "This laptop's server did not answer. Nothing was deleted; try again.");
    } finally {
      button.disabled = false;
    }
  });
}
