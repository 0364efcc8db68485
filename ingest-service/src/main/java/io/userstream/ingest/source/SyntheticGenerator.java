package io.userstream.ingest.source;

import java.util.SplittableRandom;

/**
 * Response bodies of exactly randomuser.me's shape (API 1.4), from a seed: the same seed and page
 * give the same users. The API's quirks appear in realistic proportions: numeric and string
 * postcodes by nationality, a null {@code id.value} for IR, UA and TR, Persian, Cyrillic and accented
 * names, and one result in {@value #MISSING_UUID_ONE_IN} without {@code login.uuid}.
 */
public final class SyntheticGenerator {

    static final int MISSING_UUID_ONE_IN = 10_000;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final long seed;

    public SyntheticGenerator(long seed) {
        this.seed = seed;
    }

    /** The body of page {@code page} (from 1) with {@code size} results. */
    public String page(int size, int page) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + page);
        StringBuilder out = new StringBuilder(size * 1100 + 100).append("{\"results\":[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                out.append(',');
            }
            new SyntheticUser(random, out).write(random.nextInt(MISSING_UUID_ONE_IN) != 0);
        }
        return out.append("],\"info\":{\"seed\":\"").append(Long.toHexString(seed)).append("\",\"results\":").append(size)
                .append(",\"page\":").append(page).append(",\"version\":\"1.4\"}}").toString();
    }

    /** {@code chars} random hex digits, sixteen per random long. */
    static void hex(SplittableRandom random, StringBuilder out, int chars) {
        long bits = 0;
        for (int i = 0; i < chars; i++) {
            if ((i & 15) == 0) {
                bits = random.nextLong();
            }
            out.append(HEX[(int) (bits & 15)]);
            bits >>>= 4;
        }
    }
}
