package io.userstream.pipeline;

import io.userstream.pipeline.chaos.RandomUserStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userstream.contract.Topics;
import io.userstream.contract.env.EnvVar;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (Debian's chromium, headless, through chromium-driver) against
 * the whole pipeline started as `make run` starts it, randomuser.me replaced by the stub: each panel
 * renders the figures the JSON endpoints give, the live chart moves when a run is posted from the
 * page's form, pause and resume work, the layout fits a phone, and the browser logs no error.
 * Screenshots go to target/dashboard/ (the last one on failure).
 */
class DashboardIT {

    private static final Path OUT = Path.of("target", "dashboard").toAbsolutePath();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PANEL_WAIT = Duration.ofSeconds(60);
    private static final Duration ROWS_WAIT = Duration.ofSeconds(180);
    private static final int RUN_USERS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBE = "dashboard-it-console-probe";

    private static RandomUserStub api;
    private static Pipeline pipeline;
    private static ChromeDriver browser;

    @RegisterExtension
    final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            screenshot("failure-" + context.getRequiredTestMethod().getName() + ".png");
        }
    };

    @BeforeAll
    static void startPipelineAndBrowser() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && System.getenv("USERSTREAM_REQUIRE_BROWSER") != null) {
            throw new IllegalStateException("chromium and chromium-driver are required (USERSTREAM_REQUIRE_BROWSER is set): "
                    + "apt-get install -y chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "the dashboard's browser test needs Debian's chromium and chromium-driver "
                + "(apt-get install -y chromium chromium-driver; .ci/run installs them)");
        Files.createDirectories(OUT);
        api = new RandomUserStub();
        RepoLayout repo = RepoLayout.find();
        PipelineSettings settings = new PipelineSettings(repo.root().resolve("pipeline/target/dashboard-e2e"), true,
                PipelineSettings.SOURCE_RANDOMUSER, false, 0, 0,
                Map.of(EnvVar.RANDOMUSER_BASE_URL.name(), api.baseUrl(), EnvVar.USERSTREAM_SCHEDULE_EVERY.name(), "2s"), Map.of());
        pipeline = Pipeline.start(settings, repo);
        browser = chromium();
        // What the browser sends after its password prompt: the operator's Basic credentials on every request of
        // the page (it needs reader, its buttons and run form operator). SecurityTest covers the 401s without them.
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers",
                Map.of("Authorization", pipeline.credentials().basicAuthorization(IngestCredentials.OPERATOR))));
    }

    @AfterAll
    static void stopAll() {
        if (browser != null) {
            browser.quit();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void panelsShowTheApisFiguresTheChartMovesOnARunAndScheduleButtonsWork() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 2300));
        openDashboard();
        for (String panel : List.of("panel-rates", "panel-health", "panel-serving", "panel-event-time", "panel-users",
                "panel-latest", "panel-dead")) {
            await("panel " + panel + " rendered", PANEL_WAIT,
                    () -> "ready".equals(browser.findElement(By.id(panel)).getAttribute("data-state")));
        }
        assertThat(text("schedule-state")).contains("paused");
        assertThat(publishedPointsAboveZero()).as("nothing published before the run").isZero();

        // a manual run from the page's form: the live chart moves
        WebElement count = browser.findElement(By.id("run-count"));
        count.clear();
        count.sendKeys(String.valueOf(RUN_USERS));
        browser.findElement(By.id("run-submit")).click();
        await("the run's result on the page", Duration.ofSeconds(120),
                () -> browser.findElement(By.id("run-result")).getText().contains("succeeded"));
        String runId = browser.findElement(By.id("run-result")).getAttribute("data-run-id");
        JsonNode run = json("/api/ingest/runs?limit=100");
        JsonNode posted = null;
        for (JsonNode r : run) {
            if (r.path("id").asText().equals(runId)) {
                posted = r;
            }
        }
        assertThat(posted).as("run %s in the API", runId).isNotNull();
        assertThat(posted.path("trigger").asText()).isEqualTo("manual");
        assertThat(posted.path("fetched").asInt()).isEqualTo(RUN_USERS);
        int published = posted.path("published").asInt();
        int deadLettered = posted.path("rejected").asInt();
        assertThat(deadLettered).isEqualTo(RandomUserStub.missingUuids(RUN_USERS));
        await("the live chart shows the published users", Duration.ofSeconds(30), () -> publishedPointsAboveZero() > 0);

        // a record the job cannot parse: a job-side dead letter
        produceBroken("this is not json");

        // the job writes the rows: the speed layer holds them all
        await("all published users in created_users", ROWS_WAIT,
                () -> json("/api/dashboard/users").path("rows").asInt() == published);
        await("the job's rejected row", ROWS_WAIT, () -> json("/api/dashboard/dead-letters").path("job").size() == 1);
        // rows are visible while their micro-batch still runs; the job counts them when it ends
        await("the job's counters", ROWS_WAIT, () -> {
            JsonNode job = json("/api/dashboard/pipeline").path("job");
            return job.path("rowsWritten").asLong() == published && job.path("rowsRejected").asLong() == 1
                    && json("/api/dashboard/rates").path("writtenTotal").asLong() == published;
        });

        // each panel: the page's figures are the API's (the page polls; wait until it has caught up)
        samePage("rates totals", () -> {
            JsonNode r = json("/api/dashboard/rates");
            return Map.of("fetched-total", r.path("fetchedTotal").asLong(), "published-total", r.path("publishedTotal").asLong(),
                    "dead-total", r.path("deadLetteredTotal").asLong(), "written-total", r.path("writtenTotal").asLong());
        }, () -> Map.of("fetched-total", number("fetched-total"), "published-total", number("published-total"),
                "dead-total", number("dead-total"), "written-total", number("written-total")));
        assertThat(number("published-total")).isEqualTo(published);
        assertThat(number("dead-total")).isEqualTo(deadLettered);
        assertThat(number("written-total")).isEqualTo(published);

        samePage("job health", () -> {
            JsonNode job = json("/api/dashboard/pipeline").path("job");
            return Map.of("lag", job.path("lag").asLong(), "job-written", job.path("rowsWritten").asLong(),
                    "job-rejected", job.path("rowsRejected").asLong());
        }, () -> Map.of("lag", number("lag"), "job-written", number("job-written"), "job-rejected", number("job-rejected")));
        assertThat(number("lag")).isZero();
        // the job counts rows in its sink, then reports the batch's end in its progress event: a moment later
        await("the last micro-batch on the page", Duration.ofSeconds(30), () -> text("batch-ended").matches(".*\\(\\d+ s ago\\)")
                && text("batch-duration").matches("[\\d,]+ ms"));
        assertThat(text("circuit")).contains("closed");
        assertThat(text("last-run")).contains("manual run succeeded").contains(String.format("%,d published", published));

        // batch vs real time (GET /api/stats): before any batch run every user is in the speed part
        samePage("serving view before a batch run", DashboardIT::servingFromApi, DashboardIT::servingOnPage);
        assertThat(text("batch-as-of")).isEqualTo("no batch run yet");
        assertThat(List.of(number("batch-total"), number("speed-total"), number("served-total")))
                .containsExactly(0L, (long) published, (long) published);
        // a batch run, as `make run` starts one every BATCH_EVERY: it covers every row, the speed part empties
        String summary = BatchRunner.runOnce(RepoLayout.find(), pipeline.stack().cassandra().contactPoint(),
                OUT.resolve("batch.log"), Duration.ofMinutes(10));
        assertThat(summary).contains(BatchRunner.DONE_MARKER);
        samePage("serving view after a batch run", DashboardIT::servingFromApi, DashboardIT::servingOnPage);
        assertThat(browser.findElement(By.cssSelector("[data-metric='batch-as-of']")).getAttribute("data-as-of")).isNotBlank();
        assertThat(text("batch-as-of")).matches(".*\\(\\d+ s ago\\)");
        assertThat(List.of(number("batch-total"), number("speed-total"), number("batch-rows-read")))
                .containsExactly((long) published, 0L, (long) published);

        samePage("users by nationality, gender and age", () -> {
            JsonNode u = json("/api/dashboard/users");
            return Map.of("nationality", counts(u.path("nationality")), "gender", counts(u.path("gender")),
                    "age", counts(u.path("ageBuckets")), "registered", counts(u.path("registrationYears")),
                    "delay", counts(u.path("delay")), "rows", u.path("rows").asLong());
        }, () -> Map.of("nationality", bars("nationality-bars"), "gender", bars("gender-bars"), "age", bars("age-bars"),
                "registered", bars("registered-bars"), "delay", bars("delay-bars"), "rows", usersScopeRows()));
        assertThat(bars("nationality-bars")).containsOnlyKeys("FR", "IR", "UA", "DE");
        assertThat(bars("delay-bars").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(published);
        assertThat(minutesChartTotal()).isEqualTo(published);

        samePage("latest users", () -> {
            List<String> names = new ArrayList<>();
            json("/api/dashboard/users").path("latest").forEach(u -> names.add(u.path("name").asText() + " · " + u.path("nationality").asText()));
            return names;
        }, DashboardIT::latestUsers);
        await("every latest user's picture loaded", Duration.ofSeconds(30), () -> Boolean.TRUE.equals(js(
                "const imgs = [...document.querySelectorAll('#latest-users img')];"
                        + "return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0)")));

        samePage("dead letters with reasons", () -> {
            JsonNode d = json("/api/dashboard/dead-letters");
            return List.of(reasons(d.path("ingest")), reasons(d.path("job")));
        }, () -> List.of(column("dead-ingest", "reason"), column("dead-job", "reason")));
        // the stub leaves out login.uuid in these: the reason names it, in the ingest service's words
        assertThat(column("dead-ingest", "reason")).hasSize(deadLettered).allSatisfy(reason -> assertThat(reason).contains("uuid"));
        assertThat(column("dead-job", "reason")).hasSize(1).allSatisfy(reason -> assertThat(reason).isNotBlank());
        assertThat(column("dead-job", "value")).containsExactly("this is not json");

        // resume: scheduled runs start; pause: they stop
        browser.findElement(By.id("resume")).click();
        await("the schedule running (API and page)", Duration.ofSeconds(20),
                () -> !json("/api/ingest/schedule").path("paused").asBoolean() && text("schedule-state").contains("running"));
        assertThat(browser.findElement(By.id("pause")).isEnabled()).isTrue();
        assertThat(browser.findElement(By.id("resume")).isEnabled()).isFalse();
        await("a scheduled run", Duration.ofSeconds(30), () -> {
            for (JsonNode r : json("/api/ingest/runs?limit=100")) {
                if ("schedule".equals(r.path("trigger").asText()) && "succeeded".equals(r.path("status").asText())) {
                    return true;
                }
            }
            return false;
        });
        await("the page's last run is a scheduled one", Duration.ofSeconds(20), () -> text("last-run").startsWith("schedule run"));
        // the scheduled users reach the speed part beside the batch run's (what the screenshot shows)
        await("the speed part moves on the page", ROWS_WAIT, () -> number("speed-total") > 0);
        Thread.sleep(4_000); // a few ticks more, for the picture of a pipeline at work
        fitWindowToPage(1280);
        screenshot("dashboard.png");
        browser.findElement(By.id("pause")).click();
        await("the schedule paused (API and page)", Duration.ofSeconds(20),
                () -> json("/api/ingest/schedule").path("paused").asBoolean() && text("schedule-state").contains("paused"));

        // both layers side by side: the batch run's users and the scheduled runs' since, summing to a
        // direct count once the stream is idle
        await("the stream idle: /api/stats = a direct count of created_users", ROWS_WAIT, () -> {
            for (JsonNode r : json("/api/ingest/runs?limit=100")) {
                if ("running".equals(r.path("status").asText())) {
                    return false;
                }
            }
            JsonNode rates = json("/api/dashboard/rates"); // every published user written: nothing in flight
            return rates.path("writtenTotal").asLong() == rates.path("publishedTotal").asLong()
                    && json("/api/stats").path("total").path("total").asLong() == pipeline.probe().rowCounts().users();
        });
        samePage("serving view with both layers", DashboardIT::servingFromApi, DashboardIT::servingOnPage);
        assertThat(number("batch-total")).isEqualTo(published);
        assertThat(number("speed-total")).isPositive();
        assertThat(number("served-total")).isEqualTo(pipeline.probe().rowCounts().users());

        // a phone's width: one column, nothing wider than the screen
        browser.manage().window().setSize(new Dimension(390, 2400));
        try {
            await("the layout at a phone's width", Duration.ofSeconds(10),
                    () -> Boolean.TRUE.equals(js("return document.documentElement.scrollWidth <= window.innerWidth")));
        } catch (AssertionError e) {
            throw new AssertionError("past the right edge at 390 px (outside scroll boxes): " + js(
                    "return [...document.querySelectorAll('body *')].filter(e => !e.closest('.scroll') && "
                            + "e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(0, 5)"
                            + ".map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))"), e);
        }
        fitWindowToPage(390);
        screenshot("dashboard-phone.png");

        // the console's errors: a probe first, to show the log is really read
        js("console.error('" + PROBE + "')");
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        assertThat(errors).as("the probe reached the log").anyMatch(e -> e.contains(PROBE));
        assertThat(errors).as("the browser's console errors").allMatch(e -> e.contains(PROBE));
    }

    // --- the browser ----------------------------------------------------------------------------

    /** The one place the test opens the page (and so the one place to log in, should the service ask). */
    private static void openDashboard() {
        browser.get(pipeline.ingestUrl() + "/dashboard");
        assertThat(browser.getCurrentUrl()).endsWith("/dashboard/");
    }

    private static ChromeDriver chromium() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without these Chromium reaches for Google's hosts at start (sync, updates, QUIC probes) and
        // logs each refused connection.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory(OUT, "chromium-profile"));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(OUT.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** A window as tall as the page, so a screenshot shows all of it. */
    private static void fitWindowToPage(int width) throws InterruptedException {
        browser.manage().window().setSize(new Dimension(width, 1000));
        long height = ((Number) js("return document.documentElement.scrollHeight")).longValue();
        long chrome = 1000 - ((Number) js("return window.innerHeight")).longValue();
        browser.manage().window().setSize(new Dimension(width, (int) (height + chrome + 20)));
        Thread.sleep(500); // the charts follow the new size (ResizeObserver)
    }

    private static void screenshot(String name) {
        if (browser == null) {
            return;
        }
        try {
            File shot = browser.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), OUT.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("DashboardIT: no screenshot " + name + ": " + e);
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static String text(String metric) {
        return browser.findElement(By.cssSelector("[data-metric='" + metric + "']")).getText().trim();
    }

    /** A figure as the page writes it ("1,234"), or -1 when it shows none. */
    private static long number(String metric) {
        String t = text(metric).replace(",", "").replace("+", "");
        return t.matches("\\d+") ? Long.parseLong(t) : -1;
    }

    private static long publishedPointsAboveZero() {
        return ((Number) js("return window.userstreamDashboard.ratesChart.data[2].filter(v => v > 0).length")).longValue();
    }

    private static long minutesChartTotal() {
        return ((Number) js("return window.userstreamDashboard.minutesChart.data[1].reduce((a, b) => a + b, 0)")).longValue();
    }

    // Read in one script each: the page redraws every few seconds, so elements found in one call may
    // be gone by the next (stale).

    /** The label → count of one of the page's bar lists. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> bars(String id) {
        Map<String, Long> out = new LinkedHashMap<>();
        List<List<Object>> pairs = (List<List<Object>>) js("return [...document.querySelectorAll('#" + id + " .count')]"
                + ".map(e => [e.dataset.label, e.textContent])");
        pairs.forEach(p -> out.put((String) p.get(0), Long.parseLong(((String) p.get(1)).replace(",", ""))));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> column(String table, String cls) {
        return (List<String>) js("return [...document.querySelectorAll('#" + table + " tbody td." + cls + "')].map(e => e.textContent)");
    }

    /** "name · nationality" of each latest user shown. */
    @SuppressWarnings("unchecked")
    private static List<String> latestUsers() {
        return (List<String>) js("return [...document.querySelectorAll('#latest-users li .who')]"
                + ".map(e => e.firstChild.textContent + e.childNodes[1].textContent)");
    }

    /** The users panel's row count, from "from all 1,234 rows of created_users"; -1 when it shows none. */
    private static long usersScopeRows() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\d,]+) rows").matcher(text("users-scope"));
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    }

    /** The serving panel as the page shows it: totals by layer, the batch's as_of, rows by nationality. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> servingOnPage() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("batch", number("batch-total"));
        out.put("speed", number("speed-total"));
        out.put("total", number("served-total"));
        out.put("asOf", browser.findElement(By.cssSelector("[data-metric='batch-as-of']")).getAttribute("data-as-of"));
        out.put("rowsRead", number("batch-rows-read"));
        Map<String, String> nat = new LinkedHashMap<>();
        ((List<List<String>>) js("return [...document.querySelectorAll('#serving-nationality tbody tr[data-key]')]"
                + ".map(r => [r.dataset.key, [...r.querySelectorAll('td')].map(td => td.textContent.replaceAll(',', '')).join('|')])"))
                .forEach(p -> nat.put(p.get(0), p.get(1)));
        out.put("nationality", nat);
        return out;
    }

    /** The same figures from GET /api/stats. */
    private static Map<String, Object> servingFromApi() throws Exception {
        JsonNode s = json("/api/stats");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("batch", s.path("total").path("batch").asLong());
        out.put("speed", s.path("total").path("speed").asLong());
        out.put("total", s.path("total").path("total").asLong());
        out.put("asOf", s.path("batchAsOf").isNull() ? "" : s.path("batchAsOf").asText());
        out.put("rowsRead", s.path("batchRowsRead").isNull() ? -1L : s.path("batchRowsRead").asLong());
        Map<String, String> nat = new LinkedHashMap<>();
        s.path("byNationality").fields().forEachRemaining(e -> nat.put(e.getKey(),
                e.getValue().path("batch").asLong() + "|" + e.getValue().path("speed").asLong() + "|" + e.getValue().path("total").asLong()));
        out.put("nationality", nat);
        return out;
    }

    // --- the API --------------------------------------------------------------------------------

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> response = Http.get(pipeline.ingestUrl() + path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Map<String, Long> counts(JsonNode list) {
        Map<String, Long> out = new LinkedHashMap<>();
        list.forEach(c -> out.put(c.path("label").asText(), c.path("count").asLong()));
        return out;
    }

    private static List<String> reasons(JsonNode letters) {
        List<String> out = new ArrayList<>();
        letters.forEach(d -> out.add(d.path("reason").asText()));
        return out;
    }

    private static void produceBroken(String value) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.stack().kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(Topics.USERS_CREATED, "broken-1", value));
            producer.flush();
        }
    }

    // --- waiting --------------------------------------------------------------------------------

    private static void await(String what, Duration atMost, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Exception | AssertionError e) {
                last = e instanceof Exception ex ? ex : new IllegalStateException(e);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within " + atMost.toSeconds() + " s: " + what, last);
    }

    /** Waits until the page shows what the API answers (the page polls every few seconds), read at the same moment. */
    private static void samePage(String what, Callable<Object> fromApi, Callable<Object> fromPage) throws Exception {
        Object[] seen = new Object[2];
        try {
            await(what + ": page = API", Duration.ofSeconds(30), () -> {
                seen[0] = fromApi.call();
                seen[1] = fromPage.call();
                return Objects.equals(seen[0], seen[1]);
            });
        } catch (AssertionError e) {
            throw new AssertionError(what + ": the page showed " + seen[1] + ", the API answered " + seen[0], e);
        }
    }
}
