export type TOption = { value: string; label: string };

/**
 * A select's choices as one string, a choice a line: its value, a tab, its label. A client
 * component's props travel in the page's RSC payload beside the HTML; 250 countries as objects
 * cost 11 KB there, as this text about 4 KB. Values and labels hold no tab and no line break.
 */
export function packOptions(options: readonly TOption[]): string {
  return options.map((o) => `${o.value}\t${o.label}`).join("\n");
}

export function unpackOptions(packed: string): TOption[] {
  if (packed === "") return [];
  return packed.split("\n").map((line) => {
    const tab = line.indexOf("\t");
    return { value: line.slice(0, tab), label: line.slice(tab + 1) };
  });
}
