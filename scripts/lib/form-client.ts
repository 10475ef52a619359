// A tiny browser without JavaScript, for the demo seed: it keeps cookies, follows redirects and
// submits the portal's forms exactly as a browser with scripts turned off does (the forms' own
// hidden fields, multipart), so the seed goes through the same pages and actions as a customer.

const decode = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");

export class FormClient {
  private cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The cookies this client holds, as a Cookie header (the page benchmark reuses a signed-in session). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** A request, following redirects; returns the final URL and body. */
  async request(
    path: string,
    init: { method?: string; body?: FormData } = {},
  ): Promise<{ url: string; status: number; html: string }> {
    let url = new URL(path, this.baseUrl).toString();
    let method = init.method ?? "GET";
    let body: FormData | undefined = init.body;
    for (let hop = 0; hop < 10; hop++) {
      const res = await fetch(url, {
        method,
        body,
        redirect: "manual",
        headers: { cookie: this.cookieHeader(), "accept-language": "en" },
      });
      this.remember(res);
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url).toString();
        method = "GET";
        body = undefined;
        continue;
      }
      return { url, status: res.status, html: await res.text() };
    }
    throw new Error(`too many redirects from ${path}`);
  }

  /** Submits the first form on the page that has a field named `marker`, with its hidden fields and `fields`. */
  async submit(
    path: string,
    marker: string,
    fields: Record<string, string>,
  ): Promise<{ url: string; status: number; html: string }> {
    const page = await this.request(path);
    const form = [...page.html.matchAll(/<form\b[\s\S]*?<\/form>/g)]
      .map((m) => m[0])
      .find((f) => f.includes(`name="${marker}"`));
    if (!form) throw new Error(`no form with ${marker} on ${path} (${page.status})`);
    const data = new FormData();
    for (const input of form.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
      if (name) data.append(decode(name), decode(value));
    }
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    return this.request(page.url, { method: "POST", body: data });
  }
}

/** The value of the radio button whose label contains `text`. */
export function radioValueByLabel(html: string, name: string, text: string): string {
  for (const input of html.matchAll(new RegExp(`<input\\b[^>]*name="${name}"[^>]*>`, "g"))) {
    const id = /id="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1];
    const label = id
      ? new RegExp(`<label[^>]*for="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(html)?.[1]
      : undefined;
    if (value && label && decode(label.replace(/<[^>]+>/g, "")).includes(text)) return value;
  }
  throw new Error(`no ${name} option labelled ${text}`);
}
