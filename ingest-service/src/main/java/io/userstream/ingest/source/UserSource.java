package io.userstream.ingest.source;

/** A source of users, read page by page; the pages of one run are numbered from 1. */
public interface UserSource {

    /** The source's name, as in the record header {@code userstream.source}. */
    String name();

    /** The largest page this source serves. */
    int maxPageSize();

    /** One page of {@code size} users; throws when the source cannot answer (after its own retries). */
    Page fetch(int size, int page);
}
