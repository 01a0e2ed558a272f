"""Sequential /v1/moderations timings against a running modd: one short text
per request (p50/p99), one 17-word sentence per request (texts/s), and 16
sentences per request (texts/s, the lane batches them)."""
import http.client, json, os, statistics, sys, time
key = os.environ["KEY"]; port = int(os.environ.get("PORT", "18000"))
conn = http.client.HTTPConnection("127.0.0.1", port)
def post(inp):
    body = json.dumps({"input": inp})
    t = time.perf_counter()
    conn.request("POST", "/v1/moderations", body, {"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    r = conn.getresponse(); data = r.read()
    if r.status != 200: sys.exit(f"{r.status} {data[:200]}")
    return time.perf_counter() - t, json.loads(data)
short = "I will kill you"
sentence = "The delivery arrived two days late and the box was damaged, but the support team was very helpful."
_, first = post(short)
cats = first["results"][0]["category_scores"]
print("scored categories:", sorted(k for k, v in cats.items() if v is not None))
lat = [post(f"{short} {i}")[0] for i in range(200)]
lat.sort()
print(f"short text: p50 {statistics.median(lat)*1000:.1f} ms p99 {lat[int(len(lat)*0.99)-1]*1000:.1f} ms")
n = 100; t = time.perf_counter()
for i in range(n): post(f"{sentence} {i}")
print(f"17-word sentence, one per request: {n/(time.perf_counter()-t):.1f} texts/s")
n = 20; t = time.perf_counter()
for i in range(n): post([f"{sentence} {i} {j}" for j in range(16)])
print(f"16 per request: {n*16/(time.perf_counter()-t):.1f} texts/s")
