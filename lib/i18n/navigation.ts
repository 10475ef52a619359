// Navigation within the portal. next-intl's createNavigation is not used: its Link is a client
// component that brings next-intl's client runtime (and the ICU formatter) to every page.
export { Link } from "./link";
