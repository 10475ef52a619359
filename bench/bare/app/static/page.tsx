/** The bare static page: prerendered at build time, served from the cache. */
export default function BareStaticPage() {
  return (
    <main>
      <h1>Frequently asked questions</h1>
      <p>A static page of the same Next version, with no data.</p>
    </main>
  );
}
