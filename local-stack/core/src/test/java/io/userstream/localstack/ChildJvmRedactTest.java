package io.userstream.localstack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A tool's command line goes to the first line of its log: its passwords must not (SecurePipelineIT found one there). */
class ChildJvmRedactTest {

    @Test
    void scramCredentialsOnAToolsCommandLineAreRedacted() {
        String args = "format --cluster-id=x --add-scram SCRAM-SHA-512=[name=admin,password=s3cretPass] --add-scram "
                + "SCRAM-SHA-512=[name=ingest,PASSWORD=other1]";
        assertThat(ChildJvm.redact(args)).doesNotContain("s3cretPass", "other1")
                .contains("[name=admin,password=<redacted>]", "name=ingest", "--cluster-id=x");
    }
}
