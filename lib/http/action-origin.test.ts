import { expect, it } from "vitest";
import { isCrossOriginAction } from "./action-origin";

const h = (init: Record<string, string>) => new Headers(init);
const action = { "next-action": "7f00", "content-type": "text/plain;charset=UTF-8", host: "portal.test" };

it("refuses a server action whose Origin names another host, or none that parses", () => {
  expect(isCrossOriginAction("POST", h({ ...action, origin: "https://evil.test" }))).toBe(true);
  expect(isCrossOriginAction("POST", h({ ...action, origin: "null" }))).toBe(true);
  expect(isCrossOriginAction("POST", h({ ...action, origin: "not a url" }))).toBe(true);
  // A form posted without JavaScript (multipart, no Next-Action header) is an action too.
  const multipart = { "content-type": "multipart/form-data; boundary=x", host: "portal.test" };
  expect(isCrossOriginAction("POST", h({ ...multipart, origin: "https://evil.test" }))).toBe(true);
  // Behind a proxy, the forwarded host is the one compared, as Next does.
  expect(
    isCrossOriginAction(
      "POST",
      h({ ...action, "x-forwarded-host": "portal.example", origin: "http://portal.test" }),
    ),
  ).toBe(true);
});

it("lets same-origin actions, actions without Origin and other requests through", () => {
  expect(isCrossOriginAction("POST", h({ ...action, origin: "http://portal.test" }))).toBe(false);
  expect(
    isCrossOriginAction(
      "POST",
      h({ ...action, "x-forwarded-host": "portal.example, x", origin: "https://portal.example" }),
    ),
  ).toBe(false);
  expect(isCrossOriginAction("POST", h(action))).toBe(false);
  expect(isCrossOriginAction("GET", h({ ...action, origin: "https://evil.test" }))).toBe(false);
  expect(
    isCrossOriginAction(
      "POST",
      h({ host: "portal.test", "content-type": "application/json", origin: "https://evil.test" }),
    ),
  ).toBe(false);
});
