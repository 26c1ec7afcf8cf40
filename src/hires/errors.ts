import type { ErrorCatalogue } from '../errors.ts';

/** The hires module's error codes; src/errors.ts collects every module's into one catalogue. */
export const HIRES_ERRORS = {
  hire_not_found: { status: 404, doc: 'No hire with that id in this tenant.' },
  document_kind_unknown: { status: 400, doc: "The document kind is not one of the tenant's required document kinds (hire settings)." },
  envelope_taken: { status: 409, doc: "That provider's envelope is registered to another of the tenant's hires." },
  document_completed: { status: 409, doc: 'That document of the hire is completed already; a completed document is not replaced.' },
  document_sending: { status: 409, doc: 'That document of the hire is being sent by another request right now (a double click or a concurrent retry); it is sent once. Look at the hire again in a moment.' },
  esign_cannot_send: { status: 409, doc: "The tenant's e-sign integration cannot send documents: there is none, it is disabled, or it is DocuSign Connect, which Embark only listens to; send from DocuSign and register the envelope, or connect Dropbox Sign." },
  esign_send_refused: { status: 422, doc: 'The e-sign provider refused to send the document (a template or signer role it does not know, or an API key it does not accept); the message gives its reason. Nothing was registered.' },
  esign_unavailable: { status: 503, doc: 'The e-sign provider did not answer, or asked to slow down, when sending the document; nothing was registered on our side, retry later.' },
} as const satisfies ErrorCatalogue;
