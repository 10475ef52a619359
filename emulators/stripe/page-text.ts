// Texts of the hosted pages in English, French and Italian (the portal's languages).

export type PageText = {
  title: string;
  testMode: string;
  summary: string;
  item: string;
  quantity: string;
  amount: string;
  total: string;
  subtotal: string;
  /** Marks a tax already contained in the prices. */
  included: string;
  email: string;
  name: string;
  card: string;
  cardHint: string;
  expiry: string;
  cvc: string;
  pay: string;
  subscribe: string;
  saveCard: string;
  cancel: string;
  expired: string;
  complete: string;
  paidTitle: string;
  errorTitle: string;
  perInterval: Record<string, string>;
  receipt: string;
  invoice: string;
  refunded: string;
  method: string;
  methodCard: string;
  methodSepa: string;
  methodTransfer: string;
  transferHint: string;
  iban: string;
  ibanHint: string;
  accountHolder: string;
  /** SEPA's mandate, as Stripe shows it beside the IBAN; `{name}` is the business's name. */
  mandate: string;
};

const en: PageText = {
  title: "Checkout",
  testMode:
    "Test mode: this is the local Stripe emulator. Use 4242 4242 4242 4242; 4000 0000 0000 0002 is declined.",
  summary: "Order summary",
  item: "Item",
  quantity: "Qty",
  amount: "Amount",
  total: "Total due",
  subtotal: "Subtotal",
  included: "included",
  email: "Email",
  name: "Name on card",
  card: "Card number",
  cardHint: "Test card: 4242 4242 4242 4242",
  expiry: "Expiry (MM / YY)",
  cvc: "CVC",
  pay: "Pay",
  subscribe: "Subscribe",
  saveCard: "Save card",
  cancel: "Back to the shop",
  expired: "This checkout session has expired. Go back to the shop to start again.",
  complete: "This checkout session is already complete.",
  paidTitle: "Payment successful",
  errorTitle: "Payment failed",
  perInterval: { day: "per day", week: "per week", month: "per month", year: "per year" },
  receipt: "Receipt",
  invoice: "Invoice",
  refunded: "Refunded",
  method: "Payment method",
  methodCard: "Card",
  methodSepa: "SEPA Direct Debit",
  methodTransfer: "Bank transfer",
  transferHint:
    "After you confirm, you get the bank details (IBAN, BIC) and a reference to put on your transfer. The order is delivered when the money arrives.",
  iban: "IBAN",
  ibanHint:
    "Test IBANs: DE89 3704 0044 0532 0130 00 is paid 3 days later; DE62 3704 0044 0532 0130 01 is refused then.",
  accountHolder: "Account holder",
  mandate:
    "By providing your payment information and confirming this payment, you authorise {name} and Stripe, our payment service provider, to send instructions to your bank to debit your account, and your bank to debit your account in accordance with those instructions. You are entitled to a refund from your bank under the terms of your agreement with it, claimed within 8 weeks of the debit.",
};

const fr: PageText = {
  title: "Paiement",
  testMode:
    "Mode test\u00a0: émulateur Stripe local. Utilisez 4242 4242 4242 4242\u202f; 4000 0000 0000 0002 est refusée.",
  summary: "Récapitulatif de la commande",
  item: "Article",
  quantity: "Qté",
  amount: "Montant",
  total: "Total à payer",
  subtotal: "Sous-total",
  included: "incluse",
  email: "E-mail",
  name: "Nom sur la carte",
  card: "Numéro de carte",
  cardHint: "Carte de test\u00a0: 4242 4242 4242 4242",
  expiry: "Expiration (MM / AA)",
  cvc: "CVC",
  pay: "Payer",
  subscribe: "S’abonner",
  saveCard: "Enregistrer la carte",
  cancel: "Retour à la boutique",
  expired: "Cette session de paiement a expiré. Retournez à la boutique pour recommencer.",
  complete: "Cette session de paiement est déjà terminée.",
  paidTitle: "Paiement réussi",
  errorTitle: "Échec du paiement",
  perInterval: { day: "par jour", week: "par semaine", month: "par mois", year: "par an" },
  receipt: "Reçu",
  invoice: "Facture",
  refunded: "Remboursé",
  method: "Moyen de paiement",
  methodCard: "Carte",
  methodSepa: "Prélèvement SEPA",
  methodTransfer: "Virement bancaire",
  transferHint:
    "Après confirmation, vous recevez les coordonnées bancaires (IBAN, BIC) et une référence à indiquer sur votre virement. La commande est livrée à réception des fonds.",
  iban: "IBAN",
  ibanHint:
    "IBAN de test\u00a0: DE89 3704 0044 0532 0130 00 est payé 3\u00a0jours plus tard\u202f; DE62 3704 0044 0532 0130 01 est alors refusé.",
  accountHolder: "Titulaire du compte",
  mandate:
    "En fournissant vos informations de paiement et en confirmant ce paiement, vous autorisez {name} et Stripe, notre prestataire de paiement, à envoyer des instructions à votre banque pour débiter votre compte, et votre banque à débiter votre compte conformément à ces instructions. Vous pouvez obtenir un remboursement de votre banque selon les conditions de votre convention avec elle, à demander dans les 8\u00a0semaines suivant le prélèvement.",
};

