package io.userstream.ingest.source;

import java.util.List;

/**
 * One response of the source, parsed: the valid users, what was rejected, the API's
 * {@code info.seed} / {@code info.version} (empty strings when the response had none), and, when
 * the body does not parse to its end, why ({@code malformed}, else null): such a page holds the
 * results that were complete before the break, and the rest of the body as a rejected response.
 */
public record Page(List<UserRecord> users, List<Rejected> rejected, String seed, String version, String malformed) {

    /** Results received, valid or not (a response rejected as a whole counts none). */
    public int fetched() {
        return users.size() + (int) rejected.stream().filter(Rejected::result).count();
    }

    public static Page rejectedResponse(Rejected why) {
        return new Page(List.of(), List.of(why), "", "", null);
    }
}
