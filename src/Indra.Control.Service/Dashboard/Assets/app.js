// The Indra dashboard: polls the daemon's JSON (same origin, the token travels in the page's cookie) and redraws
// the treemap, the attention timeline and the lists in place, without reloading the page.
"use strict";

const refreshMs = 2000;
const state = { tree: null, path: "", tiles: new Map() };

const byId = (id) => document.getElementById(id);

function make(tag, attributes, text) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return (unit === 0 ? value.toFixed(0) : value.toFixed(1)) + " " + units[unit];
}

function when(iso) {
  if (!iso) return "never";
  const at = new Date(iso);
  return isNaN(at) ? iso : at.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

async function getJson(route) {
  const answer = await fetch(route, { cache: "no-store", credentials: "same-origin" });
  if (!answer.ok) throw new Error(route + " answered " + answer.status);
  return answer.json();
}

// ---- treemap ------------------------------------------------------------------------------------------------

// Lays out weights (descending) in the rectangle, row by row along its shorter side, adding an item to the row
// while that keeps the row's worst aspect ratio from getting worse (the squarified treemap idea).
function layout(weights, x, y, width, height) {
  const total = weights.reduce((a, b) => a + b, 0);
  const boxes = [];
  if (total <= 0 || width <= 0 || height <= 0) return boxes;
  const scale = (width * height) / total;
  const areas = weights.map((w) => w * scale);
  let start = 0;
  while (start < areas.length) {
    const side = Math.min(width, height);
    let end = start + 1;
    let rowArea = areas[start];
    let worst = worstRatio(areas, start, end, rowArea, side);
    while (end < areas.length) {
      const nextArea = rowArea + areas[end];
      const nextWorst = worstRatio(areas, start, end + 1, nextArea, side);
      if (nextWorst > worst) break;
      rowArea = nextArea;
      worst = nextWorst;
      end++;
    }
    const thickness = rowArea / side;
    let offset = 0;
    for (let i = start; i < end; i++) {
      const length = areas[i] / thickness;
      if (width >= height) boxes.push({ x: x, y: y + offset, w: thickness, h: length });
      else boxes.push({ x: x + offset, y: y, w: length, h: thickness });
      offset += length;
    }
    if (width >= height) {
      x += thickness;
      width -= thickness;
    } else {
      y += thickness;
      height -= thickness;
    }
    start = end;
  }
  return boxes;
}

function worstRatio(areas, start, end, rowArea, side) {
  const thickness = rowArea / side;
  let worst = 0;
  for (let i = start; i < end; i++) {
    const length = areas[i] / thickness;
    const ratio = Math.max(length / thickness, thickness / length);
    if (ratio > worst) worst = ratio;
  }
  return worst;
}

function find(node, path) {
  if (node.path === path) return node;
  for (const child of node.children || []) {
    if (child.folder && (path === child.path || path.startsWith(child.path + "/"))) return find(child, path);
  }
  return null;
}

// Blue (cold) through green to red (hot), light enough for dark text.
function heatColour(fraction) {
  const hue = Math.round(210 - 210 * Math.max(0, Math.min(1, fraction)));
  return "hsl(" + hue + " 70% 82%)";
}

function zoom(path) {
  state.path = path;
  drawTreemap();
  const first = byId("treemap").querySelector("button.tile");
  (first || byId("up")).focus();
}

function drawTreemap() {
  const root = state.tree;
  if (!root) return;
  let folder = find(root, state.path);
  while (!folder && state.path) {
    state.path = state.path.includes("/") ? state.path.slice(0, state.path.lastIndexOf("/")) : "";
    folder = find(root, state.path);
  }
  const box = byId("treemap");
  const children = (folder.children || []).slice();
  const total = children.reduce((a, c) => a + c.size, 0);
  // Tiles under 2.5% of the view are drawn at 2.5%, so that every entry can be seen and chosen.
  const floor = Math.max(1, total / 40);
  const boxes = layout(children.map((c) => Math.max(c.size, floor)), 0, 0, box.clientWidth, box.clientHeight);
  const maxHeat = children.reduce((a, c) => Math.max(a, c.heat), 0);
  const hottest = maxHeat > 0 ? children.find((c) => c.heat === maxHeat) : null;
  box.setAttribute("aria-label", "Treemap of /" + folder.path + ": " + children.length + " entries, " + bytes(folder.size));
  const seen = new Set();
  children.forEach((child, i) => {
    const key = (child.folder ? "d:" : "f:") + child.path;
    seen.add(key);
    let tile = state.tiles.get(key);
    if (!tile) {
      tile = child.folder ? make("button", { type: "button", class: "tile folder" }) : make("div", { role: "img", class: "tile file" });
      tile.append(make("span", { class: "name" }), " ", make("span", { class: "size" }), make("span", { class: "details" }));
      if (child.folder) tile.addEventListener("click", () => zoom(child.path));
      state.tiles.set(key, tile);
    }
    const b = boxes[i];
    Object.assign(tile.style, { left: b.x + "px", top: b.y + "px", width: b.w + "px", height: b.h + "px", background: heatColour(maxHeat > 0 ? child.heat / maxHeat : 0) });
    const isHottest = child === hottest;
    tile.classList.toggle("hottest", isHottest);
    tile.dataset.path = child.path;
    tile.dataset.heat = String(child.heat);
    tile.dataset.size = String(child.size);
    // The accessible name starts with the visible text (name, badge, size); the rest is read out, not shown.
    const details = (child.folder ? ", folder of " + child.files + " files" : ", file") + ", heat " + child.heat.toFixed(2);
    const name = tile.querySelector(".name");
    name.textContent = child.name;
    if (isHottest) name.append(" ", make("span", { class: "badge" }, "hottest"));
    tile.querySelector(".size").textContent = bytes(child.size);
    tile.querySelector(".details").textContent = details;
    tile.title = child.name + (isHottest ? " (hottest)" : "") + ", " + bytes(child.size) + details;
    if (!child.folder) tile.setAttribute("aria-label", child.name + (isHottest ? " hottest " : " ") + bytes(child.size) + details);
    if (tile.parentNode !== box) box.append(tile);
  });
  for (const [key, tile] of state.tiles) {
    if (!seen.has(key)) {
      tile.remove();
      state.tiles.delete(key);
    }
  }
  const omitted = folder.omitted > 0 ? " (" + folder.omitted + " more files counted in the size, not drawn)" : "";
  byId("treemap-summary").textContent = "/" + folder.path + ": " + folder.files + " files, " + bytes(folder.size) + ", heat " + folder.heat.toFixed(2) + omitted;
  drawBreadcrumb();
}

function drawBreadcrumb() {
  const list = byId("breadcrumb");
  list.replaceChildren();
  const parts = state.path ? state.path.split("/") : [];
  const steps = [{ name: "vault", path: "" }].concat(parts.map((p, i) => ({ name: p, path: parts.slice(0, i + 1).join("/") })));
  steps.forEach((step, i) => {
    const item = make("li");
    if (i === steps.length - 1) {
      item.append(make("span", { "aria-current": "location" }, step.name));
    } else {
      const link = make("button", { type: "button" }, step.name);
      link.addEventListener("click", () => zoom(step.path));
      item.append(link);
    }
    list.append(item);
  });
  byId("up").disabled = state.path === "";
}

function up() {
  if (!state.path) return;
  zoom(state.path.includes("/") ? state.path.slice(0, state.path.lastIndexOf("/")) : "");
}

// ---- timeline -----------------------------------------------------------------------------------------------

const svgNs = "http://www.w3.org/2000/svg";

function svg(tag, attributes, text) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes || {})) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function drawTimeline(data) {
  const hours = data.hours;
  const width = 860;
  const height = 170;
  const left = 40;
  const bottom = 24;
  const plot = height - bottom - 10;
  const peak = hours.reduce((a, h) => Math.max(a, h.opens), 0);
  const busiest = hours.find((h) => h.opens === peak && peak > 0);
  const chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-labelledby": "timeline-title timeline-desc" });
  chart.append(svg("title", { id: "timeline-title" }, "Files opened per hour, last 7 days"));
  chart.append(svg("desc", { id: "timeline-desc" }, data.total + " opens in the last 7 days"
    + (busiest ? "; busiest hour " + when(busiest.hour) + " with " + peak : "")));
  const barWidth = (width - left - 10) / hours.length;
  hours.forEach((h, i) => {
    if (h.opens === 0) return;
    const barHeight = Math.max(1, (h.opens / peak) * plot);
    const bar = svg("rect", { class: "bar", x: left + i * barWidth, y: 10 + plot - barHeight, width: Math.max(1, barWidth - 1), height: barHeight });
    bar.append(svg("title", {}, when(h.hour) + ": " + h.opens + " opens"));
    chart.append(bar);
  });
  chart.append(svg("line", { class: "axis", x1: left, y1: 10 + plot, x2: width - 10, y2: 10 + plot }));
  chart.append(svg("text", { x: left - 6, y: 20, "text-anchor": "end" }, String(peak)));
  chart.append(svg("text", { x: left - 6, y: 10 + plot, "text-anchor": "end" }, "0"));
  for (let day = 0; day < 7; day++) {
    const hour = hours[day * 24];
    if (!hour) continue;
    chart.append(svg("text", { x: left + day * 24 * barWidth, y: height - 6 }, new Date(hour.hour).toISOString().slice(5, 10)));
  }
  byId("timeline").replaceChildren(chart);
}

