"""The quick debrief's first load on a phone with one bar of signal (issue 18): Chromium at 375×740 with an empty
cache and no service worker, throttled through the DevTools protocol to 400 kbit/s each way and 400 ms of round
trip, logged in by a session cookie. Bytes are Chromium's own count of what came over the wire
(Network.loadingFinished: encodedDataLength, headers included); time is the page's load event.

bench/run.py calls first_load() against its gunicorn; `python bench/phone.py BASE_URL SESSIONID PATH` measures any
running server the same way."""

import sys
import time

CHROMIUM = "/usr/bin/chromium"
ONE_BAR = {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000}


def first_load(base_url: str, session_id: str, path: str) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"]
        )
        context = browser.new_context(
            viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, service_workers="block"
        )
        context.add_cookies([{"name": "sessionid", "value": session_id, "url": base_url}])
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", ONE_BAR)
        sizes, urls = {}, {}
        cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        response = page.goto(base_url + path, wait_until="load", timeout=60_000)
        assert response.status == 200 and "/accounts/login/" not in page.url, (response.status, page.url)
        load_ms = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
        time.sleep(1.5)  # what the page asks for after its load event (the manifest) still counts
        browser.close()
    by_url = {urls.get(request, request): size for request, size in sizes.items()}
    return {"bytes": sum(by_url.values()), "seconds": load_ms / 1000, "requests": len(by_url), "by_url": by_url}


if __name__ == "__main__":
    result = first_load(sys.argv[1], sys.argv[2], sys.argv[3])
    for url, size in sorted(result["by_url"].items(), key=lambda item: -item[1]):
        print(f"{size:>8} {url}")
    print(f"{result['bytes']} bytes in {result['requests']} responses, load event at {result['seconds']:.2f} s")
