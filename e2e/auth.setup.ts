import { test as setup } from "@playwright/test";
import { DEMO_SESSIONS, sessionStatePath } from "./fixtures/sessions";
import { signIn } from "./fixtures/sign-in";

// Signs each demo customer in once, through the real mail, and keeps the session for the other specs
// (the sign-in spec itself always goes through the whole flow).
for (const [email, locale] of DEMO_SESSIONS) {
  setup(`sign in ${email}`, async ({ page }) => {
    await signIn(page, email, locale, "link", { fresh: true });
    await page.context().storageState({ path: sessionStatePath(email) });
  });
}
