"""Benchmark the HTML report: a synthetic 2,000-sentence report, opened in headless Chromium.

    python scripts/bench_html.py                 # 2,000 sentences, 3 runs
    python scripts/bench_html.py -n 5000 --runs 5 --keep out/bench.html

Prints the Python render time, the file size, and for each browser run the time from
navigation start to the load event and to the first frame painted after it (the
figure the "opens in under 2 s" target is about).

Also the small Chrome DevTools Protocol client the browser tests use: it drives the
system Chromium over ``--remote-debugging-pipe`` (file descriptors 3 and 4, NUL-
separated JSON), so it needs no websocket library and opens no TCP port. No
dependency beyond the standard library and a ``chromium`` binary (Debian:
``apt-get install -y chromium``).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = "install it with `apt-get install -y chromium` (Debian/Ubuntu) or set MTAUDIT_CHROMIUM=/path/to/chrome"


def find_chromium() -> str | None:
    """The Chromium/Chrome binary to use: $MTAUDIT_CHROMIUM, else the first on PATH."""
    env = os.environ.get("MTAUDIT_CHROMIUM")
    if env:
        return env if Path(env).exists() else shutil.which(env)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


_FD_SHIM = """import fcntl, os, sys
fds = [fcntl.fcntl(int(a), fcntl.F_DUPFD, 10) for a in sys.argv[1:3]]
for want, fd in zip((3, 4), fds):
    os.dup2(fd, want, inheritable=True)
for fd in fds + [int(a) for a in sys.argv[1:3] if int(a) not in (3, 4)]:
    os.close(fd)