const it: PageText = {
  title: "Pagamento",
  testMode:
    "Modalità test: emulatore Stripe locale. Usa 4242 4242 4242 4242; 4000 0000 0000 0002 viene rifiutata.",
  summary: "Riepilogo dell’ordine",
  item: "Articolo",
  quantity: "Qtà",
  amount: "Importo",
  total: "Totale da pagare",
  subtotal: "Subtotale",
  included: "inclusa",
  email: "E-mail",
  name: "Nome sulla carta",
  card: "Numero di carta",
  cardHint: "Carta di test: 4242 4242 4242 4242",
  expiry: "Scadenza (MM / AA)",
  cvc: "CVC",
  pay: "Paga",
  subscribe: "Abbonati",
  saveCard: "Salva la carta",
  cancel: "Torna al negozio",
  expired: "Questa sessione di pagamento è scaduta. Torna al negozio per ricominciare.",
  complete: "Questa sessione di pagamento è già completata.",
  paidTitle: "Pagamento riuscito",
  errorTitle: "Pagamento non riuscito",
  perInterval: { day: "al giorno", week: "a settimana", month: "al mese", year: "all’anno" },
  receipt: "Ricevuta",
  invoice: "Fattura",
  refunded: "Rimborsato",
  method: "Metodo di pagamento",
  methodCard: "Carta",
  methodSepa: "Addebito diretto SEPA",
  methodTransfer: "Bonifico bancario",
  transferHint:
    "Dopo la conferma ricevi le coordinate bancarie (IBAN, BIC) e una causale da indicare nel bonifico. L’ordine viene consegnato all’arrivo del denaro.",
  iban: "IBAN",
  ibanHint:
    "IBAN di test: DE89 3704 0044 0532 0130 00 viene pagato 3 giorni dopo; DE62 3704 0044 0532 0130 01 viene allora rifiutato.",
  accountHolder: "Intestatario del conto",
  mandate:
    "Fornendo i tuoi dati di pagamento e confermando questo pagamento, autorizzi {name} e Stripe, il nostro fornitore di servizi di pagamento, a inviare istruzioni alla tua banca per addebitare il tuo conto, e la tua banca ad addebitarlo secondo tali istruzioni. Hai diritto a un rimborso dalla tua banca alle condizioni del tuo contratto con essa, da richiedere entro 8 settimane dall’addebito.",
};

const TEXTS: Record<string, PageText> = { en, fr, it };

/** Picks en/fr/it from the session locale, else from Accept-Language. */
export function pickLanguage(locale: string | null | undefined, acceptLanguage: string | undefined): string {
  const base = locale && locale !== "auto" ? (locale.split("-")[0] ?? "en") : undefined;
  if (base) return TEXTS[base] ? base : "en";
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.trim().split(";")[0]?.split("-")[0]?.toLowerCase();
    if (tag && TEXTS[tag]) return tag;
  }
  return "en";
}

export function textFor(lang: string): PageText {
  return TEXTS[lang] ?? en;
}
