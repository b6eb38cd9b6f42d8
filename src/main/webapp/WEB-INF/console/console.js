// The admin console: polls the JSON API once a second and redraws what changed. Everything the
// server sends is shown as text (textContent), never parsed as HTML: SIP and metadata come from
// the network and could hold markup.
"use strict";

(function () {
  const POLL_MS = 1000;
  const ANSWER_WITHIN_MS = 3000; // a server that takes longer counts as not answering
  const RECENT_EVERY = 3; // polls between refreshes of the recently ended list
  let pollCount = 0;
  let timer = null;
  const shown = {}; // last text put into large blocks, so a redraw keeps scroll and selection
  let lastAnswer = null; // when the server last answered (the browser's clock)
  let silentSince = null; // when it first failed to, since then

  // ---------------------------------------------------------------- small helpers

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("data-")) e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  function setText(id, text) { $(id).textContent = text; }

  function setBlock(id, text) {
    if (shown[id] !== text) { $(id).textContent = text; shown[id] = text; }
  }

  /** The rows of a table; an empty table says so in one line rather than showing a bare header. */
  function replaceRows(tbody, rows) {
    if (rows.length === 0) {
      const columns = tbody.parentElement.tHead ? tbody.parentElement.tHead.rows[0].cells.length : 1;
      rows = [el("tr", { class: "none-yet" }, el("td", { colSpan: columns }, "none yet"))];
    }
    tbody.replaceChildren(...rows);
  }

  /** "1 session", "2 sessions". */
  function plural(n, one, many) { return number(n) + " " + (n === 1 ? one : many); }

  function duration(ms) {
    const s = Math.floor(ms / 1000);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    const two = (n) => String(n).padStart(2, "0");
    return h > 0 ? h + ":" + two(m) + ":" + two(sec) : m + ":" + two(sec);
  }

  function clock(iso) { return iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : "–"; }
  function when(iso) { return iso ? new Date(iso).toLocaleString([], { hour12: false }) : "–"; }
  function percent(x) { return (x * 100).toFixed(x >= 0.9995 || x === 0 ? 0 : 1) + " %"; }
  function number(n) { return Number(n).toLocaleString(); }
  function megabytes(b) { return b < 0 ? "–" : (b / 1048576).toFixed(0) + " MB"; }

  /** Loss among the packets the stream was recording: those that came while it was paused are neither. */
  function lossPercent(st) {
    const total = st.packetsReceived - (st.packetsWhilePaused || 0) + st.packetsLost;
    return total === 0 ? "0.0 %" : (100 * st.packetsLost / total).toFixed(1) + " %";
  }

  /** The audio codec of a stream: its first encoding that is not DTMF or comfort noise. */
  function codec(stream) {
    const audio = stream.encodings.filter((e) => !/^(telephone-event|CN)\//i.test(e));
    const first = audio.length ? audio[0] : (stream.encodings[0] || "–");
    return first.replace(/ pt=\d+$/, "");
  }

  function pill(id, text, kind) {
    const p = $(id);
    p.textContent = text;
    p.className = "pill" + (kind ? " " + kind : "");
  }

  // ---------------------------------------------------------------- fetching

  async function api(path) {
    // A server that hangs (stopped, swapping) must show as gone too, not leave the poll waiting.
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(), ANSWER_WITHIN_MS);
    let resp;
    try {
      resp = await fetch(path, { credentials: "same-origin", cache: "no-store", signal: abort.signal,
        headers: { "X-SRS-Console": "1", "Accept": "application/json" } });
    } catch (e) {
      throw new Error(e.name === "AbortError" ? "no answer within " + ANSWER_WITHIN_MS / 1000 + " s" : e.message);
    } finally {
      clearTimeout(timeout);
    }
    if (resp.status === 401) {
      window.location.href = "login";
      throw new Error("logged out");
    }
    if (resp.status === 404) return null;
    if (!resp.ok) throw new Error(path + ": HTTP " + resp.status);
    return resp.json();
  }

  /** A command (legal hold): JSON both ways; the answer's body, or an Error with the server's reason. */
  async function post(path, body) {
    const resp = await fetch(path, { method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "X-SRS-Console": "1", "Accept": "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(body) });
    const answer = await resp.json().catch(() => ({}));
    if (!resp.ok) throw new Error(answer.error || path + ": HTTP " + resp.status);
    return answer;
  }

  /**
   * The server answered (message null) or did not: then everything on the page is from its last
   * answer, so the page greys it all (body.stale) and says since when it has heard nothing.
   */
  function problem(message) {
    const b = $("connection-problem");
    if (!message) {
      lastAnswer = new Date();
      silentSince = null;
    } else if (silentSince === null) {
      silentSince = new Date();
    }
    document.body.classList.toggle("stale", !!message);
    $("stale-mark").hidden = !message;
    b.hidden = !message;
    const since = lastAnswer || silentSince;
    b.textContent = message ? "The server has not answered since " + since.toLocaleTimeString([], { hour12: false })
      + " (" + message + "): the figures shown are from then. Retrying every second." : "";
  }

  const ALARM_TEXT = {
    BROKER_DOWN: "the broker is down and the audio backlog is full: new audio reaches the archive only",
    DRAINING: "the server is shutting down: new calls get 503",
    ARCHIVE_LOW_SPACE: "the archive's disk has less free space than srs.archive.min-free-mb",
    ARCHIVE_WRITE_FAILED: "the archive failed to write: recordings on disk are incomplete (see System, archive)",
    NO_HEADROOM: "no measured headroom left: new calls get 503 Server at capacity",
  };

  function alarmItem(a) {
    return el("li", { "data-alarm": a.name }, el("span", { class: "alarm-name" }, a.name), " ",
      ALARM_TEXT[a.name] || "", " · since " + when(a.since));
  }

  /** The banner on every view, redrawn only when the alarms change (a live region is re-read). */
  function renderAlarms(sys) {
    const text = JSON.stringify(sys.alarms);
    if (shown.alarms === text) return;
    shown.alarms = text;
    $("alarms").replaceChildren(...(sys.alarms.length === 0 ? [] : [el("div", { class: "banner" },
      el("strong", {}, sys.alarms.length === 1 ? "Alarm" : plural(sys.alarms.length, "alarm", "alarms")),
      el("ul", { class: "alarm-list" }, ...sys.alarms.map(alarmItem)))]));
  }

  // ---------------------------------------------------------------- views

  function route() {
    const hash = window.location.hash || "#/";
    const session = hash.match(/^#\/session\/([0-9a-fA-F-]{36})$/);
    if (session) return { view: "session", id: session[1] };
    const refusal = hash.match(/^#\/refused\/(.+)$/);
    if (refusal) return { view: "refusal", callId: decodeURIComponent(refusal[1]) };
    if (hash === "#/system") return { view: "system" };
    return { view: "overview" };
  }

  function showView(name) {
    for (const v of ["overview", "session", "system", "refusal"]) $("view-" + v).hidden = v !== name;
    for (const a of document.querySelectorAll("nav a")) {
      a.classList.toggle("active", a.dataset.nav === name || (name === "session" && a.dataset.nav === "overview")
        || (name === "refusal" && a.dataset.nav === "system"));
    }
  }

  function renderHeader(sys) {
    pill("accepting", sys.accepting ? "accepting calls" : "draining", sys.accepting ? "good" : "bad");
    const state = sys.jms.state;
    pill("broker-state", "broker " + state, state === "connected" ? "good" : state === "buffering" ? "warn" : "bad");
    setText("last-update", clock(sys.at));
  }

  function renderTiles(sys) {
    setText("tile-active", number(sys.sessions.active));
    setText("tile-peak", number(sys.sessions.peak));
    setText("tile-capacity", sys.sessions.limit === null
      ? "room for " + plural(sys.sessions.streamCapacity, "stream", "streams") + " (RTP ports)"
      : "limit " + number(sys.sessions.limit));
    setText("tile-setups", number(sys.sip.setups));
    setText("tile-rejections", number(sys.sip.rejections));
    const codes = Object.entries(sys.sip.rejectionsByStatus).map(([c, n]) => c + "×" + n).join("  ");
    setText("tile-rejection-codes", codes || "no rejections");
    setText("tile-pps", number(Math.round(sys.media.packetsPerSecond)));
    setText("tile-lost", number(sys.media.packetsLost));
    setText("tile-decode", number(sys.media.decodeErrors));
    setText("tile-cps", number(Math.round(sys.jms.chunksPerSecond)));
    setText("tile-dropped", number(sys.jms.chunksDropped));
    setText("tile-backlog", number(sys.jms.audioBacklog));
    const a = sys.archive;
    setText("tile-archive", !a.enabled ? "off" : a.lastError ? "errors" : "writing");
    setText("tile-archive-note", a.lastError ? a.lastError : a.enabled ? plural(a.sessionsArchived, "session", "sessions") + " kept" : "srs.archive.enabled=false");
    // The used heap alone is the value: "used / max" does not fit a tile at this size.
    setText("tile-heap", megabytes(sys.jvm.heapUsedBytes));
    setText("tile-heap-max", megabytes(sys.jvm.heapMaxBytes));
    setText("tile-cpu", sys.jvm.processCpu < 0 ? "–" : percent(sys.jvm.processCpu) + " of " + plural(sys.jvm.processors, "core", "cores"));
  }

  function participantCell(participants) {
    const cell = el("td", {});
    if (participants.length === 0) cell.appendChild(el("span", { class: "sub" }, "not known yet"));
    for (const p of participants) {
      cell.appendChild(el("div", { class: "participant" }, p.aor || p.id,
        p.name ? el("span", { class: "sub" }, " " + p.name) : null,
        p.role && p.role !== "unknown" ? el("span", { class: "sub" }, " · " + p.role) : null));
    }
    return cell;
  }

  function streamsCell(streams) {
    const cell = el("td", {});
    for (const s of streams) {
      const st = s.statistics;
      const line = el("div", { class: "stream-line", "data-label": s.label },
        el("span", { class: "stream-label" }, s.label), " ",
        s.recorded ? codec(s) : "refused", " · ",
        el("span", { class: "stream-packets" }, number(st.packetsReceived)), " pkts · loss ",
        lossPercent(st), " · jitter ", st.jitterMs.toFixed(1), " ms");
      if (s.paused) line.appendChild(el("span", { class: "badge" }, "paused"));
      if (s.recorded && st.packetsReceived === 0) line.appendChild(el("span", { class: "badge off" }, "no media yet"));
      cell.appendChild(line);
    }
    return cell;
  }

  /** What became of the session's metadata, as badges: not read (and why), or read after repairs. */
  function metadataBadges(s) {
    const badges = [];
    if (s.metadataProblem) {
      badges.push(el("span", { class: "badge bad metadata-problem", title: s.metadataProblem.detail },
        "metadata " + s.metadataProblem.kind));
    } else if (s.metadataRepairs && s.metadataRepairs.length) {
      badges.push(el("span", { class: "badge metadata-repaired", title: s.metadataRepairs.join(", ") },
        "metadata repaired"));
    }
    return badges;
  }

  function srcCell(s) {
    return el("td", {}, s.srcAddress, el("div", { class: "sub" }, s.srcVendor));
  }

  function sessionRow(s, ended) {
    const row = el("tr", { "data-session-id": s.id, title: "Call-ID " + s.callId },
      el("td", {}, clock(ended ? s.endedAt : s.startedAt)),
      el("td", { class: "session-duration" }, duration(s.durationMs)),
      srcCell(s),
      (() => { const c = participantCell(s.participants); c.append(...metadataBadges(s)); return c; })(),
      ended ? el("td", {}, s.endReason) : streamsCell(s.streams),
      el("td", { class: "num" }, number(s.chunksPublished) + " / " + number(s.chunksDropped)),
      el("td", { class: "num" }, percent(s.completeness)));
    row.addEventListener("click", () => { window.location.hash = "#/session/" + s.id; });
    return row;
  }

  function renderLive(data) {
    replaceRows($("live-sessions").tBodies[0], data.sessions.map((s) => sessionRow(s, false)));
    $("no-live").hidden = data.sessions.length > 0;
    $("live-sessions").hidden = data.sessions.length === 0;
    setText("live-count", data.sessions.length ? "(" + data.sessions.length + ")" : "");
  }

  function renderRecent(data) {
    replaceRows($("recent-sessions").tBodies[0], data.sessions.map((s) => sessionRow(s, true)));
    $("no-recent").hidden = data.sessions.length > 0;
    $("recent-sessions").hidden = data.sessions.length === 0;
    setText("recent-count", data.sessions.length ? "(last " + data.sessions.length + " of up to " + data.kept + ")" : "");
    // The list shows the first page only: the rest are one search away, never silently cut.
    const more = data.total - data.sessions.length;
    $("recent-more").hidden = more <= 0;
    setText("recent-more-count", plural(Math.max(more, 0), "more ended session", "more ended sessions"));
  }

  function renderSession(d) {
    $("session-missing").hidden = d !== null;
    $("session-detail").hidden = d === null;
    if (d === null) return;
    const s = d.session;
    setText("session-call-id", s.callId);
    if (d.live) pill("session-status", "LIVE", "good");
    else pill("session-status", "ENDED · " + d.endReason, "");
    setText("session-id", d.id);
    setText("session-src", s.srcAddress + " · " + s.srcVendor + (s.siprec ? " · SIPREC" : " · not marked SIPREC"));
    setText("session-ua", s.userAgent || "–");
    setText("session-started", when(s.startedAt) + (s.endedAt ? ", ended " + when(s.endedAt) : ""));
    setText("session-duration", duration(d.durationMs));
    setText("session-chunks", number(d.chunksPublished) + " / " + number(d.chunksDropped));
    setText("session-completeness", percent(d.completeness));
    const ids = Object.assign({}, s.sipCallIdentifiers, s.metadata ? s.metadata.callIdentifiers : {});
    setText("session-call-ids", Object.entries(ids).map(([k, v]) => k + "=" + v).join("  ") || "–");
    // A persistent recording session records several calls in turn (RFC 7866 §6.1).
    setText("session-communications", s.communicationSessions.map((c) => c.id + " (" + clock(c.startedAt)
      + "–" + (c.endedAt ? clock(c.endedAt) : "") + ")").join(", ") || "–");
    // The other recordings of the same metadata group: after a transfer, the one before it.
    $("session-linked").replaceChildren(...(s.linkedSessions.length === 0 ? [document.createTextNode("–")]
      : s.linkedSessions.map((l) => el("a", { href: "#/session/" + l.sessionId, class: "mono linked-session" },
        l.sessionId + " (" + when(l.startedAt) + (l.endedAt ? ", ended" : ", live") + ") "))));
    const warnings = s.warnings.concat(s.metadata ? s.metadata.warnings : []);
    $("session-warnings").hidden = warnings.length === 0;
    setText("session-warnings", warnings.join(" · "));
    const mp = s.metadataProblem;
    $("session-metadata-problem").hidden = !mp;
    setText("session-metadata-problem", !mp ? "" : "Metadata in " + mp.receivedIn + " not read (" + mp.kind + "): "
      + mp.detail + (mp.repairsTried.length ? " · repairs tried: " + mp.repairsTried.join(", ") : "")
      + " · recorded without it" + (s.metadata ? ", with the metadata received before" : "")
      + (mp.rawKeptBytes < mp.bytes ? " · first " + number(mp.rawKeptBytes) + " of " + number(mp.bytes) + " bytes kept" : ""));

    replaceRows($("session-streams").tBodies[0], s.streams.map((st) => {
      const q = st.statistics;
      const heard = st.participants.map((p) => p.aor || p.id).join(", ") || "–";
      const state = !st.recorded ? "refused" : st.paused ? "paused" : d.live ? "recording" : "closed";
      // Counted apart: neither recorded nor lost (docs/media.md).
      const whilePaused = q.packetsWhilePaused > 0
        ? el("div", { class: "sub while-paused" }, plural(q.packetsWhilePaused, "packet", "packets") + " while paused, not recorded")
        : null;
      return el("tr", { "data-label": st.label },
        el("td", {}, st.label), el("td", {}, st.recorded ? codec(st) : "–"),
        el("td", {}, heard, st.role !== "unknown" ? el("div", { class: "sub" }, st.role) : null),
        el("td", {}, state, whilePaused),
        el("td", { class: "num packets" }, number(q.packetsReceived)),
        el("td", { class: "num" }, number(q.packetsLost) + " (" + lossPercent(q) + ")"),
        el("td", { class: "num" }, number(q.packetsLate)),
        el("td", { class: "num" }, q.jitterMs.toFixed(2) + " ms"),
        el("td", { class: "num" }, number(q.decodeErrors)),
        el("td", { class: "num" }, number(q.concealedMs) + " ms"),
        el("td", { class: "num" }, number(q.chunksPublished)),
        el("td", { class: "num" }, percent(q.completeness)),
        el("td", { class: "num" }, q.rtcp.srcPacketsSent < 0 ? "–" : number(q.rtcp.srcPacketsSent)));
    }));

    // What each stage of each stream's media path took in, handed on and dropped (docs/media.md).
    const nonZero = (m) => Object.entries(m).filter(([, n]) => n > 0).map(([k, n]) => k + " " + number(n)).join(" · ") || "–";
    replaceRows($("session-stages").tBodies[0], s.streams.flatMap((st) => (st.statistics.stages || []).map((f) =>
      el("tr", { "data-label": st.label, "data-stage": f.stage },
        el("td", {}, st.label), el("td", {}, f.stage), el("td", {}, f.unit),
        el("td", { class: "num stage-in" }, number(f.in)), el("td", { class: "num stage-out" }, number(f.out)),
        el("td", { class: "stage-dropped" }, nonZero(f.dropped)), el("td", {}, nonZero(f.counts)),
        el("td", { class: "num" }, (f.cpuMicros / 1000).toFixed(1) + " ms")))));

    // The metadata names streams by id; operators know them by their SDP label.
    const labels = {};
    for (const ms of s.metadata ? s.metadata.streams : []) labels[ms.id] = ms.label ? "label " + ms.label : ms.id;
    const named = (ids) => ids.map((i) => labels[i] || i).join(", ") || "–";
    const people = s.metadata ? s.metadata.participants : [];
    replaceRows($("session-participants").tBodies[0], people.map((p) =>
      el("tr", {}, el("td", {}, p.aor), el("td", {}, p.name), el("td", {}, p.role),
        el("td", {}, named(p.sends)), el("td", {}, named(p.receives)))));

    $("session-timeline").replaceChildren(...d.timeline.map((t) =>
      el("li", {}, el("span", { class: "tl-time" }, clock(t.at)), el("span", { class: "tl-type" }, t.type),
        el("span", {}, t.streamLabel), el("span", {}, t.detail))));

    const sdpText = JSON.stringify(d.sdp);
    if (shown["session-sdp"] !== sdpText) {
      shown["session-sdp"] = sdpText;
      $("session-sdp").replaceChildren(...d.sdp.map((x, i) =>
        el("div", { class: "sdp-exchange" },
          el("h4", {}, x.receivedIn + " at " + when(x.at)),
          el("div", { class: "two" },
            el("div", {}, el("div", { class: "sub" }, "offer (from the SRC)"), el("pre", { class: "code", id: "sdp-offer-" + i }, x.offer)),
            el("div", {}, el("div", { class: "sub" }, "answer (ours)"), el("pre", { class: "code", id: "sdp-answer-" + i }, x.answer))))));
      if (d.sdp.length === 0) $("session-sdp").appendChild(el("p", { class: "empty" }, "No SDP exchange kept."));
    }

    setText("metadata-dialect", s.metadata ? "(" + s.metadata.dialect
      + (s.metadata.repairs.length ? "; repaired: " + s.metadata.repairs.join(", ") : "") + ")" : "");
    setBlock("normalised-metadata", s.metadata ? JSON.stringify(s.metadata, null, 2)
      : s.metadataProblem ? "None read: see the problem above." : "The SRC has sent no metadata.");
    setText("raw-metadata-where", s.rawMetadata ? "(" + s.rawMetadata.contentType + ", in " + s.rawMetadata.receivedIn + ")" : "");
    setBlock("raw-metadata", s.rawMetadata ? s.rawMetadata.xml : "–");
  }

  function facts(id, pairs) {
    const dl = $(id);
    const nodes = [];
    for (const [k, v] of pairs) nodes.push(el("dt", {}, k), el("dd", {}, String(v)));
    dl.replaceChildren(...nodes);
  }

  function renderSystem(sys) {
    facts("system-sessions", [
      ["Accepting calls", sys.accepting ? "yes" : "no (draining)"],
      ["Live now", number(sys.sessions.active)],
      ["Peak since start", number(sys.sessions.peak)],
      ["Session limit", sys.sessions.limit === null ? "none configured" : number(sys.sessions.limit)],
      ["Streams open / RTP port capacity", number(sys.sessions.streamsOpen) + " / " + number(sys.sessions.streamCapacity)],
      ["Up for", duration(sys.uptimeMs)]]);
    facts("system-media", [
      ["Packets/s", number(Math.round(sys.media.packetsPerSecond))],
      ["Packets received", number(sys.media.packetsReceived)],
      ["Packets lost", number(sys.media.packetsLost)],
      ["Malformed datagrams", number(sys.media.packetsMalformed)],
      ["Decode errors", number(sys.media.decodeErrors)]]);
    const j = sys.jms;
    facts("system-jms", [
      ["Broker", (j.brokerEmbedded ? "embedded, " + (j.brokerRunning ? "running" : "stopped") : "external") + " · " + j.brokerUrl],
      ["State", j.state + " (audio " + (j.audioConnected ? "connected" : "not connected") + ", events " + (j.eventsConnected ? "connected" : "not connected") + ")"],
      ["Chunks/s", number(Math.round(j.chunksPerSecond))],
      ["Chunks sent / dropped", number(j.chunksPublished) + " / " + number(j.chunksDropped)],
      ["Audio backlog", number(j.audioBacklog) + " of " + number(j.audioBacklogLimit)],
      ["Chunk latency (completion to send)", "mean " + j.chunkLatencyMeanMs.toFixed(2) + " ms, recent max " + j.chunkLatencyMaxMs.toFixed(2) + " ms"],
      ["Events sent / lost / waiting", number(j.eventsPublished) + " / " + number(j.eventsLost) + " / " + number(j.eventsBacklog)]]);
    const a = sys.archive;
    facts("system-archive", [
      ["Archive", a.enabled ? a.directory : "off"],
      ["Chunks written / dropped", number(a.chunksWritten) + " / " + number(a.chunksDropped)],
      ["Sessions archived", number(a.sessionsArchived)],
      ["Write errors", number(a.writeErrors)],
      ["Backlog", number(a.backlog)],
      ["Last error", a.lastError || "none"]]);
    const v = sys.jvm;
    facts("system-jvm", [
      ["Heap used / committed / max", megabytes(v.heapUsedBytes) + " / " + megabytes(v.heapCommittedBytes) + " / " + megabytes(v.heapMaxBytes)],
      ["Process CPU", v.processCpu < 0 ? "–" : percent(v.processCpu) + " of " + plural(v.processors, "core", "cores")],
      ["Machine CPU", v.systemCpu < 0 ? "–" : percent(v.systemCpu)],
      ["Threads", number(v.threads)],
      ["Java", v.javaVersion],
      ["Failed console logins", number(sys.admin.loginFailures)]]);
    facts("system-sip", [
      ["Sessions set up (200 OK)", number(sys.sip.setups)],
      ["INVITEs refused", number(sys.sip.rejections)]]);
    replaceRows($("rejections-by-status").tBodies[0], Object.entries(sys.sip.rejectionsByStatus).map(([code, n]) =>
      el("tr", {}, el("td", {}, code), el("td", { class: "num" }, number(n)))));
    replaceRows($("last-rejections").tBodies[0], sys.sip.lastRejections.map((r) =>
      el("tr", {}, el("td", {}, when(r.at)), el("td", {}, r.status), el("td", {}, r.reason),
        el("td", { class: "mono" }, el("a", { href: "#/refused/" + encodeURIComponent(r.callId),
          title: "the SIP ladder of this INVITE" }, r.callId)), el("td", {}, r.srcAddress))));
    $("no-rejections").hidden = sys.sip.lastRejections.length > 0;
    $("last-rejections").hidden = sys.sip.lastRejections.length === 0;
    $("system-alarms").replaceChildren(...sys.alarms.map(alarmItem));
    $("system-alarms").hidden = sys.alarms.length === 0;
    $("no-alarms").hidden = sys.alarms.length > 0;
    const settingsText = JSON.stringify(sys.settings);
    if (shown.settings !== settingsText) {
      shown.settings = settingsText;
      replaceRows($("settings").tBodies[0], sys.settings.map((s) =>
        el("tr", {}, el("td", { class: "mono" }, s.key), el("td", { class: "mono" }, s.value === "" ? "(empty)" : s.value),
          el("td", { class: "sub" }, s.origin), el("td", { class: "sub" }, s.description))));
    }
  }

  /**
   * The session's legal hold, with a button to put one on or release it (docs/recordings.md). Its
   * own request: an archive that is off answers 409 here, which is no reason to grey the page.
   */
  async function renderHold(id) {
    let h;
    try {
      const resp = await fetch("api/sessions/" + id + "/hold", { credentials: "same-origin", cache: "no-store",
        headers: { "X-SRS-Console": "1", "Accept": "application/json" } });
      h = resp.ok ? await resp.json() : { unavailable: true };
    } catch (e) {
      return; // the main poll reports a server that does not answer
    }
    const form = $("session-hold-form");
    form.dataset.session = id;
    form.dataset.held = h.held ? "1" : "";
    form.hidden = !!h.unavailable;
    setText("session-hold-state", h.unavailable ? "not in the archive"
      : h.held ? "HELD since " + when(h.at) + " by " + h.by + ": " + h.why : "not held");
    setText("session-hold-button", h.held ? "Release hold" : "Put on legal hold");
  }

  document.addEventListener("submit", async (event) => {
    if (event.target.id !== "session-hold-form") return;
    event.preventDefault();
    const form = event.target;
    const why = $("session-hold-why").value.trim();
    if (!why) return;
    const action = form.dataset.held ? "release" : "hold";
    setText("session-hold-error", "");
    try {
      await post("api/sessions/" + form.dataset.session + "/" + action, { why: why });
      $("session-hold-why").value = "";
    } catch (e) {
      setText("session-hold-error", e.message);
    }
    await renderHold(form.dataset.session);
  });

  // ---------------------------------------------------------------- hear: playback and downloads

  const STRIP_COLUMNS = 600; // a long call's windows are merged (their peak kept) to fit
  const STRIP_HEIGHT = 32;
  const LEVELS_EVERY = 5; // polls between level-strip refreshes of a live call
  let recordingShown = null; // "<session id> <state> <file names>" last drawn: players kept otherwise

  /** The level strip of one WAV in its canvas: a bar per window, silence (pauses, gaps) a grey floor. */
  function drawLevels(canvas, what, levels) {
    const n = levels.peaks.length;
    const per = Math.max(1, Math.ceil(n / STRIP_COLUMNS));
    const columns = Math.max(1, Math.ceil(n / per));
    canvas.width = columns;
    canvas.height = STRIP_HEIGHT;
    const g = canvas.getContext("2d");
    const style = getComputedStyle(canvas);
    let silent = 0;
    for (const p of levels.peaks) if (p === 0) silent++;
    for (let c = 0; c < columns; c++) {
      let peak = 0;
      for (let i = c * per; i < Math.min(n, (c + 1) * per); i++) peak = Math.max(peak, levels.peaks[i]);
      // Square root: speech peaks sit well below full scale and would hardly show on a linear scale.
      const h = peak === 0 ? 2 : Math.max(4, Math.round(STRIP_HEIGHT * Math.sqrt(peak / levels.fullScale)));
      g.fillStyle = peak === 0 ? style.getPropertyValue("--silence") : style.getPropertyValue("--sound");
      g.fillRect(c, STRIP_HEIGHT - h, 1, h);
    }
    const seconds = (n * levels.windowMs / 1000).toFixed(1);
    const silentShare = n === 0 ? 0 : Math.round(100 * silent / n);
    canvas.setAttribute("aria-label", "Levels of " + what + ": " + seconds + " s, silence (pauses or gaps) in "
      + silentShare + " %, sound in " + (n === 0 ? 0 : 100 - silentShare) + " %");
    canvas.dataset.windows = String(n);
    canvas.dataset.silentWindows = String(silent);
  }

  async function refreshLevels(id) {
    for (const strip of document.querySelectorAll("#recording-files canvas.level-strip")) {
      const levels = await api("api/recordings/" + id + "/" + strip.dataset.file + "/levels").catch(() => null);
      if (levels) drawLevels(strip, strip.dataset.what, levels);
    }
  }

  function player(src, file, label) {
    const a = el("audio", { controls: true, preload: "metadata", src: src, "data-file": file });
    a.setAttribute("aria-label", label);
    return a;
  }

  /**
   * The session's players, level strips and downloads; redrawn only when its files change or the
   * call ends (a live call's players hold what had been written when they loaded).
   */
  async function renderRecording(id, live) {
    const listing = await api("api/recordings/" + id);
    const files = listing ? listing.files : [];
    const key = id + (live ? " live " : " ended ") + files.map((f) => f.name).join(" ");
    $("recording-none").hidden = files.length > 0;
    if (recordingShown === key) {
      if (live && pollCount % LEVELS_EVERY === 0) await refreshLevels(id);
      return;
    }
    recordingShown = key;
    const base = "api/recordings/" + id + "/";
    const audio = files.filter((f) => f.kind !== "session");
    $("recording-files").replaceChildren(...audio.map((f, i) => {
      const what = f.kind === "mix" ? "the stereo mix" : "stream " + f.label;
      const nameId = "recording-name-" + i;
      const strip = el("canvas", { class: "level-strip" });
      strip.setAttribute("role", "img");
      strip.setAttribute("aria-label", "Levels of " + what + ": loading");
      strip.dataset.file = f.name;
      strip.dataset.what = what;
      return el("li", { "data-file": f.name },
        el("span", { id: nameId, class: "recording-name" }, f.kind === "mix" ? "Mix (stereo)" : "Stream " + f.label,
          f.encrypted ? el("span", { class: "muted" }, " · encrypted") : null),
        player(base + f.name, f.name, "Play " + what),
        strip,
        el("a", { href: base + f.name + "?download", download: id + "-" + f.name }, "Download"));
    }));
    $("recording-downloads").replaceChildren(...files.map((f) =>
      el("a", { href: base + f.name + "?download", download: id + "-" + f.name, class: "download",
        "data-file": f.name }, "Download " + (f.kind === "session" ? "session JSON" : f.name))));
    await refreshLevels(id);
  }

  // ---------------------------------------------------------------- SIP ladder

  /**
   * A dialog's SIP messages as a ladder: SRC on the left, SRS on the right, one arrow per message
   * with its time from the first; each a details element, so Enter or Space opens its full text.
   */
  function renderLadder(id, ladder) {
    const text = JSON.stringify(ladder);
    if (shown[id] === text) return; // a redraw would close what the reader opened
    shown[id] = text;
    if (ladder === null) {
      $(id).replaceChildren(el("p", { class: "empty" }, "No SIP messages kept for this (kept: live sessions, the recently ended and the last refused)."));
      return;
    }
    const head = el("div", { class: "ladder-head" },
      el("span", {}, "time"), el("span", {}, "SRC"), el("span", {}, ""), el("span", {}, "SRS"));
    head.setAttribute("aria-hidden", "true"); // each arrow's title says it in words
    const rows = ladder.messages.map((m, i) => {
      const toSrs = m.direction === "received";
      const arrow = toSrs ? m.label + " →" : "← " + m.label;
      return el("li", {}, el("details", { id: id + "-msg-" + i },
        el("summary", { class: "ladder-row " + (toSrs ? "to-srs" : "to-src"),
          title: (toSrs ? "from the SRC: " : "from us: ") + m.startLine },
          el("span", { class: "ladder-time" }, "+" + (m.offsetMs / 1000).toFixed(3) + " s"),
          el("span", { class: "ladder-lane" }, toSrs ? "SRC" : ""),
          el("span", { class: "ladder-arrow" }, arrow),
          el("span", { class: "ladder-lane" }, toSrs ? "" : "SRS")),
        el("pre", { class: "code" }, m.text),
        m.truncated ? el("p", { class: "sub" }, "cut at " + number(ladder.maxCharsPerMessage)
          + " characters of " + number(m.length)) : null));
    });
    const list = el("ol", { class: "ladder" }, ...rows);
    if (ladder.omitted > 0) {
      $(id).replaceChildren(head, list, el("p", { class: "sub" }, number(ladder.omitted)
        + " later messages not kept (at most " + number(ladder.maxMessages) + " per dialog)"));
    } else {
      $(id).replaceChildren(head, list);
    }
  }

  async function renderRefusal(callId, sys) {
    setText("refusal-call-id", callId);
    const row = sys.sip.lastRejections.find((r) => r.callId === callId);
    setText("refusal-why", row ? row.status + " at " + when(row.at) + " from " + row.srcAddress + ": " + row.reason
      : "No longer among the last rejections.");
    renderLadder("refusal-ladder", await api("api/ladder?refused=" + encodeURIComponent(callId)));
  }

  // ---------------------------------------------------------------- find a call (GET api/calls)
  // The query lives in the hash (#/?q=...&state=...), so a search can be shared and survives a reload.

  const FIND_FIELDS = ["q", "state", "reason", "problems", "from", "to", "sort", "order"];

  /** The search the hash asks for, or null when the overview shows no search. */
  function findQuery() {
    const hash = window.location.hash || "";
    if (!hash.startsWith("#/?")) return null;
    const params = new URLSearchParams(hash.substring(3));
    for (const k of [...params.keys()]) if (!params.get(k)) params.delete(k);
    return params;
  }

  /** The form shows the hash's query (on load and when the hash changes, never while typing). */
  function fillFindForm() {
    const params = findQuery() || new URLSearchParams();
    for (const k of FIND_FIELDS) {
      const input = $("find-" + k);
      if (input.type === "checkbox") input.checked = params.get(k) === "1";
      else input.value = params.get(k) || (input.tagName === "SELECT" ? input.options[0].value : "");
    }
  }

  function findHash(offset) {
    const params = new URLSearchParams();
    for (const k of FIND_FIELDS) {
      const input = $("find-" + k);
      const v = input.type === "checkbox" ? (input.checked ? "1" : "") : input.value.trim();
      if (v) params.set(k, v);
    }
    if (offset) params.set("offset", String(offset));
    return "#/?" + params.toString();
  }

  document.addEventListener("submit", (event) => {
    if (event.target.id !== "find-form") return;
    event.preventDefault();
    window.location.hash = findHash(0);
  });

  function findRow(c) {
    const link = el("a", { href: "#/session/" + c.id, class: "mono find-call-id" }, c.callId || c.id);
    const problems = c.problems.map((p) => el("span", { class: "badge" }, p));
    return el("tr", { "data-session-id": c.id, "data-state": c.state },
      el("td", {}, when(c.startedAt)),
      el("td", {}, duration(c.durationMs)),
      el("td", {}, link, el("div", { class: "sub" }, Object.entries(c.callIds).map(([k, v]) => k + "=" + v).join("  "))),
      srcCell(c),
      participantCell(c.participants),
      el("td", {}, c.state + (c.state === "archived" ? " · " + c.day : ""), c.endReason ? el("div", { class: "sub" }, c.endReason) : null),
      el("td", { class: "num" }, percent(c.completeness), ...problems));
  }

  function renderFind(data, params) {
    $("find-results-block").hidden = false;
    replaceRows($("find-results").tBodies[0], data.calls.map(findRow));
    const first = data.calls.length ? data.offset + 1 : 0;
    setText("find-count", data.total === 0 ? "no call matches"
      : first + "–" + (data.offset + data.calls.length) + " of " + plural(data.total, "call", "calls")
        + (data.more ? " · " + number(data.more) + " more" : ""));
    const prev = Math.max(0, data.offset - data.limit);
    $("find-prev").hidden = data.offset === 0;
    $("find-prev").href = findHashFrom(params, prev);
    $("find-next").hidden = data.more === 0;
    $("find-next").href = findHashFrom(params, data.offset + data.calls.length);
    setText("find-index-note", data.index.leftOut > 0
      ? number(data.index.leftOut) + " older archived sessions are beyond the index (" + number(data.index.capacity) + ") and not searched" : "");
  }

  function findHashFrom(params, offset) {
    const p = new URLSearchParams(params);
    if (offset) p.set("offset", String(offset)); else p.delete("offset");
    return "#/?" + p.toString();
  }

  function renderFindError(message) {
    $("find-results-block").hidden = false;
    replaceRows($("find-results").tBodies[0], []);
    setText("find-count", message);
    $("find-prev").hidden = true;
    $("find-next").hidden = true;
  }

  /** One poll of the search; a query the server refuses says why instead of the results. */
  async function pollFind() {
    const params = findQuery();
    if (!params) { $("find-results-block").hidden = true; return; }
    const resp = await fetch("api/calls?" + params.toString(), { credentials: "same-origin", cache: "no-store",
      headers: { "X-SRS-Console": "1", "Accept": "application/json" } });
    if (resp.status === 401) { window.location.href = "login"; throw new Error("logged out"); }
    const body = await resp.json().catch(() => ({}));
    if (resp.status === 400) { renderFindError(body.error || "query not understood"); return; }
    if (!resp.ok) throw new Error("api/calls: HTTP " + resp.status);
    renderFind(body, params);
  }

  /** A session no longer in memory may still be in the archive: its index entry says where. */
  async function renderArchived(id) {
    const data = await api("api/calls?state=archived&limit=1&q=" + encodeURIComponent("id:" + id));
    const c = data && data.calls.find((x) => x.id === id);
    setText("session-missing", c
      ? "This session is no longer in memory; it is in the archive: " + (c.callId || c.id) + ", started "
        + when(c.startedAt) + ", ended " + c.endReason + ", folder " + c.day + "/" + c.id + "."
      : "This session is neither live nor among the recently ended ones, nor in the archive's index.");
  }

  // ---------------------------------------------------------------- the loop

  async function poll() {
    const r = route();
    showView(r.view);
    try {
      const sys = await api("api/system");
      renderHeader(sys);
      renderAlarms(sys);
      if (r.view === "overview") {
        renderTiles(sys);
        renderLive(await api("api/sessions"));
        if (pollCount % RECENT_EVERY === 0) {
          renderRecent(await api("api/sessions/recent?limit=50"));
          await pollFind();
        }
      } else if (r.view === "session") {
        const detail = await api("api/sessions/" + r.id);
        renderSession(detail);
        if (detail === null) await renderArchived(r.id);
        await renderHold(r.id);
        await renderRecording(r.id, $("session-status").textContent === "LIVE");
        renderLadder("session-ladder", await api("api/ladder?session=" + r.id));
      } else if (r.view === "refusal") {
        await renderRefusal(r.callId, sys);
      } else {
        renderSystem(sys);
      }
      problem(null);
    } catch (e) {
      if (e.message !== "logged out") problem(e.message);
    }
    pollCount++;
  }

  function schedule() {
    clearTimeout(timer);
    poll().finally(() => { timer = setTimeout(schedule, POLL_MS); });
  }

  // A new view redraws its blocks; the alarm banner stays as it is (a redraw would be announced again).
  window.addEventListener("hashchange", () => {
    pollCount = 0;
    fillFindForm();
    for (const k in shown) if (k !== "alarms") delete shown[k];
    schedule();
  });
  document.addEventListener("DOMContentLoaded", () => { fillFindForm(); schedule(); });
})();