os.execv(sys.argv[3], sys.argv[3:])
"""


class CDPError(RuntimeError):
    pass


class Chromium:
    """Headless Chromium driven over the DevTools protocol on a pipe.

    ``with Chromium() as b: page = b.new_page(); page.goto(url); page.eval("1+1")``
    """

    def __init__(self, binary: str | None = None, *, timeout: float = 30.0) -> None:
        binary = binary or find_chromium()
        if not binary:
            raise FileNotFoundError(f"no Chromium binary found: {INSTALL_HINT}")
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="mtaudit-chromium-")
        self._log = open(Path(self._profile) / "stderr.log", "w+b")  # noqa: SIM115
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        args = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
            "--hide-scrollbars", "--disable-dev-shm-usage", "--remote-debugging-pipe",
            f"--user-data-dir={self._profile}", "about:blank",
        ]
        # A small exec shim puts the pipe ends on fds 3 and 4, where Chromium expects them
        # (dash cannot redirect fds above 9; preexec_fn would race subprocess's own pipe).
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _FD_SHIM, str(to_browser_r), str(from_browser_w), *args],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            pass_fds=(to_browser_r, from_browser_w), start_new_session=True,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next_id = 0
        self._lock = threading.Lock()
        self._cond = threading.Condition()
        self._replies: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="cdp-reader", daemon=True)
        self._reader.start()
        try:
            self.version = self.send("Browser.getVersion")
        except Exception:
            self.close()
            raise

    # -- protocol
    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                with self._cond:
                    if "id" in msg:
                        self._replies[msg["id"]] = msg
                    else:
                        self.events.append(msg)
                    self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float | None = None) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            mid = self._next_id
        msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        try:
            os.write(self._to_browser, data)
        except OSError as exc:
            raise CDPError(f"{method}: browser pipe closed ({exc}); stderr: {self.stderr_tail()}") from exc
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._cond:
            while mid not in self._replies:
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    why = "browser exited" if self._closed else "timed out"
                    raise CDPError(f"{method}: {why}; stderr: {self.stderr_tail()}")
                self._cond.wait(left)
            reply = self._replies.pop(mid)
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error']}")
        return dict(reply.get("result", {}))

    def wait_event(self, pred: Callable[[dict[str, Any]], bool], timeout: float | None = None,
                   start: int = 0) -> dict[str, Any]:
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._cond:
            while True:
                for ev in self.events[start:]:
                    if pred(ev):
                        return ev
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise CDPError(f"event not seen ({'browser exited' if self._closed else 'timed out'})")
                self._cond.wait(left)

    def stderr_tail(self, n: int = 2000) -> str:
        try:
            self._log.flush()
            return (Path(self._profile) / "stderr.log").read_bytes()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""

    def new_page(self, width: int = 1280, height: int = 900, mobile: bool = False) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target)
        for domain in ("Page", "Runtime", "Network", "Log"):
            page.send(f"{domain}.enable")
        page.viewport(width, height, mobile)
        return page

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send("Browser.close", timeout=5)
            except Exception:
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)  # our own session: the browser and its helpers
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=5)
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        self._log.close()
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    """One tab, attached with a flat session."""

    def __init__(self, browser: Chromium, session: str, target: str) -> None:
        self.browser, self.session, self.target = browser, session, target

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session, timeout)

    def events(self, method: str | None = None, since: int = 0) -> list[dict[str, Any]]:
        return [e for e in self.browser.events[since:]
                if e.get("sessionId") == self.session and (method is None or e.get("method") == method)]

    def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def goto(self, url: str, timeout: float | None = None) -> float:
        """Navigate and wait for the load event; returns the wall time it took (s)."""
        mark = len(self.browser.events)
        t0 = time.perf_counter()
        nav = self.send("Page.navigate", {"url": url}, timeout)
        if nav.get("errorText"):
            raise CDPError(f"navigation to {url} failed: {nav['errorText']}")
        self.browser.wait_event(lambda e: e.get("sessionId") == self.session
                                and e.get("method") == "Page.loadEventFired", timeout, start=mark)
        return time.perf_counter() - t0

    def eval(self, expression: str, timeout: float | None = None) -> Any:
        """Evaluate JavaScript in the page (promises awaited) and return its JSON value."""
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True}, timeout)
        if "exceptionDetails" in res:
            raise CDPError(f"JS error: {res['exceptionDetails'].get('exception', {}).get('description', res)}")
        return res.get("result", {}).get("value")

    def key(self, key: str) -> None:
        """Press and release a printable key (as a user would: keydown, char, keyup)."""
        code = f"Key{key.upper()}" if key.isalpha() else key
        vk = ord(key.upper()) if len(key) == 1 else 0
        self.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": key, "code": code, "text": key,
                                             "windowsVirtualKeyCode": vk})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk})

    def click(self, selector: str) -> None:
        """A real mouse click at the centre of the element ``selector`` (scrolled into view)."""
        box = self.eval(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)}); if (!el) return null;"
            " el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect();"
            " return {x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width, h: r.height}; })()")
        if not box or not box["w"] or not box["h"]:
            raise CDPError(f"nothing clickable at {selector!r}: {box}")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box["x"], "y": box["y"],
                                                   "button": "left", "clickCount": 1})

    def screenshot(self, path: Path, full_page: bool = False) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.eval("({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight})")
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size["w"], "height": min(size["h"], 16000), "scale": 1})
        data = self.send("Page.captureScreenshot", params, timeout=60)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path


# --------------------------------------------------------------------------- synthetic report

_WORDS = ("the minister said talks on security guarantees would continue after the summit in Paris while "
          "officials from several countries discussed troops sanctions trade energy prices and a ceasefire "
          "plan that leaders hope to sign before winter according to people familiar with the matter").split()
_ID_WORDS = ("menteri mengatakan pembicaraan tentang jaminan keamanan akan berlanjut setelah pertemuan puncak "
             "di Paris sementara pejabat dari beberapa negara membahas pasukan sanksi perdagangan energi harga "
             "dan rencana gencatan senjata yang diharapkan para pemimpin").split()
_TYPES = [("paraphrase", "minor", 40), ("format", "info", 10), ("entity", "major", 10), ("number", "major", 8),
          ("untranslated", "major", 10), ("negation", "critical", 4), ("meaning", "major", 6),
          ("boilerplate", "info", 4)]


def synthetic_report(n: int = 2000, seed: int = 7) -> dict[str, Any]:
    """A schema-v1 report with ``n`` original sentences: mostly 1-1 groups, some 2-1, 1-0
    and 0-1; about one divergence per sentence, some overlapping, some approximate, and
    documents text with HTML-looking markup that must be escaped."""
    rnd = random.Random(seed)
    o_text: list[str] = []
    r_text: list[str] = []
    o_sents: list[dict[str, Any]] = []
    r_sents: list[dict[str, Any]] = []
    o_pos = r_pos = 0

    def sentence(words: list[str], k: int) -> str:
        s = " ".join(rnd.choice(words) for _ in range(k))
        return s[0].upper() + s[1:] + "."

    def add(side: str, text: str, extra: dict[str, Any]) -> dict[str, Any]:
        nonlocal o_pos, r_pos
        if side == "o":
            s = {"id": len(o_sents), "start": o_pos, "end": o_pos + len(text), "text": text, "lang": "en"}
            o_sents.append(s)
            o_text.append(text)
            o_pos += len(text) + 1
        else:
            s = {"id": len(r_sents), "start": r_pos, "end": r_pos + len(text), "text": text, **extra}
            r_sents.append(s)
            r_text.append(text)
            r_pos += len(text) + 1
        return s

    alignment: list[dict[str, Any]] = []
    divergences: list[dict[str, Any]] = []
    weights = [w for _, _, w in _TYPES]

    def div(typ: str, sev: str, o: dict[str, Any] | None, r: dict[str, Any] | None, rs: dict[str, Any] | None,
            approx: bool = False) -> None:
        if o is None or r is None:
            msg = "original sentence missing from the repost" if r is None else "repost sentence not in the original"
        else:
            after = r["text"]
            if approx and rs:  # what compare.py reports: the translation's wording
                words = str(rs.get("translation", "")).split()
                k = rnd.randrange(0, max(1, len(words) - 2))
                after = " ".join(words[k:k + rnd.randint(1, 3)])
            msg = f"{typ} differs: {o['text']!r} -> {after!r}"
        d: dict[str, Any] = {"id": len(divergences), "type": typ, "severity": sev, "original": o, "repost": r,
                             "translation": {"text": rs["translation"]} if rs and rs.get("translation") else None,
                             "message": msg}
        if approx:
            d["approximate"] = True
        divergences.append(d)

    def span(s: dict[str, Any], a: int, b: int) -> dict[str, Any]:
        return {"sentence": s["id"], "start": s["start"] + a, "end": s["start"] + b, "text": s["text"][a:b]}

    while len(o_sents) < n:
        roll = rnd.random()
        if roll < 0.03:  # omission
            o = add("o", sentence(_WORDS, rnd.randint(6, 24)), {})
            alignment.append({"original": [o["id"]], "repost": [], "score": 0.0})
            div("omission", "major", span(o, 0, len(o["text"])), None, None)
            continue
        if roll < 0.05:  # addition, with markup in the text
            r = add("r", '<div class="ad"><p>' + sentence(_ID_WORDS, 8) + "</p></div>",
                    {"lang": "id", "lang_confidence": 1.0, "route": "tm", "translation": sentence(_WORDS, 8),
                     "foreign_spans": []})
            alignment.append({"original": [], "repost": [r["id"]], "score": 0.0})
            div("addition", "major", None, span(r, 0, len(r["text"])), r)
            continue
        two = roll > 0.95 and len(o_sents) < n - 1
        os_ = [add("o", sentence(_WORDS, rnd.randint(8, 32)), {}) for _ in range(2 if two else 1)]
        english = rnd.random() < 0.15
        tr = " ".join(s["text"] for s in os_)
        if english:
            r = add("r", tr, {"lang": "en", "lang_confidence": 0.99, "route": "passthrough", "translation": tr,
                              "foreign_spans": []})
        else:
            text = sentence(_ID_WORDS, rnd.randint(8, 30))
            fs = []
            if rnd.random() < 0.2:
                a = text.find(" ") + 1
                b = text.find(" ", a)
                if 0 < a < b:
                    fs = [{"start": r_pos + a, "end": r_pos + b, "lang": "en", "text": text[a:b]}]
            r = add("r", text, {"lang": "id", "lang_confidence": 0.97, "route": "tm", "translation": tr,
                                "foreign_spans": fs})
        alignment.append({"original": [s["id"] for s in os_], "repost": [r["id"]], "score": round(rnd.uniform(.5, 1), 4)})
        for _ in range(rnd.choice((0, 1, 1, 1, 2, 2, 3))):
            typ, sev, _w = rnd.choices(_TYPES, weights)[0]
            o = rnd.choice(os_)
            a = rnd.randrange(0, max(1, len(o["text"]) - 12))
            b = min(len(o["text"]), a + rnd.randint(0, 18))
            if english or rnd.random() < 0.4:
                ra = rnd.randrange(0, max(1, len(r["text"]) - 12))
                rb = min(len(r["text"]), ra + rnd.randint(1, 18))
                div(typ, sev, span(o, a, b), span(r, ra, rb), r)
            else:
                div(typ, sev, span(o, a, b), span(r, 0, len(r["text"])), r, approx=True)

    counts: dict[str, dict[str, int]] = {"type": {}, "severity": {}}
    for d in divergences:
        counts["type"][d["type"]] = counts["type"].get(d["type"], 0) + 1
        counts["severity"][d["severity"]] = counts["severity"].get(d["severity"], 0) + 1
    return {
        "schema_version": 1,
        "original": {"path": "synthetic/original.en.txt", "sentences": o_sents},
        "repost": {"path": "synthetic/repost.id.txt", "sentences": r_sents},
        "alignment": alignment,
        "divergences": divergences,
        "scores": {"bleu": 41.2, "chrf": 63.5, "ter": 48.9,
                   "signatures": {"bleu": "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"}},
        "counts": counts,
        "signature": {"mtaudit": "bench"},
    }


# --------------------------------------------------------------------------- benchmark

_FRAME_JS = ("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r({"
             "painted: performance.now(),"
             "load: performance.timing.loadEventEnd - performance.timing.navigationStart,"
             "dcl: performance.timing.domContentLoadedEventEnd - performance.timing.navigationStart,"
             "marks: document.querySelectorAll('mark[data-div]').length,"
             "rows: document.querySelectorAll('.row').length}))))")


def measure(page: Page, html_path: Path) -> dict[str, Any]:
    """Open ``html_path`` in ``page``; timings in ms from navigation start."""
    page.goto("about:blank")
    wall = page.goto(html_path.resolve().as_uri())
    res = dict(page.eval(_FRAME_JS))
    # Step to the last divergence (k from the start wraps): exercises layout of far rows.
    t0 = time.perf_counter()
    page.key("k")
    page.eval("new Promise(r => requestAnimationFrame(() => r(0)))")
    res["jump_last_ms"] = (time.perf_counter() - t0) * 1000
    # Hide the minor divergences with the filter (checkbox click to next frame).
    t0 = time.perf_counter()
    page.click("label:has(> #f-sev-minor)")
    page.eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(0))))")
    res["filter_ms"] = (time.perf_counter() - t0) * 1000
    res["wall_ms"] = wall * 1000
    return res


def bench(n: int = 2000, runs: int = 3, keep: Path | None = None, quiet: bool = False,
          width: int = 1280) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from pipeline.render.html import render_html

    report = synthetic_report(n)
    t0 = time.perf_counter()
    html = render_html(report)
    render_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="mtaudit-bench-") as tmp:
        path = Path(keep) if keep else Path(tmp) / "bench.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        out: dict[str, Any] = {"sentences": len(report["original"]["sentences"]),
                               "repost_sentences": len(report["repost"]["sentences"]),
                               "divergences": len(report["divergences"]), "bytes": len(html.encode()),
                               "render_py_ms": render_s * 1000, "runs": []}
        with Chromium() as browser:
            out["browser"] = browser.version.get("product")
            page = browser.new_page(width, 900, mobile=width < 700)
            out["width"] = width
            for _ in range(runs):
                out["runs"].append(measure(page, path))
    out["painted_ms_max"] = max(r["painted"] for r in out["runs"])
    if not quiet:
        print(f"{out['browser']}: {out['sentences']} original / {out['repost_sentences']} repost sentences, "
              f"{out['divergences']} divergences, {out['bytes'] / 1e6:.2f} MB HTML, "
              f"render_html {out['render_py_ms']:.0f} ms; viewport {width}px")
        for i, r in enumerate(out["runs"], 1):
            print(f"  run {i}: DOMContentLoaded {r['dcl']} ms, load {r['load']} ms, "
                  f"first frame after load {r['painted']:.0f} ms, wall {r['wall_ms']:.0f} ms, "
                  f"jump to last divergence {r['jump_last_ms']:.0f} ms, filter {r['filter_ms']:.0f} ms "
                  f"({r['marks']} marks, {r['rows']} rows)")
        print(f"worst open-and-render time: {out['painted_ms_max']:.0f} ms (target < 2000 ms)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--sentences", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="write the HTML here instead of a temporary file")
    ap.add_argument("--width", type=int, default=1280, help="viewport width in CSS px (390: phone)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if not find_chromium():
        print(f"error: no Chromium binary: {INSTALL_HINT}", file=sys.stderr)
        return 2
    out = bench(args.sentences, args.runs, args.keep, quiet=args.json, width=args.width)
    if args.json:
        print(json.dumps(out, indent=2))
    return 0 if out["painted_ms_max"] < 2000 else 1


if __name__ == "__main__":
    sys.exit(main())
