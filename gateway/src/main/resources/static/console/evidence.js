// Transcripts as dispute evidence: a conversation's (paged) or a case's notes, one verification for the whole
// record, and the JSON the agent downloads to hand to the marketplace.
import * as api from './api.js';

const PAGE = 1000; // conversation-service's largest transcript page

/** Every page of the buyer's transcript in chain order; the first break any page reports is the record's. */
export async function conversationTranscript(buyerId) {
  const entries = [];
  let after = 0;
  let page;
  let broken = null;
  for (;;) {
    page = await api.get(`/api/conversations/${api.enc(buyerId)}/transcript?after=${after}&limit=${PAGE}`);
    entries.push(...page.entries);
    if (!page.verification.verified) broken = broken || page.verification;
    // a cursor that does not move on would read the same page forever
    if (page.next === null || page.next === undefined || page.next <= after) break;
    after = page.next;
  }
  return { buyerId, head: page.head, entries, verification: broken || page.verification };
}

/** A case's notes (all at once: a case keeps at most 500). */
export function caseTranscript(caseId) {
  return api.get(`/api/cases/${api.enc(caseId)}/transcript`);
}

/** What the view shows of a transcript, and a Blob link to the JSON as the server gave it. */
export function asEvidence(transcript, filename) {
  const blob = new Blob([JSON.stringify(transcript, null, 2)], { type: 'application/json' });
  return { verification: transcript.verification, count: transcript.entries.length, url: URL.createObjectURL(blob), filename };
}

/** Frees the Blob behind a shown transcript once it is no longer on screen. */
export function release(evidence) {
  if (evidence?.url) URL.revokeObjectURL(evidence.url);
}
