import type { TLocale } from "@/lib/i18n/locale";
import type { TFaqTag } from "./faq-types";

/**
 * The words of the FAQ search that are not in the FAQ: stop words, the glossary's synonyms
 * (messages/GLOSSARY.md) and the words of each topic. All folded (no accents, lower case).
 */

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

/** Words too common to search on (after folding). */
export const STOP_WORDS: Record<TLocale, ReadonlySet<string>> = {
  en: words(`
    a an and are as at be by can could do does for from has have how i if in into is it its me my no not
    of on or our so than that the their them then there this to was we what when where which who why will
    with would you your yours
  `),
  fr: words(`
    a ai au aux avec ce ces cet cette comment d dans de des du elle en est et etre il ils j je l la le les
    leur lui m ma mais me mes mon n ne nos notre nous on ou par pas peut puis pour qu que quel quelle quels
    qui s sa se ses si son sur t ta te tes ton tu un une vais vos votre vous y
  `),
  it: words(`
    a ad agli ai al alla alle allo c che chi ci come con cosa d da dal dalla dei del della delle di e ed gli
    ha hai ho i il in l la le lo mi mia mio ne nel nella non o per perche posso puo qual quale quando se si
    sono su sul sulla ti tu tua tuo un una uno vi
  `),
};

/**
 * Synonym groups: a word typed finds the entries that use any word of its group. From the
 * glossary: the portal's term, its spelling variants and the words customers use for it.
 */
export const SYNONYMS: Record<TLocale, ReadonlyArray<readonly string[]>> = {
  en: [
    ["license", "licence", "key", "serial", "activation"],
    ["refund", "reimburse", "reimbursement", "repay", "chargeback"],
    ["yearly", "annual", "subscription", "plan", "renewal"],
    ["cancel", "unsubscribe", "terminate"],
    ["swap", "exchange", "switch", "replace"],
    ["invoice", "receipt", "bill"],
    ["withdraw", "withdrawal", "cooling"],
    ["sign", "login", "log", "password"],
    ["mail", "email"],
    ["download", "installer", "setup"],
    ["discount", "coupon", "promo", "promotion", "sale"],
    ["vat", "tax"],
  ],
  fr: [
    ["licence", "license", "cle", "code", "serie", "activation"],
    ["remboursement", "rembourser", "rembourse", "retour", "argent"],
    ["abonnement", "annuel", "souscription", "forfait", "renouvellement"],
    ["resilier", "resiliation", "desabonner"],
    ["echange", "echanger", "changer", "remplacer"],
    ["facture", "recu"],
    ["retractation", "retracter"],
    ["connexion", "connecter", "identifier", "login", "mot"],
    ["mail", "courriel", "email"],
    ["telechargement", "telecharger", "installer"],
    ["reduction", "remise", "promo", "promotion", "rabais"],
    ["tva", "taxe", "impot"],
  ],
  it: [
    ["licenza", "license", "chiave", "codice", "seriale", "attivazione"],
    ["rimborso", "rimborsare", "restituzione", "soldi"],
    ["abbonamento", "annuale", "piano", "sottoscrizione", "rinnovo"],
    ["disdire", "disdetta", "disdici"],
    ["cambio", "cambiare", "scambio", "sostituire"],
    ["fattura", "ricevuta"],
    ["recesso", "recedere"],
    ["accesso", "accedere", "login", "password"],
    ["mail", "email", "posta"],
    ["download", "scaricare", "installare"],
    ["sconto", "promozione", "coupon", "promo"],
    ["iva", "tassa", "imposta"],
  ],
};

/** The words of each topic, indexed with the entries that carry its tag. */
export const TOPIC_WORDS: Record<TLocale, Record<TFaqTag, string>> = {
  en: {
    "sign-in": "sign in account",
    licenses: "license key download",
    refund: "refund money back",
    subscription: "yearly plan subscription",
    swap: "swap product edition",
    invoice: "invoice",
    payment: "payment",
    general: "",
  },
  fr: {
    "sign-in": "connexion compte",
    licenses: "licence clé téléchargement",
    refund: "remboursement",
    subscription: "abonnement annuel",
    swap: "échange produit édition",
    invoice: "facture",
    payment: "paiement",
    general: "",
  },
  it: {
    "sign-in": "accesso account",
    licenses: "licenza chiave download",
    refund: "rimborso",
    subscription: "abbonamento annuale",
    swap: "cambio prodotto edizione",
    invoice: "fattura",
    payment: "pagamento",
    general: "",
  },
};
