// userstream dashboard: polls the service's JSON (relative URLs, so it works behind a port-forward
// or a path prefix) and draws it. No framework; uPlot for the two time charts, HTML bars elsewhere
// so every figure is also text.
(function () {
  'use strict';

  const API = '../api/';
  const RATES_EVERY_MS = 2000;
  const PIPELINE_EVERY_MS = 2000;
  const TABLES_EVERY_MS = 5000;
  const fmt = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
  const failures = {};

  const $ = (sel, root) => (root || document).querySelector(sel);
  const metric = (name) => $('[data-metric="' + name + '"]');
  const setText = (name, text) => { const el = metric(name); if (el) { el.textContent = text; } };
  const num = (v) => (v === null || v === undefined ? '–' : fmt.format(v));

  function css(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  async function getJson(path) {
    const response = await fetch(API + path, { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(body.error || ('HTTP ' + response.status + ' for ' + path));
    }
    return body;
  }

  async function post(path) {
    const response = await fetch(API + path, { method: 'POST', headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(body.error || ('HTTP ' + response.status));
    }
    return body;
  }

  function status() {
    const broken = Object.keys(failures).filter((k) => failures[k]);
    $('#status').textContent = broken.length
      ? 'Some figures are stale: ' + broken.map((k) => k + ' (' + failures[k] + ')').join('; ')
      : 'Updated ' + new Date().toLocaleTimeString();
  }

  // Runs task now and again every `every` ms after it ends (never two at once).
  function poll(name, every, task) {
    const tick = async () => {
      try {
        await task();
        failures[name] = null;
      } catch (e) {
        failures[name] = e.message;
      }
      status();
      setTimeout(tick, every);
    };
    tick();
  }

  function ago(iso) {
    if (!iso) {
      return '–';
    }
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return new Date(iso).toLocaleTimeString() + ' (' + seconds + ' s ago)';
  }

  function chart(el, series, opts) {
    const width = () => Math.max(200, el.clientWidth);
    const plot = new uPlot(Object.assign({
      width: width(),
      height: el.classList.contains('small') ? 140 : 220,
      series: [{}].concat(series),
      axes: [{}, { size: 56 }],
      scales: { x: { time: true } },
      legend: { live: true },
    }, opts || {}), [[]].concat(series.map(() => [])), el);
    new ResizeObserver(() => plot.setSize({ width: width(), height: plot.height })).observe(el);
    return plot;
  }

  // --- live ingestion -------------------------------------------------------------------------
  // the table under the chart is its legend (keys drawn like the lines) and its figures
  const ratesChart = chart($('#rates-chart'), [
    { label: 'fetched /s', stroke: css('--fetched'), width: 2 },
    { label: 'published /s', stroke: css('--published'), width: 2, dash: [8, 4] },
    { label: 'dead-lettered /s', stroke: css('--dead'), width: 2, dash: [2, 3] },
    { label: 'rows written /s', stroke: css('--written'), width: 3 },
  ], { legend: { show: false } });

  async function updateRates() {
    const r = await getJson('dashboard/rates');
    const p = r.points;
    ratesChart.setData([
      p.map((x) => Date.parse(x.at) / 1000),
      p.map((x) => x.fetched),
      p.map((x) => x.published),
      p.map((x) => x.deadLettered),
      p.map((x) => x.written),
    ]);
    const last = p.length ? p[p.length - 1] : {};
    $('#rates-interval').textContent = r.intervalSeconds;
    setText('fetched-rate', num(last.fetched));
    setText('published-rate', num(last.published));
    setText('dead-rate', num(last.deadLettered));
    setText('written-rate', num(last.written));
    setText('fetched-total', num(r.fetchedTotal));
    setText('published-total', num(r.publishedTotal));
    setText('dead-total', num(r.deadLetteredTotal));
    setText('written-total', num(r.writtenTotal));
    $('#panel-rates').dataset.state = 'ready';
  }

  // --- pipeline health ------------------------------------------------------------------------
  function badge(name, text, kind) {
    const el = metric(name);
    el.textContent = text;
    el.className = 'badge ' + kind;
  }

  async function updatePipeline() {
    const p = await getJson('dashboard/pipeline');
    const s = p.schedule;
    badge('schedule-state', s.paused ? '‖ paused' : '▶ running', s.paused ? 'mid' : 'ok');
    setText('schedule-detail', s.batchSize + ' users every ' + s.every.replace(/^PT/, '').toLowerCase() + ' from ' + s.source);
    $('#pause').disabled = s.paused;
    $('#resume').disabled = !s.paused;
    $('#run-count').max = p.maxRunSize;
    const circuit = { closed: ['✓ closed', 'ok'], open: ['✕ open: source failing, calls refused', 'bad'], 'half-open': ['◐ half-open: trying again', 'mid'] }[p.circuit]
      || [p.circuit, 'mid'];
    badge('circuit', circuit[0], circuit[1]);
    const job = p.job;
    setText('lag', job.reachable ? num(job.lag) : 'unknown');
    setText('batch-ended', job.reachable ? ago(job.lastBatchEndedAt) : 'unknown');
    setText('batch-duration', job.reachable && job.lastBatchDurationMs !== null ? num(job.lastBatchDurationMs) + ' ms' : '– ms');
    setText('batch-rows', (job.reachable ? num(job.lastBatchInputRows) : '–') + ' records');
    setText('job-written', job.reachable ? num(job.rowsWritten) : '–');
    setText('job-rejected', job.reachable ? num(job.rowsRejected) : '–');
    const err = metric('job-error');
    err.hidden = job.reachable;
    err.textContent = job.reachable ? '' : 'Spark job metrics unavailable: ' + job.error;
    const run = p.lastRun;
    setText('last-run', run
      ? run.trigger + ' run ' + run.status + ': ' + num(run.fetched) + ' fetched, ' + num(run.published) + ' published, '
        + num(run.rejected) + ' dead-lettered, ' + num(run.failed) + ' failed, ' + num(run.durationMs) + ' ms, ' + ago(run.startedAt)
      : 'none yet');
    $('#panel-health').dataset.state = 'ready';
  }

  async function schedule(action) {
    try {
      await post('ingest/schedule/' + action);
      await updatePipeline();
    } catch (e) {
      $('#run-result').textContent = 'Could not ' + action + ' the schedule: ' + e.message;
    }
  }
  $('#pause').addEventListener('click', () => schedule('pause'));
  $('#resume').addEventListener('click', () => schedule('resume'));

  $('#run-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const count = $('#run-count').value;
    const button = $('#run-submit');
    const out = $('#run-result');
    button.disabled = true;
    out.textContent = 'Running ' + count + ' users…';
    try {
      const run = await post('ingest/runs?count=' + encodeURIComponent(count));
      out.textContent = 'Run ' + run.id + ' ' + run.status + ': ' + num(run.fetched) + ' fetched, ' + num(run.published)
        + ' published, ' + num(run.rejected) + ' dead-lettered in ' + num(run.durationMs) + ' ms.';
      out.dataset.runId = run.id;
    } catch (e) {
      out.textContent = 'Run refused: ' + e.message;
    } finally {
      button.disabled = false;
    }
  });

  // --- users, event time, serving view --------------------------------------------------------
  function bars(el, counts, label) {
    el.replaceChildren();
    const max = Math.max(1, ...counts.map((c) => c.count));
    if (!counts.length) {
      const empty = document.createElement('span');
      empty.className = 'empty';
      empty.textContent = 'no rows yet';
      el.append(empty);
    }
    for (const c of counts) {
      const name = document.createElement('span');
      name.className = 'label';
      name.textContent = label ? label(c.label) : c.label;
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = (100 * c.count / max) + '%';
      bar.setAttribute('aria-hidden', 'true');
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = fmt.format(c.count);
      count.dataset.label = c.label;
      count.dataset.count = c.count;
      el.append(name, bar, count);
    }
  }

  const minutesChart = chart($('#minutes-chart'), [
    { label: 'rows', stroke: css('--fetched'), fill: css('--fetched') + '99', paths: uPlot.paths.bars({ size: [0.8, 40] }), points: { show: false } },
  ], { legend: { show: false } });

  async function updateUsers() {
    const a = await getJson('dashboard/users');
    const scope = a.complete ? 'all ' + fmt.format(a.rows) + ' rows' : 'a sample of ' + fmt.format(a.rows) + ' rows (spread over ids; the table holds more)';
    setText('users-scope', 'from ' + scope + ' of created_users'
      + (a.stale ? ' as of ' + new Date(a.computedAt).toLocaleTimeString() + ' (refresh failed: ' + a.error + ')'
        : a.error ? ': ' + a.error : ''));
    bars($('#nationality-bars'), a.nationality);
    bars($('#gender-bars'), a.gender);
    bars($('#age-bars'), a.ageBuckets);
    bars($('#registered-bars'), a.registrationYears);
    bars($('#delay-bars'), a.delay);
    setText('delay-p50', a.delayP50Ms === null ? '–' : fmt.format(a.delayP50Ms) + ' ms');
    setText('delay-p95', a.delayP95Ms === null ? '–' : fmt.format(a.delayP95Ms) + ' ms');
    minutesChart.setData([a.rowsPerMinute.map((m) => Date.parse(m.label) / 1000), a.rowsPerMinute.map((m) => m.count)]);
    const list = $('#latest-users');
    list.replaceChildren();
    for (const u of a.latest) {
      const li = document.createElement('li');
      li.dataset.id = u.id;
      const img = document.createElement('img');
      img.alt = 'Picture of ' + u.name;
      img.width = 40;
      img.height = 40;
      img.src = API + 'dashboard/users/' + encodeURIComponent(u.id) + '/picture';
      const who = document.createElement('span');
      who.className = 'who';
      const name = document.createElement('strong');
      name.textContent = u.name;
      const nat = document.createTextNode(' · ' + (u.nationality || '?'));
      const when = document.createElement('span');
      when.className = 'when';
      when.textContent = ago(u.ingestedAt);
      who.append(name, nat, when);
      li.append(img, who);
      list.append(li);
    }
    if (!a.latest.length) {
      const li = document.createElement('li');
      li.textContent = 'No users stored yet.';
      list.append(li);
    }
    for (const id of ['#panel-users', '#panel-event-time', '#panel-latest']) {
      $(id).dataset.state = 'ready';
    }
  }

  // --- batch vs real time: the serving view of GET /api/stats (batch run + speed layer since) -------
  async function updateServing() {
    const err = metric('serving-error');
    let s;
    try {
      s = await getJson('stats');
    } catch (e) {
      // 503 until the Spark job has created the tables: say so in the panel, not only in the status line
      err.hidden = false;
      err.textContent = 'Serving view unavailable: ' + e.message;
      $('#panel-serving').dataset.state = 'ready';
      throw e;
    }
    err.hidden = true;
    setText('batch-total', num(s.total.batch));
    setText('speed-total', num(s.total.speed));
    setText('served-total', num(s.total.total));
    const asOf = metric('batch-as-of');
    asOf.textContent = s.batchAsOf ? ago(s.batchAsOf) : 'no batch run yet';
    asOf.dataset.asOf = s.batchAsOf || '';
    setText('batch-rows-read', num(s.batchRowsRead));
    const tbody = $('#serving-nationality tbody');
    tbody.replaceChildren();
    const nats = Object.keys(s.byNationality).sort((a, b) => s.byNationality[b].total - s.byNationality[a].total || a.localeCompare(b));
    for (const nat of nats) {
      const c = s.byNationality[nat];
      const tr = tableRow(tbody, [['batch', num(c.batch)], ['speed', num(c.speed)], ['total', num(c.total)]], nat);
      tr.dataset.key = nat;
    }
    if (!nats.length) {
      tableRow(tbody, [['muted', 'no users yet']]).firstChild.colSpan = 4;
    }
    $('#panel-serving').dataset.state = 'ready';
  }

  // One table row: an optional row header, then cells of [class, text]; returns the row.
  function tableRow(tbody, cells, header) {
    const tr = document.createElement('tr');
    if (header !== undefined) {
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = header;
      tr.append(th);
    }
    for (const [cls, text] of cells) {
      const td = document.createElement('td');
      td.className = cls;
      td.textContent = text;
      tr.append(td);
    }
    tbody.append(tr);
    return tr;
  }

  function rows(tbody, letters, where) {
    tbody.replaceChildren();
    for (const d of letters) {
      tableRow(tbody, [['when', ago(d.at)], ['reason', d.reason || '(no reason)'], ['where', where(d)], ['value', d.value || '']]);
    }
    if (!letters.length) {
      tableRow(tbody, [['muted', 'none']]).firstChild.colSpan = 4;
    }
  }

  async function updateDeadLetters() {
    const d = await getJson('dashboard/dead-letters');
    setText('dlq-topic', d.ingestTopic);
    setText('rejected-table', d.jobTable);
    rows($('#dead-ingest tbody'), d.ingest, (x) => x.key || '(none)');
    rows($('#dead-job tbody'), d.job, (x) => x.topic + '[' + x.partition + ']@' + x.offset);
    const err = metric('dead-errors');
    err.hidden = d.errors.length === 0;
    err.textContent = d.errors.join('; ');
    $('#panel-dead').dataset.state = 'ready';
  }

  poll('rates', RATES_EVERY_MS, updateRates);
  poll('pipeline', PIPELINE_EVERY_MS, updatePipeline);
  poll('users', TABLES_EVERY_MS, updateUsers);
  poll('serving view', TABLES_EVERY_MS, updateServing);
  poll('dead letters', TABLES_EVERY_MS, updateDeadLetters);

  // for the browser test and the curious: the charts' own data
  window.userstreamDashboard = { ratesChart, minutesChart };
}());
