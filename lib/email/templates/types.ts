/** What every mail needs from the settings. */
export type TMailSettings = { vendorName: string; supportEmail: string; portalUrl: string };

export type TMailContent = { subject: string; text: string; html: string };
