package io.userstream.ingest.source;

import java.util.SplittableRandom;

/** Writes one synthetic randomuser.me result into a response body. */
final class SyntheticUser {

    private static final long DAY_MS = 86_400_000L;
    private static final long YEAR_2025_MS = 1_735_689_600_000L;

    private final SplittableRandom r;
    private final StringBuilder out;
    private final Nationality nat;

    SyntheticUser(SplittableRandom random, StringBuilder out) {
        this.r = random;
        this.out = out;
        this.nat = Nationality.ALL[random.nextInt(Nationality.ALL.length)];
    }

    void write(boolean withUuid) {
        boolean male = r.nextBoolean();
        String first = pick(male ? nat.maleNames() : nat.femaleNames());
        String last = pick(nat.lastNames());
        int picture = r.nextInt(100);
        out.append("{\"gender\":\"").append(male ? "male" : "female")
                .append("\",\"name\":{\"title\":\"").append(male ? "Mr" : "Ms").append("\",\"first\":\"").append(first)
                .append("\",\"last\":\"").append(last).append("\"},\"location\":{\"street\":{\"number\":").append(1 + r.nextInt(9999))
                .append(",\"name\":\"").append(pick(nat.streets())).append("\"},\"city\":\"").append(pick(nat.cities()))
                .append("\",\"state\":\"").append(pick(nat.cities())).append("\",\"country\":\"").append(nat.country())
                .append("\",\"postcode\":");
        postcode();
        out.append(",\"coordinates\":{\"latitude\":\"").append(r.nextInt(180) - 90).append('.').append(1000 + r.nextInt(9000))
                .append("\",\"longitude\":\"").append(r.nextInt(360) - 180).append('.').append(1000 + r.nextInt(9000))
                .append("\"},\"timezone\":{\"offset\":\"+1:00\",\"description\":\"Brussels, Copenhagen, Madrid, Paris\"}},\"email\":\"")
                .append(ascii(first)).append('.').append(ascii(last)).append("@example.com\",\"login\":{");
        if (withUuid) {
            out.append("\"uuid\":\"");
            uuid();
            out.append("\",");
        }
        out.append("\"username\":\"").append(male ? "brownkoala" : "silverswan").append(100 + r.nextInt(900))
                .append("\",\"password\":\"secret\",\"salt\":\"");
        SyntheticGenerator.hex(r, out, 8);
        out.append("\",\"md5\":\"");
        SyntheticGenerator.hex(r, out, 32);
        out.append("\",\"sha1\":\"");
        SyntheticGenerator.hex(r, out, 40);
        out.append("\",\"sha256\":\"");
        SyntheticGenerator.hex(r, out, 64);
        out.append("\"},\"dob\":");
        date(20 + r.nextInt(60));
        out.append(",\"registered\":");
        date(1 + r.nextInt(20));
        out.append(",\"phone\":\"").append(digits(nat.phonePattern())).append("\",\"cell\":\"").append(digits(nat.phonePattern()))
                .append("\",\"id\":{\"name\":\"").append(nat.idName()).append("\",\"value\":");
        if (nat.idName().isEmpty()) {
            out.append("null");
        } else {
            out.append('"').append(digits("###-##-####")).append('"');
        }
        String folder = male ? "men" : "women";
        out.append("},\"picture\":{\"large\":\"https://randomuser.me/api/portraits/").append(folder).append('/').append(picture)
                .append(".jpg\",\"medium\":\"https://randomuser.me/api/portraits/med/").append(folder).append('/').append(picture)
                .append(".jpg\",\"thumbnail\":\"https://randomuser.me/api/portraits/thumb/").append(folder).append('/').append(picture)
                .append(".jpg\"},\"nat\":\"").append(nat.code()).append("\"}");
    }

    private void postcode() {
        if (nat.numericPostcode()) {
            out.append(10000 + r.nextInt(89999));
        } else {
            out.append('"').append(digits(nat.postcodePattern())).append('"');
        }
    }

    private void date(int yearsAgo) {
        long at = YEAR_2025_MS - yearsAgo * 365L * DAY_MS - r.nextLong(365L * DAY_MS);
        out.append("{\"date\":\"").append(java.time.Instant.ofEpochMilli(at)).append("\",\"age\":").append(yearsAgo).append('}');
    }

    private void uuid() {
        long hi = r.nextLong();
        long lo = r.nextLong();
        hi = (hi & ~0xF000L) | 0x4000L;                        // version 4
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        out.append(new java.util.UUID(hi, lo));
    }

    private String digits(String pattern) {
        char[] c = pattern.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] == '#') {
                c[i] = (char) ('0' + r.nextInt(10));
            } else if (c[i] == '@') {
                c[i] = (char) ('A' + r.nextInt(26));
            }
        }
        return new String(c);
    }

    private String pick(String[] values) {
        return values[r.nextInt(values.length)];
    }

    /** Email local parts of the API are ASCII even when names are not; non-ASCII letters become x. */
    private static String ascii(String name) {
        StringBuilder s = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char ch = Character.toLowerCase(name.charAt(i));
            if (ch >= 'a' && ch <= 'z') {
                s.append(ch);
            } else if (ch != ' ' && ch != '\'') {
                s.append('x');
            }
        }
        return s.toString();
    }
}
