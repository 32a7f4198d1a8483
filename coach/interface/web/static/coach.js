// coach in a browser: the tap that unlocks sound, the socket's address and token, the
// cues played with Web Audio at their planned times, and keeping the screen on.
//
// The screen itself is Textual's page script (textual.js), loaded after the tap. It opens
// its socket with `new WebSocket(...)`; the wrapper below adds the token, and listens on
// the same socket for coach's own messages: ["coach", {type: ...}].
//
// window.coach.cues keeps one entry per cue scheduled: {cue, planned, played}, times in
// milliseconds on this page's clock (performance.now()). `played` is when the sound
// reaches the speaker by the audio clock; it stays null for a cue called off (pause,
// skip, back), which then has `cancelled: true`.
(() => {
  "use strict";

  const SAME_S = 0.005; // a cue announced again within this is the same cue
  const MAX_LATE_S = 0.25; // a cue that would start later than this is dropped
  const SYNC_EVERY_MS = 5000;

  const params = new URLSearchParams(location.search);
  const token = params.get("token") || "";
  const coach = (window.coach = {
    cues: [],
    offset: null,
    rtt: null,
    sounds: {},
    started: false,
    size: null,
  });
  const pending = new Map(); // key -> {entry, source, at, timer}
  const played = new Map(); // key -> at (seconds, server clock) of the last one played
  const samples = [];
  let ctx = null;
  let socket = null;
  let syncTimer = null;

  // --- the screen: Textual's terminal, sized for the device ---------------------------
  const terminal = document.getElementById("terminal");
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  terminal.dataset.sessionWebsocketUrl = `${scheme}//${location.host}/ws`;
  // A phone held upright gets about 40 columns: the phase word fills the width. Wider
  // screens get the terminal's usual 80 to 100; never tiny, never huge.
  const upright = window.innerHeight > window.innerWidth && window.innerWidth < 600;
  const across = upright ? 40 : window.innerWidth < 1000 ? 80 : 100;
  const fontSize = Math.max(10, Math.min(22, Math.floor(window.innerWidth / across / 0.6)));
  terminal.dataset.fontSize = String(fontSize);

  const Native = window.WebSocket;
  function CoachSocket(url, protocols) {
    const address = new URL(url, location.href);
    address.searchParams.set("token", token);
    const ws = protocols === undefined ? new Native(address.href) : new Native(address.href, protocols);
    attach(ws);
    return ws;
  }
  CoachSocket.prototype = Native.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) CoachSocket[name] = Native[name];
  window.WebSocket = CoachSocket;

  function attach(ws) {
    socket = ws;
    // The terminal's size in cells, as last told to coach (for tests and the overlay).
    const send = ws.send.bind(ws);
    ws.send = (data) => {
      if (typeof data === "string" && data.startsWith('["resize"')) {
        coach.size = JSON.parse(data)[1];
      }
      return send(data);
    };
    ws.addEventListener("open", () => {
      samples.length = 0;
      for (let i = 0; i < 5; i++) setTimeout(sync, i * 60);
      clearInterval(syncTimer);
      syncTimer = setInterval(sync, SYNC_EVERY_MS);
    });
    ws.addEventListener("message", (event) => {
      if (typeof event.data !== "string") return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (Array.isArray(message) && message[0] === "coach" && message[1]) handle(message[1]);
    });
    ws.addEventListener("close", (event) => {
      clearInterval(syncTimer);
      for (const key of [...pending.keys()]) cancel(key);
      if (event.code !== 1000) {
        document.getElementById("ended-title").textContent = "The connection was lost.";
        document.getElementById("ended-text").textContent =
          "The workout is paused and waits ten minutes: reconnect to carry on.";
        document.getElementById("again").textContent = "Reconnect";
      }
    });
  }

  function sync() {
    if (socket && socket.readyState === Native.OPEN) {
      socket.send(JSON.stringify(["coach_sync", performance.now()]));
    }
  }

  // --- messages from coach ------------------------------------------------------------
  function handle(message) {
    switch (message.type) {
      case "coach_sync":
        onSync(message);
        break;
      case "coach_sounds":
        loadSounds(message.names, message.version);
        break;
      case "coach_cues":
        onSchedule(message.cues || [], message.now);
        break;
      case "coach_cue_now":
        schedule(`now:${message.cue}:${message.at}`, message.cue, message.at);
        break;
    }
  }

  function onSync(message) {
    // The server's clock minus this page's, from the answer with the shortest round trip.
    const now = performance.now();
    const rtt = now - message.page;
    samples.push({ rtt, offset: message.server * 1000 - (message.page + rtt / 2) });
    if (samples.length > 20) samples.shift();
    const best = samples.reduce((a, b) => (b.rtt < a.rtt ? b : a));
    coach.offset = best.offset;
    coach.rtt = best.rtt;
  }

  // Each sound once loaded; a cue that comes first waits for its sound (or is dropped
  // when the wait made it too late).
  const loading = {};

  function loadSounds(names, version) {
    for (const name of names) {
      const query = new URLSearchParams({ token, v: String(version) });
      loading[name] = fetch(`/cue/${encodeURIComponent(name)}.wav?${query}`)
        .then((response) => response.arrayBuffer())
        .then((data) => ctx.decodeAudioData(data))
        .then((buffer) => {
          coach.sounds[name] = buffer;
          return buffer;
        })
        .catch(() => {
          note(`The sound for "${name}" could not be loaded.`);
          return null;
        });
    }
  }

  function onSchedule(cues, now) {
    const wanted = new Map(cues.map((c) => [c.key, c]));
    for (const [key, item] of [...pending]) {
      const cue = wanted.get(key);
      const moved = cue && Math.abs(cue.at - item.at) > SAME_S;
      // A cue missing from the list is called off, unless it fell due before the list
      // was made (then it simply is no longer ahead).
      const calledOff = !cue && (now === null || now === undefined || item.at > now);
      if (moved || calledOff) cancel(key);
    }
    for (const cue of cues) {
      const item = pending.get(cue.key);
      if (item && Math.abs(item.at - cue.at) <= SAME_S) continue;
      const last = played.get(cue.key);
      if (last !== undefined && Math.abs(last - cue.at) <= SAME_S) continue;
      schedule(cue.key, cue.cue, cue.at);
    }
  }

  // The audio clock's time for a moment on the page's clock, as heard from the speaker.
  function audioTime(pageMs) {
    const stamp = ctx.getOutputTimestamp ? ctx.getOutputTimestamp() : null;
    if (stamp && stamp.performanceTime > 0) {
      return stamp.contextTime + (pageMs - stamp.performanceTime) / 1000;
    }
    const latency = ctx.outputLatency || ctx.baseLatency || 0;
    return ctx.currentTime + (pageMs - performance.now()) / 1000 - latency;
  }

  function schedule(key, name, at) {
    if (coach.offset === null || !ctx) return;
    const planned = at * 1000 - coach.offset;
    const entry = { cue: name, planned, played: null };
    coach.cues.push(entry);
    const item = { entry, source: null, at, timer: null };
    pending.set(key, item);
    const buffer = coach.sounds[name];
    if (buffer) {
      start(key, item, buffer);
    } else if (loading[name]) {
      loading[name].then((loaded) => {
        if (pending.get(key) !== item) return; // called off meanwhile
        if (loaded) start(key, item, loaded);
        else finish(key, item, "missing");
      });
    } else {
      finish(key, item, "missing");
    }
  }

  function finish(key, item, why) {
    pending.delete(key);
    item.entry[why] = true;
  }

  function start(key, item, buffer) {
    const { entry, at } = item;
    const when = audioTime(entry.planned);
    if (ctx.currentTime - when > MAX_LATE_S) {
      finish(key, item, "dropped");
      return;
    }
    const begin = Math.max(when, ctx.currentTime);
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    source.start(begin);
    item.source = source;
    const heard = entry.planned + (begin - when) * 1000;
    item.timer = setTimeout(() => {
      if (pending.get(key) !== item) return;
      pending.delete(key);
      played.set(key, at);
      entry.played = heard;
    }, Math.max(0, heard - performance.now()));
  }

  function cancel(key) {
    const item = pending.get(key);
    if (!item) return;
    pending.delete(key);
    clearTimeout(item.timer);
    try {
      if (item.source) item.source.stop();
    } catch (error) {
      // it had already ended
    }
    item.entry.cancelled = true;
  }

  // --- keeping the screen on ----------------------------------------------------------
  function note(text) {
    const box = document.getElementById("note");
    box.textContent = text;
    box.classList.remove("hidden");
  }

  async function keepAwake() {
    if (!("wakeLock" in navigator) || !window.isSecureContext) {
      note(
        "This browser will not keep the screen on here (it needs HTTPS or localhost): " +
          "serve with --tls, or lengthen the screen timeout in the device's settings.",
      );
      return;
    }
    try {
      await navigator.wakeLock.request("screen");
    } catch (error) {
      note("The screen may turn off: the browser refused to keep it on.");
    }
  }

  document.addEventListener("visibilitychange", () => {
    if (coach.started && document.visibilityState === "visible") keepAwake();
  });

  // --- the tap that starts everything -------------------------------------------------
  function begin() {
    if (coach.started) return;
    coach.started = true;
    const Context = window.AudioContext || window.webkitAudioContext;
    ctx = new Context({ latencyHint: "interactive" });
    ctx.resume();
    // A silent sound inside the tap unlocks audio on browsers that need one.
    const unlock = ctx.createBufferSource();
    unlock.buffer = ctx.createBuffer(1, 1, 22050);
    unlock.connect(ctx.destination);
    unlock.start(0);
    document.getElementById("tap").classList.add("hidden");
    keepAwake();
    const script = document.createElement("script");
    script.src = "static/textual.js";
    script.onload = () => {
      // Textual's script starts its terminals on the window's load event, long past.
      if (typeof window.onload === "function") window.onload(new Event("load"));
    };
    document.body.appendChild(script);
  }

  const tap = document.getElementById("tap");
  tap.addEventListener("click", begin);
  tap.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") begin();
  });
  document.getElementById("again").addEventListener("click", () => location.reload());

  // --- ?debug=1: the last cues and how far each was from its moment -------------------
  if (params.get("debug") === "1") {
    const box = document.getElementById("debug");
    box.classList.remove("hidden");
    setInterval(() => {
      const lines = coach.cues.slice(-8).map((c) => {
        const off = c.played === null ? (c.cancelled ? "called off" : "…") : `${(c.played - c.planned).toFixed(1)} ms`;
        return `${c.cue.padEnd(12)} ${off}`;
      });
      const clock = coach.rtt === null ? "no clock yet" : `round trip ${coach.rtt.toFixed(1)} ms`;
      box.textContent = [clock, ...lines].join("\n");
    }, 500);
  }
})();
