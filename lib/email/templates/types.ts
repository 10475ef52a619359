/** What every mail needs from the settings. */
export type TMailSettings = {
  vendorName: string;
  supportEmail: string;
  portalUrl: string;
  /** The seller printed on invoices (settings); the demo vendor's values when not given. */
  seller?: { name: string; addressLines: string[]; country: string; vatId: string };
};

export type TMailContent = { subject: string; text: string; html: string };
