"use client";

import { useState } from "react";

/** One-click copy of a value; the value stays selectable for keyboards and browsers without a clipboard. */
export function CopyButton({
  value,
  label,
  copiedLabel,
}: {
  value: string;
  label: string;
  copiedLabel: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <>
      <button
        type="button"
        className="secondary small"
        onClick={async () => {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        }}
      >
        {label}
      </button>
      <span role="status" className="copied">
        {copied ? copiedLabel : ""}
      </span>
    </>
  );
}
