import Link from "next/link";

// Requests outside any locale (rare: the proxy adds one) still get a proper page.
export default function GlobalNotFound() {
  return (
    <html lang="en">
      <body>
        <main id="main" className="container">
          <h1>Page not found</h1>
          <p>This page does not exist.</p>
          <p>
            <Link href="/">Go to the home page</Link>
          </p>
        </main>
      </body>
    </html>
  );
}
