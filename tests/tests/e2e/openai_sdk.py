"""Drives modd's POST /v1/moderations with the official `openai` package.

Run by tests/tests/e2e/compat_openai.rs with the interpreter named in
MODD_TEST_OPENAI_PYTHON; argv: BASE_URL (ending in /v1) and a modd key.
Exits non-zero (with the failed assertion) when anything is off; prints one
JSON line with what it saw so the Rust side can check it too.
"""

import json
import sys

import openai
from openai import OpenAI

base_url, key = sys.argv[1], sys.argv[2]
client = OpenAI(base_url=base_url, api_key=key, max_retries=0, timeout=20)

# One string: one result, every OpenAI category present, typed by the SDK.
one = client.moderations.create(model="omni-moderation-latest", input="you are a fucking idiot")
assert len(one.results) == 1, one
r = one.results[0]
assert r.flagged is True, r
assert 0.0 <= r.category_scores.hate <= 1.0
assert isinstance(r.categories.hate, bool)
# No model scores harassment in this daemon (no encoder): absent, which the
# SDK shows as None, never a 0 that would read as "looked, found nothing".
assert r.category_scores.harassment is None, r.category_scores
assert r.category_applied_input_types.harassment == [], r
assert one.id.startswith("modr-"), one.id

# A list of strings: one result each, in order.
many = client.moderations.create(input=["have a lovely day", "you are a fucking idiot"])
assert [x.flagged for x in many.results] == [False, True], many

# Content parts (text only here: an image needs a remote provider).
parts = client.moderations.create(input=[{"type": "text", "text": "thanks, this helped a lot"}])
assert len(parts.results) == 1 and parts.results[0].flagged is False, parts

# A wrong key raises the SDK's usual exception.
bad = OpenAI(base_url=base_url, api_key="sk-not-a-modd-key", max_retries=0)
try:
    bad.moderations.create(input="hello")
    raise AssertionError("a wrong key was accepted")
except openai.AuthenticationError as e:
    assert e.status_code == 401
    assert e.body["code"] == "invalid_api_key", e.body

# A malformed request raises BadRequestError with OpenAI's error shape.
try:
    client.moderations.create(input=[])
    raise AssertionError("an empty input was accepted")
except openai.BadRequestError as e:
    assert e.status_code == 400
    assert e.body["type"] == "invalid_request_error" and e.body["param"] == "input", e.body

print(json.dumps({
    "sdk": openai.__version__,
    "flagged": r.flagged,
    "scores": r.category_scores.model_dump(by_alias=True),
    "many": [x.flagged for x in many.results],
}))
