import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { validateXML } from "xmllint-wasm";

/** The official Factur-X 1.07.3 EN 16931 schema (tests/fixtures/factur-x), through libxml2's xmllint. */
const XSD_DIR = path.join(process.cwd(), "tests", "fixtures", "factur-x");
const XSD_MAIN = "Factur-X_1.07.3_EN16931.xsd";
export async function schemaErrors(xml: string): Promise<string[]> {
  const file = (fileName: string) => ({
    fileName,
    contents: readFileSync(path.join(XSD_DIR, fileName), "utf8"),
  });
  const result = await validateXML({
    xml: [{ fileName: "factur-x.xml", contents: xml }],
    schema: [file(XSD_MAIN)],
    preload: readdirSync(XSD_DIR)
      .filter((f) => f.endsWith(".xsd") && f !== XSD_MAIN)
      .map(file),
  });
  return result.errors.map((e) => e.rawMessage);
}