// ---- lists --------------------------------------------------------------------------------------------------

function table(caption, columns, rows) {
  if (rows.length === 0) return make("p", { class: "empty" }, "None.");
  const element = make("table");
  element.append(make("caption", {}, caption));
  const head = make("tr");
  for (const column of columns) head.append(make("th", { scope: "col" }, column));
  element.append(make("thead")).append(head);
  const body = make("tbody");
  for (const row of rows) {
    const line = make("tr");
    for (const cell of row) line.append(make("td", {}, String(cell)));
    body.append(line);
  }
  element.append(body);
  return element;
}

function drawOverview(data) {
  const s = data.status;
  byId("vault-name").textContent = s.vault;
  const facts = [
    ["Mounted at", s.mounted ? s.mountPoint : "not mounted"],
    ["Daemon", s.pid ? "pid " + s.pid : "none"],
    ["Files", s.leaves],
    ["Folders", s.trees],
    ["Blocks", s.blocks + " (" + bytes(s.blockBytes) + ")"],
    ["Peers connected", s.peersConnected + " of " + s.peersPaired],
    ["Sharing", s.sharing],
    ["Opens, last hour", s.attentionLastHour],
  ];
  byId("status").replaceChildren(...facts.map(([name, value]) => {
    const item = make("div");
    item.append(make("dt", {}, name), make("dd", {}, String(value)));
    return item;
  }));
  byId("sync").replaceChildren(table("Sync with each peer", ["Peer", "State", "Last sync", "Pending offers", "Failed offers", "Bytes in flight", "Errors", "Last error"],
    data.sync.peers.map((p) => [p.name, p.state, when(p.last_sync), p.offers_pending, p.offers_failed, bytes(p.bytes_in_flight), p.errors, p.last_error || "none"])));
  byId("peers").replaceChildren(table("Paired peers", ["Name", "Connected", "Last seen", "Address", "Auto-accept"],
    data.peers.map((p) => [p.name, p.connected ? "yes" : "no", when(p.lastSeen), p.address, p.autoAccept ? "yes" : "no"])));
  byId("grants").replaceChildren(table("Grants made", ["Path", "Peer", "Mode", "State", "Until"],
    data.grants.map((g) => [g.path === null ? "(gone) " + g.grantedPath : g.path, g.peer, g.mode, g.state, g.until ? when(g.until) : "no end"])));
  byId("realms").replaceChildren(table("Realms", ["Name", "Members"], data.realms.map((r) => [r.name, r.members.join(", ") || "none"])));
}

// ---- polling ------------------------------------------------------------------------------------------------

async function refresh() {
  try {
    const [tree, timeline, overview] = await Promise.all([getJson("/api/tree"), getJson("/api/timeline"), getJson("/api/overview")]);
    state.tree = tree;
    drawTreemap();
    drawTimeline(timeline);
    drawOverview(overview);
    byId("refreshed").textContent = "Updated " + new Date().toLocaleTimeString();
    document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || "0") + 1);
  } catch (e) {
    byId("refreshed").textContent = "Cannot reach the daemon: " + e.message;
  }
  setTimeout(refresh, refreshMs);
}

document.addEventListener("DOMContentLoaded", () => {
  byId("up").addEventListener("click", up);
  byId("treemap-section").addEventListener("keydown", (e) => {
    if ((e.key === "Escape" || e.key === "Backspace") && state.path) {
      e.preventDefault();
      up();
    }
  });
  window.addEventListener("resize", drawTreemap);
  refresh();
});
