// api — the calls of web/API.md: scenarios, schema, exercises, run.
//
// Every call returns the parsed JSON or throws an ApiError with the server's
// one-line message and HTTP status (a bad setting: the same line as
// `wijksim run --set` prints).

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function answer(res) {
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    body = null;
  }
  if (!res.ok) {
    const msg = body && body.error ? body.error : `HTTP ${res.status}`;
    throw new ApiError(msg, res.status);
  }
  return body;
}

export async function getJson(url) {
  return answer(await fetch(url, { headers: { Accept: "application/json" } }));
}

export const scenarios = () => getJson("/api/scenarios");
export const schema = () => getJson("/api/schema");
export const exercises = () => getJson("/api/exercises");

// POST /api/run; a 429 (too many runs at once) is retried after a pause,
// `tries` times, calling onBusy before each retry.
export async function run(request, { tries = 20, onBusy = () => {} } = {}) {
  for (let i = 0; ; i++) {
    const res = await fetch("/api/run", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(request),
    });
    if (res.status === 429 && i + 1 < tries) {
      onBusy();
      await new Promise((r) => setTimeout(r, 400));
      continue;
    }
    return answer(res);
  }
}
