package io.userstream.ingest.security;

import java.util.Set;

/** The ingest API's roles (README "Security"): who may change what the service does, and who may only look. */
public final class ApiRoles {

    /** May start runs and pause/resume the schedule. */
    public static final String OPERATOR = "operator";
    /** May read runs, the schedule, users, stats and the dashboard's data. */
    public static final String READER = "reader";

    public static final Set<String> ALL = Set.of(OPERATOR, READER);

    private ApiRoles() {
    }
}
