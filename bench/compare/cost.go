package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Features the cost group turns on in every stressql run: the series at
// a 1 s interval, the live metrics endpoint (scraped every second, as a
// Prometheus server would, but ten times as often as its default) and the
// HdrHistogram interval log.
const (
	featuresInterval = "1s"
	scrapeEvery      = time.Second
	// scrapeRetry is how soon a scrape is retried before the endpoint
	// first answers (the child is still starting).
	scrapeRetry = 100 * time.Millisecond
)

// featureFlags is the label of the cost rows.
const featureFlags = "--interval 1s --metrics-addr --hlog"

// featureUse records what the features did in each run, for the notes.
type featureUse struct {
	mu    sync.Mutex
	notes []string
}

func (u *featureUse) add(format string, args ...any) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.notes = append(u.notes, fmt.Sprintf(format, args...))
}

// features returns the args factory of stressqlContenderArgs and
// runRateArgs for the cost rows: each run gets a free port for
// --metrics-addr, its own --hlog file, and a scraper of the endpoint
// while it runs; the check fails a run whose endpoint never answered or
// whose log stayed empty, since its numbers would not be the features'
// cost.
func (b *bench) features(ctx context.Context, use *featureUse) runArgs {
	return func(load time.Duration) ([]string, func(childResult) error) {
		port, err := freePort()
		if err != nil {
			return nil, func(childResult) error { return fmt.Errorf("pick a port for --metrics-addr: %w", err) }
		}
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		f, err := os.CreateTemp(b.sq.tmp, "hlog-*.hlog")
		if err != nil {
			return nil, func(childResult) error { return err }
		}
		hlog := f.Name()
		f.Close()
		sctx, stop := context.WithCancel(ctx)
		var scrapes, failures int
		done := make(chan struct{})
		go func() {
			defer close(done)
			scrapes, failures = scrape(sctx, "http://"+addr+"/metrics")
		}()
		args := []string{"--interval", featuresInterval, "--metrics-addr", addr, "--hlog", hlog}
		return args, func(res childResult) error {
			stop()
			<-done
			defer os.Remove(hlog)
			st, err := os.Stat(hlog)
			size := int64(0)
			if err == nil {
				size = st.Size()
			}
			use.add("run with %s: %d scrapes of /metrics answered (%d failed, most while the child started), hlog %d bytes",
				featureFlags, scrapes, failures, size)
			switch {
			case !strings.Contains(string(res.Stderr), "live metrics at http://"):
				return errors.New("stressql did not start its metrics endpoint")
			case scrapes == 0 && load >= minScrapedLoad:
				return errors.New("the metrics endpoint answered no scrape")
			case size == 0:
				return errors.New("the --hlog file is empty")
			}
			return nil
		}
	}
}

// runArgs makes the extra command-line arguments of one stressql run
// whose load lasts load, and a check of the finished child that what they
// turned on did run; a failed check makes the run an error.
type runArgs func(load time.Duration) ([]string, func(childResult) error)

// minScrapedLoad is the shortest load whose run must have answered a
// scrape of its metrics endpoint: the fixed-cost run's 1 ms load ends
// before the first scrape, while its endpoint did start.
const minScrapedLoad = scrapeEvery

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// scrape GETs url every scrapeEvery until ctx is done (every scrapeRetry
// until it first answers) and counts the answers with status 200.
func scrape(ctx context.Context, url string) (ok, failed int) {
	client := &http.Client{Timeout: 2 * time.Second}
	wait := scrapeRetry
	for {
		select {
		case <-ctx.Done():
			return ok, failed
		case <-time.After(wait):
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return ok, failed + 1
		}
		resp, err := client.Do(req)
		if err != nil {
			if ctx.Err() == nil {
				failed++
			}
			continue
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			ok++
			wait = scrapeEvery
		} else {
			failed++
		}
	}
}

// measureCost runs the closed-model PING case and the open model at
// 10 000 and 50 000/s again with the features on (featureFlags), against
// the same bare loops and with the same targets: what issue 19 calls the
// cost of what the other issues added. The plain rows are in the
// throughput and rate groups.
func (b *bench) measureCost(ctx context.Context) []Row {
	const group = "cost of features (" + featureFlags + ")"
	use := &featureUse{}
	tc := b.redisPingCase("redis PING, 50 conns", 50, b.features(ctx, use))
	samples, errs := b.interleave(ctx, tc.name+" + features", tc.order(), b.duration)
	row, cpu, _, _ := closedRows(group, group, tc, samples, errs)
	b.noteFixedCPU(ctx, &cpu, tc, samples[1])
	row.Name += ": throughput"
	cpu.Name += ": client CPU per op"
	row.Notes = append(row.Notes, use.notes...)
	rows := []Row{row, cpu}
	for _, oc := range openCases {
		if oc.rate < 10000 || ctx.Err() != nil {
			continue
		}
		use := &featureUse{}
		name := fmt.Sprintf("constant_rate %s/s, %s", human(oc.rate), b.rateDuration)
		rs := openRows(group, group, name, oc, b.runOpen(ctx, name+" + features", oc.rate, b.features(ctx, use)), b.ceiling)
		// The achieved-rate row is left out; its notes hold each run's
		// raw numbers, stressql's and the bare loop's.
		raw := append(rs.achieved.Notes, use.notes...)
		if oc.saturated {
			rs.served.Notes = append(rs.served.Notes, raw...)
			rows = append(rows, rs.served)
		} else {
			rs.dropped.Notes = append(rs.dropped.Notes, raw...)
			rows = append(rows, rs.dropped, rs.lateness)
		}
	}
	return rows
}
