"use strict";
// The local workspace: lists people and team channels, shows a conversation, and posts
// what a person does (text, commands, prompt buttons) to the same handler chat uses.

const state = { room: null, version: null, typing: false, directory: null };
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function clientId() {
  return (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random();
}

function showError(text) {
  $("error").textContent = text || "";
  $("error").hidden = !text;
}

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch("/local/api/" + path, init);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

async function loadDirectory() {
  const data = await api("directory");
  // Redrawn only when it changed: a list rebuilt every poll swaps the buttons under a
  // click, which is then lost.
  const seen = JSON.stringify(data);
  if (seen === state.directory) return;
  state.directory = seen;
  $("empty").hidden = !data.empty;
  $("empty").textContent = data.empty || "";
  for (const [listId, rooms, prefix] of [["people", data.people, "person"], ["teams", data.teams, "team"]]) {
    const list = $(listId);
    list.replaceChildren();
    for (const room of rooms) {
      const button = el("button", { type: "button", "data-room": prefix + ":" + room.key });
      button.append(el("span", {}, (prefix === "team" ? "# " : "") + room.name));
      button.append(el("span", { class: "count" }, room.count ? String(room.count) : ""));
      button.addEventListener("click", () => { location.hash = prefix + ":" + room.key; });
      const item = el("li");
      item.append(button);
      list.append(item);
    }
  }
  markCurrent();
}

function markCurrent() {
  for (const b of document.querySelectorAll(".rooms button")) {
    b.setAttribute("aria-current", String(b.dataset.room === state.room));
  }
}

function personKey() {
  return state.room && state.room.startsWith("person:") ? state.room.slice(7) : null;
}

async function refresh(force) {
  // A half-filled prompt is never redrawn under the person's hands.
  if (!state.room || (state.typing && !force)) return;
  const seen = force ? "" : "?seen=" + encodeURIComponent(state.version || "");
  const data = await api("conversations/" + encodeURIComponent(state.room) + seen);
  if (data.unchanged) return;
  state.version = data.version;
  state.typing = false;
  $("room-title").textContent = data.title;
  const box = $("messages");
  box.replaceChildren(...data.messages.map(renderMessage));
  if (data.waiting) box.append(renderWaiting(data.waiting));
  box.scrollTop = box.scrollHeight;
}

function renderWaiting(waiting) {
  // An empty conversation says what comes and when, and offers the check-in at once.
  const node = el("div", { class: "waiting", "data-testid": "waiting" });
  for (const line of waiting.lines) node.append(el("p", {}, line));
  if (waiting.check_in && personKey()) {
    const button = el("button", { type: "button", class: "primary" }, "Check in now");
    button.addEventListener("click", async () => {
      button.disabled = true;
      const body = { client_id: clientId(), text: waiting.check_in };
      if (!(await post("people/" + encodeURIComponent(personKey()) + "/say", body))) button.disabled = false;
    });
    node.append(button);
  }
  return node;
}

function renderMessage(m) {
  const node = el("article", { class: "msg" + (m.mine ? " mine" : ""), "data-id": m.id, "data-kind": m.kind });
  const head = el("div", { class: "who" }, m.author_name);
  head.append(el("span", { class: "when" }, m.at));
  node.append(head);
  const body = el("div", { class: "body" });
  // The server escapes every value it puts in `html`; nothing typed by a person is raw here.
  body.innerHTML = m.html;
  node.append(body);
  if (m.edited) node.append(el("div", { class: "edited" }, "(edited)"));
  for (const button of body.querySelectorAll("button.act")) {
    if (personKey()) button.addEventListener("click", () => onAction(m.id, body, button));
    else button.disabled = true;
  }
  return node;
}

async function onAction(messageId, body, button) {
  const request = {
    client_id: clientId(), action: button.dataset.action, prompt: button.dataset.prompt, message: messageId,
  };
  const form = body.querySelector("form");
  if (button.dataset.form === "yes" && form) {
    for (const field of form.querySelectorAll("[name]")) request[field.name] = field.value;
  }
  for (const b of body.querySelectorAll("button.act")) b.disabled = true;
  const ok = await post("people/" + encodeURIComponent(personKey()) + "/act", request);
  if (!ok) for (const b of body.querySelectorAll("button.act")) b.disabled = false;
}

async function post(path, body) {
  try {
    await api(path, body);
    showError("");
    await refresh(true);
    loadDirectory().catch(() => {});
    return true;
  } catch (error) {
    showError(error.message);
    return false;
  }
}

function openRoom() {
  state.room = decodeURIComponent(location.hash.slice(1)) || null;
  state.version = null;
  state.typing = false;
  $("composer").hidden = !personKey();
  markCurrent();
  refresh(true).catch((e) => showError(e.message));
}

$("messages").addEventListener("input", () => { state.typing = true; });

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("say").value.trim();
  if (!text || !personKey()) return;
  if (await post("people/" + encodeURIComponent(personKey()) + "/say", { client_id: clientId(), text })) {
    $("say").value = "";
  }
});

window.addEventListener("hashchange", openRoom);
loadDirectory().then(openRoom).catch((e) => showError(e.message));
setInterval(() => { refresh(false).catch(() => {}); loadDirectory().catch(() => {}); }, 2000);
