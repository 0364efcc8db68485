package io.userstream.ingest.source;

import java.util.List;

/**
 * One response of the source, parsed: the valid users, what was rejected, and the API's
 * {@code info.seed} / {@code info.version} (empty strings when the response had none).
 */
public record Page(List<UserRecord> users, List<Rejected> rejected, String seed, String version) {

    /** Results received, valid or not (a response rejected as a whole counts none). */
    public int fetched() {
        return users.size() + (int) rejected.stream().filter(r -> r.reason().startsWith("result_")).count();
    }

    public static Page rejectedResponse(Rejected why) {
        return new Page(List.of(), List.of(why), "", "");
    }
}
