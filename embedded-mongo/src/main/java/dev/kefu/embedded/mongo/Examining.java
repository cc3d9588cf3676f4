package dev.kefu.embedded.mongo;

/** A database or backend that knows where its collections count the documents they examine. */
interface Examining {

    ExaminedCounter examined();
}
